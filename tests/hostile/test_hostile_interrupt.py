"""Interrupted runs (SIGKILL, SIGINT mid-write) leave the old package or the new one, byte for
byte, never a mix; the next run cleans up what they left.

Two versions of a spec with many resource modules (so that writing takes a while) are generated
alternately over each other by `python -m generator generate` subprocesses, in two output
directories at once, which are killed at random moments, most of them right after the staging
directory appears.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile_harness import PYTHON, ROOT, snapshot

from generator.render.write import STAGING_PREFIX

PACKAGE = "interrupted"


def _spec(version: str, resources: list[str]) -> str:
    paths = {
        f"/{name}/{{id}}": {
            "get": {
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                        },
                    }
                },
            }
        }
        for name in resources
    }
    thing = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "size": {"type": "integer"}},
    }
    return json.dumps(
        {
            "openapi": "3.0.3",
            "info": {"title": "Interrupted", "version": version},
            "servers": [{"url": "https://api.example.test"}],
            "paths": paths,
            "components": {"schemas": {"Thing": thing}},
        }
    )


@dataclass
class Lane:
    """One output directory; the two spec versions and what each looks like fully written."""

    root: Path
    specs: dict[str, Path]
    expected: dict[str, dict[str, bytes]]
    cache: Path

    @property
    def out(self) -> Path:
        return self.root / "out"

    def start(self, version: str) -> subprocess.Popen[bytes]:
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}  # the user's format cache
        return subprocess.Popen(
            [
                PYTHON,
                "-m",
                "generator",
                "generate",
                str(self.specs[version]),
                "-o",
                str(self.out),
                "--package",
                PACKAGE,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def run(self, version: str) -> None:
        process = self.start(version)
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr.decode()

    def state(self) -> str:
        """'a' or 'b': which complete version the package directory holds."""
        current = snapshot(self.out / PACKAGE)
        for version, files in self.expected.items():
            if current == files:
                return version
        differing = {v: sorted(set(f) ^ set(current)) for v, f in self.expected.items()}
        changed = {
            v: sorted(n for n in set(f) & set(current) if f[n] != current[n])
            for v, f in self.expected.items()
        }
        raise AssertionError(f"the package is a mix of versions: {differing}, {changed}")

    def staging(self) -> list[str]:
        return [n for n in os.listdir(self.out) if n.startswith(STAGING_PREFIX)]


USER_FILE = b"a file the user added\n"


@pytest.fixture(scope="module")
def versions(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, Path], dict[str, dict[str, bytes]], Path]:
    """Specs 'a' and 'b' (some resources shared, some their own; every file differs: the version
    and the spec hash are in every header), each generated once, which fills the format cache:
    later runs spend their time writing, not formatting. (Specs and cache stay the same from
    run to run, so a second run of the suite starts warm.)"""
    root = tmp_path_factory.mktemp("interrupt")
    cache = root / "cache"
    shared = [f"shared{i}" for i in range(16)]
    specs = {
        "a": root / "a.json",
        "b": root / "b.json",
    }
    specs["a"].write_text(_spec("1.0", [*shared, *(f"only_a{i}" for i in range(8))]))
    specs["b"].write_text(_spec("2.0", [*shared, *(f"only_b{i}" for i in range(8))]))
    references = {v: Lane(root / f"reference_{v}", specs, {}, cache) for v in specs}
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda v: references[v].run(v), specs))
    expected = {v: snapshot(references[v].out / PACKAGE) for v in specs}
    for files in expected.values():
        files["notes.txt"] = USER_FILE
    return specs, expected, cache


@pytest.fixture
def lanes(
    tmp_path: Path, versions: tuple[dict[str, Path], dict[str, dict[str, bytes]], Path]
) -> list[Lane]:
    specs, expected, cache = versions
    made = []
    for index in range(2):
        lane = Lane(tmp_path / f"lane{index}", specs, expected, cache)
        shutil.copytree(cache.parent / "reference_a" / "out", lane.out)
        (lane.out / PACKAGE / "notes.txt").write_bytes(USER_FILE)
        assert lane.state() == "a"
        made.append(lane)
    return made


def _staged_files(lane: Lane) -> int:
    count = 0
    for name in lane.staging():
        for _, _, files in os.walk(lane.out / name):
            count += len(files)
    return count


def _interrupt(lane: Lane, signal_number: int, rounds: int, seed: int, report: list[str]) -> None:
    """Rounds alternate between three moments: soon after the stage appears (files being
    written), when the stage holds every file (the swap), and a random moment of the run."""
    rng = random.Random(seed)
    current = lane.state()
    complete = min(len(files) for files in lane.expected.values()) - 1  # notes.txt is carried
    for index in range(rounds):
        target = "b" if current == "a" else "a"
        moment = ("writing", "swap", "random")[index % 3]
        process = lane.start(target)
        started = time.perf_counter()
        deadline = started + (30 if moment != "random" else rng.uniform(0.2, 1.2))
        while process.poll() is None and time.perf_counter() < deadline:
            if moment == "writing" and lane.staging():
                time.sleep(rng.uniform(0, 0.03))
                break
            if moment == "swap" and _staged_files(lane) >= complete:
                time.sleep(rng.uniform(0, 0.01))
                break
            time.sleep(0.0005)
        mid_write = bool(lane.staging())
        process.send_signal(signal_number)
        _, stderr = process.communicate(timeout=60)
        state = lane.state()
        report.append(
            f"{signal.Signals(signal_number).name} round {index} ({moment}): {current}->{target}: "
            f"rc={process.returncode} mid_write={mid_write} got={state}"
        )
        if process.returncode == 0:
            assert state == target
        current = state
        if signal_number == signal.SIGINT:
            assert b"Traceback" not in stderr or b"KeyboardInterrupt" in stderr


@pytest.mark.parametrize(
    ("signal_number", "rounds"),
    [(signal.SIGKILL, 6), (signal.SIGINT, 2)],
    ids=["SIGKILL", "SIGINT"],
)
def test_interrupted_runs_leave_the_old_or_the_new_package(
    lanes: list[Lane], signal_number: int, rounds: int
) -> None:
    report: list[str] = []
    with ThreadPoolExecutor(len(lanes)) as pool:
        futures = [
            pool.submit(_interrupt, lane, signal_number, rounds, index, report)
            for index, lane in enumerate(lanes)
        ]
        for future in futures:
            future.result(timeout=300)  # re-raises what failed in a lane
    assert len(report) == len(lanes) * rounds, report
    # The test did what it says: some signals arrived while a package was being staged.
    assert any("mid_write=True" in line for line in report), "\n".join(report)
    for lane in lanes:
        # A later run finishes the job and removes every stage an interrupted run left.
        target = "b" if lane.state() == "a" else "a"
        lane.run(target)
        assert lane.state() == target
        assert lane.staging() == []


def test_a_later_run_cleans_up_and_keeps_user_files(lanes: list[Lane]) -> None:
    """What a run killed between the two renames of the fallback swap leaves: the old package
    in a stage as `<package>.old`, none in place; and a half-written stage. The next run puts the
    old package back first (so the user's files in it are carried over), then removes both."""
    lane = lanes[0]
    stage = lane.out / f"{STAGING_PREFIX}killed"
    stage.mkdir()
    shutil.move(lane.out / PACKAGE, stage / f"{PACKAGE}.old")
    partial = lane.out / f"{STAGING_PREFIX}partial" / PACKAGE
    partial.mkdir(parents=True)
    (partial / "_client.py").write_text("half a file")
    lane.run("b")
    assert lane.state() == "b"
    assert sorted(os.listdir(lane.out)) == [PACKAGE]
