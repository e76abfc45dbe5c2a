"""Session-scoped Prism servers for contract tests: ``prism("polyai")``."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from prism import REPO_ROOT, PrismServer

SPECS_DIR = REPO_ROOT / "specs"

# Process groups of every Prism started through the fixture, checked at exit.
_STARTED_PGIDS: list[int] = []


@pytest.fixture(scope="session")
def prism() -> Iterator[Callable[[str], PrismServer]]:
    """Factory: ``prism(name)`` is a running server for ``specs/<name>.yaml``.

    One server per spec per session, started on first use and stopped at the
    end of the session.
    """
    servers: dict[str, PrismServer] = {}

    def get(name: str) -> PrismServer:
        if name not in servers:
            spec = SPECS_DIR / f"{name}.yaml"
            if not spec.is_file():
                raise FileNotFoundError(spec)
            servers[name] = PrismServer(spec).start()
            pid = servers[name].pid
            if pid is not None:
                _STARTED_PGIDS.append(pid)
        return servers[name]

    try:
        yield get
    finally:
        for server in servers.values():
            server.stop()


@pytest.fixture(scope="session")
def start_prism() -> Callable[..., PrismServer]:
    """Factory: ``start_prism(document, **options)`` is a running server for any document.

    The caller stops it; a process group left running fails the session like the others.
    """

    def start(document: Path, **options: Any) -> PrismServer:
        server = PrismServer(document, **options).start()
        if server.pid is not None:
            _STARTED_PGIDS.append(server.pid)
        return server

    return start


def _alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if a Prism process group started here outlived it."""
    leftovers = [pgid for pgid in _STARTED_PGIDS if _alive(pgid)]
    if leftovers:
        print(f"\nERROR: Prism process groups still running: {leftovers}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
