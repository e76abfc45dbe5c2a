"""Session set-up of the feature tests: every positive spec generated once, then type-checked.

Generation runs in worker processes (formatting dominates its cost), the packages are written
one at a time into one directory, then mypy is started in the
background as soon as the packages are written, so it runs while the behaviour tests do, and
`test_static_checks.py` collects its verdict per package.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import pytest
from feature_harness import (
    POSITIVE,
    USAGE,
    FeatureSet,
    Generated,
    generate_one,
    package_name,
)
from readme_examples import readme_program

from generator.render.write import write_package


@pytest.fixture(scope="session")
def features(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FeatureSet]:
    out = tmp_path_factory.mktemp("features")
    workers = max(1, min(4, os.cpu_count() or 1))
    # spawn, not fork: other tests of the session may have left threads running.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        done = list(pool.map(generate_one, POSITIVE))
    results: dict[str, Generated] = {}
    for stem, generated, failure in done:
        api, error = None, failure
        if generated is not None:
            try:  # one writer at a time: write_package tidies the output directory
                write_package(out, generated)
                api = generated.api
            except Exception as exc:
                error = f"write_package: {type(exc).__name__}: {exc}"
        results[stem] = Generated(stem, api, error)
    packages = [package_name(stem) for stem, result in results.items() if result.error is None]
    usage = sorted(path.name for path in USAGE.glob("usage_*.py"))
    for name in usage:  # user code over the packages: mypy checks what a caller sees
        shutil.copyfile(USAGE / name, out / name)
    for stem, result in results.items():  # and the examples of every package's README
        if result.error is None:
            package = package_name(stem)
            readme = (out / package / "README.md").read_text(encoding="utf-8")
            program = readme_program(readme, package, result.api.client_name)
            (out / f"readme_{package}.py").write_text(program, encoding="utf-8")
            usage.append(f"readme_{package}.py")
    feature_set = FeatureSet(out=out, results=results)
    log = out / "mypy.log"
    with log.open("w") as sink:
        mypy = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mypy",
                "--strict",
                "--python-version",
                "3.10",
                "--cache-dir",
                str(out / ".mypy_cache"),
                "--show-error-codes",
                *packages,
                *usage,
            ],
            cwd=out,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    feature_set.static.update(mypy=mypy, mypy_log=log, packages=packages, usage=usage)
    yield feature_set
    if mypy.poll() is None:
        mypy.kill()
        mypy.wait()
