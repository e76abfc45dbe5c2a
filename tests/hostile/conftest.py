"""Session set-up of the hostile-input tests.

Every main spec (hostile_harness.MAIN_SPECS) is generated once, with the real pipeline and
writer, into `<sandbox>/out`, in worker processes. The specs of known bugs that need mypy
(specs/bugs/runtime_names.yaml) are rendered beside them. One mypy --strict run over all of
them starts in the background at once and is collected by the test that needs it.

`HOSTILE_CANARY` names an empty directory for the whole session: a payload that ever ran (at
generation, import or use) would leave a file there. Formatting uses the user's format cache, as
the other generating tests do (a second run of the suite is much faster).
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import pytest
from hostile_harness import (
    CANARY_ENV,
    MAIN_SPECS,
    MYPY_BUG_PACKAGES,
    ROOT,
    Allowlist,
    Session,
    generate_main,
    render_only,
    write_files,
)


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    sandbox = tmp_path_factory.mktemp("hostile")
    out = sandbox / "out"
    out.mkdir()
    canary = sandbox / "canary"
    canary.mkdir()
    saved = {CANARY_ENV: os.environ.get(CANARY_ENV)}
    os.environ[CANARY_ENV] = str(canary)
    session = Session(sandbox=sandbox, out=out, canary=canary)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max(1, min(4, os.cpu_count() or 1)), mp_context=context) as pool:
        jobs = list(MAIN_SPECS.items())
        results = list(
            pool.map(
                generate_main, [p for p, _ in jobs], [s for _, s in jobs], [str(out)] * len(jobs)
            )
        )
    for package, api, error in results:
        if error is None:
            session.apis[package] = api
        else:
            session.errors[package] = error
    for package, spec in MYPY_BUG_PACKAGES.items():
        try:
            api, files = render_only(spec, package)
        except Exception as exc:  # the bug test reports it
            session.errors[package] = f"{type(exc).__name__}: {exc}"
            continue
        write_files(out, package, files)
        session.apis[package] = api
    session.mypy_log = sandbox / "mypy.log"
    with session.mypy_log.open("w") as sink:
        session.mypy = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mypy",
                "--strict",
                "--python-version",
                "3.10",
                "--cache-dir",
                str(sandbox / ".mypy_cache"),
                "--show-error-codes",
                "--no-error-summary",
                *sorted(session.apis),
            ],
            cwd=out,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        yield session
    finally:
        if session.mypy.poll() is None:
            session.mypy.kill()
            session.mypy.wait()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="session")
def allowlist(hostile: Session) -> Allowlist:
    """Calls, imports, decorators and syntax of benign packages: the freshly generated benign
    spec (every template feature) and the three vendor packages in generated/."""
    benign = [hostile.package_dir("hostile_benign")]
    vendors = [p for p in sorted((ROOT / "generated").iterdir()) if (p / "__init__.py").is_file()]
    return Allowlist.from_packages([*benign, *vendors])
