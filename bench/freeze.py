"""Freeze the generator's output: sha256 of every file it writes, for a byte-identical refactor.

What it freezes, per document and variant, through the real command line
(`python -m generator generate SPEC -o DIR --package NAME ...`, `CLIENTGEN_NO_CACHE=1`,
`CLIENTGEN_CACHE_DIR` in a temporary directory):

- documents: `specs/*.yaml`; every YAML/JSON file under `tests/features/specs/`,
  `tests/hostile/specs/` and `tests/diff/specs/` (recursively); every top-level document of the
  corpus (`--corpus`, default `../shared/corpus` beside the repo), generated with `--lenient`
  when the strict pipeline refuses it (the decision `tests/corpus_documents.py` makes);
- variants: `default`; `skip-unsupported` (`--skip-unsupported`); `include-tags`
  (`--include-tags T`, T the first in sorted order of the tags the document's operations use;
  only for documents whose operations have tags);
- runs: each variant is generated twice into the same output directory, so run 2 starts from
  the manifest run 1 left (the kept names); both runs are recorded as
  `"DOCUMENT|VARIANT|RUN"` -> {relative file path: sha256}, plus the exit code, the error line
  (documents the generator refuses: one line and exit status 2 are frozen too), the count and
  sha256 of the `clientgen: warning:` lines, and the normalised stdout summary;
- `python -m generator ir SPEC --package NAME`: the sha256 of its output (`ir` accepts no
  `--lenient`, `--skip-unsupported` or `--include-tags`, so there is one per document; for a
  document that needs `--lenient` it is the frozen error line).

Paths in error lines and stdout are normalised (`<corpus>/`, `<out>`), so a record made in
another checkout or temporary directory compares equal. The generator that runs is always the
one in the tree that holds this script (`cwd` and `PYTHONPATH` are that tree), even when the
virtualenv has an editable install pointing at another checkout.

Use in a refactor (the rule: the output stays byte-identical):

    # on the old revision (e.g. a copy or worktree of it, with this script copied into bench/)
    .venv/bin/python bench/freeze.py record /tmp/freeze.json
    # ... refactor ...
    .venv/bin/python bench/freeze.py compare /tmp/freeze.json     # exit 0 identical, 1 not
    # when it differs: keep the trees of both sides and diff them by hand
    .venv/bin/python bench/freeze.py compare /tmp/freeze.json --only cloudflare --keep /tmp/new

`--only SUBSTRING` (repeatable; a leading `^` anchors at the start) selects documents by key
(`specs/polyai.yaml`, `tests/features/specs/enums.yaml`, `corpus/cloudflare.yaml`); compare
uses the record's selection and corpus unless given its own. Compare reuses the record's
per-document decisions (lenient, tag), so both sides generate from the same arguments; it also
re-makes the decisions and reports when they changed. `--jobs N` runs N generations at once
(default: the number of CPUs); the generator itself formats large outputs in parallel too.

How long it takes (measured on 2 shared cores, `--jobs 2`): `specs/`, `tests/features/specs`
and the four small `oai-` corpus documents (47 documents, 196 runs) ~6 minutes for record and
again for compare; `tests/hostile` and `tests/diff` (77 documents, 314 runs) ~4.5 minutes. Each
generation is a fresh interpreter (2-8 s for a small document on a loaded machine; 7 processes
per document). The whole corpus was not measured: it is dominated by cloudflare, whose cold
generation is ~100 s on the benchmark machine (`bench/RESULTS.md`); 6 of those plus `ir` and
the strict/lenient check make ~15 minutes for that document alone, and a full run (every
document, three variants, twice) is estimated at 30-60 minutes on two cores, for record and
again for compare. Progress is printed per variant and per document, with times.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import os
import platform
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
REPO_SPEC_DIRS = ("tests/features/specs", "tests/hostile/specs", "tests/diff/specs")
SUFFIXES = (".yaml", ".yml", ".json")
FORMAT = 1
VARIANTS = ("default", "skip-unsupported", "include-tags")
RUNS = ("1", "2")
TIMEOUT = 3 * 3600.0
"""Seconds one child process may take (cloudflare takes minutes on a loaded machine)."""
LIST_LIMIT = 25
"""Files listed per category and run in a comparison (the rest are counted)."""
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

Json = dict[str, Any]


@dataclass(frozen=True)
class Document:
    key: str
    """`specs/polyai.yaml`, `tests/hostile/specs/broken/blank.yaml`, `corpus/cloudflare.yaml`."""
    path: Path
    corpus: bool

    @property
    def package(self) -> str:
        stem = "".join(c if c.isalnum() else "_" for c in self.path.stem.lower())
        return "fz_" + "_".join(part for part in stem.split("_") if part)

    def spec_argument(self) -> str:
        """How the spec is named on the command line (relative inside the repo)."""
        return str(self.path) if self.corpus else self.key


@dataclass
class DocumentState:
    """One document's work in progress."""

    document: Document
    info: Json = field(default_factory=dict)
    runs: dict[str, Json] = field(default_factory=dict)
    pending: int = 0
    busy_seconds: float = 0.0


# --- selection ------------------------------------------------------------------------------


def discover(corpus: Path) -> list[Document]:
    documents = [
        Document(str(p.relative_to(ROOT)), p, corpus=False)
        for p in sorted((ROOT / "specs").glob("*.yaml"))
    ]
    for folder in REPO_SPEC_DIRS:
        documents.extend(
            Document(p.relative_to(ROOT).as_posix(), p, corpus=False)
            for p in sorted((ROOT / folder).rglob("*"))
            if p.is_file() and p.suffix.lower() in SUFFIXES
        )
    if corpus.is_dir():
        documents.extend(
            Document(f"corpus/{p.name}", p.resolve(), corpus=True)
            for p in sorted(corpus.iterdir())
            if p.is_file() and p.suffix.lower() in SUFFIXES
        )
    return documents


def selected(document: Document, only: list[str]) -> bool:
    if not only:
        return True
    return any(
        document.key.startswith(s[1:]) if s.startswith("^") else s in document.key for s in only
    )


# --- child processes ------------------------------------------------------------------------


def child_env(cache_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["CLIENTGEN_NO_CACHE"] = "1"
    env["CLIENTGEN_CACHE_DIR"] = str(cache_dir)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    )
    return env


def run(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            argv, cwd=ROOT, env=env, capture_output=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as exc:
        return subprocess.CompletedProcess(
            argv, -1, b"", f"timed out after {exc.timeout} s".encode()
        )


def normalise(text: str, corpus: Path, out: Path | None = None) -> str:
    replacements: list[tuple[str, str]] = []
    if out is not None:
        replacements.append((str(out), "<out>"))
        if out.is_relative_to(ROOT):
            replacements.append((str(out.relative_to(ROOT)), "<out>"))
    replacements.append((f"{corpus}{os.sep}", f"<corpus>{os.sep}"))
    for old, new in replacements:
        text = text.replace(old, new)
    return text


def error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if line.startswith("clientgen: error:"):
            return line
    return lines[-1] if lines else ""


def tree_hashes(out: Path) -> dict[str, str]:
    if not out.is_dir():
        return {}
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def analyse(document: Document, env: dict[str, str]) -> Json:
    """The per-document decisions (in a child: the tree's generator, never this process's)."""
    argv = [sys.executable, str(Path(__file__).resolve()), "_analyse", str(document.path)]
    if document.corpus:
        argv.append("--strict-check")
    done = run(argv, env)
    if done.returncode != 0:
        return {"lenient": False, "tag": None, "analysis_error": error_line(done.stderr.decode())}
    result: Json = json.loads(done.stdout)
    return result


def analyse_main(argv: list[str]) -> int:
    """`freeze.py _analyse SPEC [--strict-check]`: print {"lenient": ..., "tag": ...}."""
    sys.path.insert(0, str(ROOT))
    from generator.errors import SpecError  # noqa: PLC0415 - this tree's generator
    from generator.pipeline import load_and_parse  # noqa: PLC0415
    from generator.spec.load import load_spec  # noqa: PLC0415

    spec = Path(argv[0])
    lenient = False
    if "--strict-check" in argv[1:]:
        try:
            load_and_parse(spec)
        except SpecError:
            lenient = True
    tags: set[str] = set()
    try:
        data: Any = load_spec(spec).data
    except Exception:
        data = None
    paths = data.get("paths") if isinstance(data, dict) else None
    for item in paths.values() if isinstance(paths, dict) else ():
        for method in HTTP_METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            found = operation.get("tags") if isinstance(operation, dict) else None
            if isinstance(found, list):
                tags.update(t for t in found if isinstance(t, str) and t)
    print(json.dumps({"lenient": lenient, "tag": min(tags) if tags else None}))
    return 0


def variant_args(info: Json, variant: str) -> list[str] | None:
    """The generate options of a variant, or None when the document has no such variant."""
    args = ["--lenient"] if info.get("lenient") else []
    if variant == "skip-unsupported":
        args.append("--skip-unsupported")
    elif variant == "include-tags":
        if not info.get("tag"):
            return None
        args += ["--include-tags", str(info["tag"])]
    return args


def generate_variant(
    document: Document,
    args: list[str],
    work: Path,
    keep: Path | None,
    corpus: Path,
    env: dict[str, str],
) -> dict[str, Json]:
    """Both runs of one variant, into the same directory."""
    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    results: dict[str, Json] = {}
    for number in RUNS:
        argv = [sys.executable, "-m", "generator", "generate", document.spec_argument()]
        argv += ["-o", str(out), "--package", document.package, *args]
        start = time.perf_counter()
        done = run(argv, env)
        stderr = normalise(done.stderr.decode("utf-8", "replace"), corpus, out)
        warnings = [line for line in stderr.splitlines() if line.startswith("clientgen: warning:")]
        result: Json = {
            "exit_code": done.returncode,
            "files": tree_hashes(out),
            "warnings": len(warnings),
            "warnings_sha256": hashlib.sha256("\n".join(warnings).encode()).hexdigest(),
            "stdout": normalise(done.stdout.decode("utf-8", "replace"), corpus, out),
            "seconds": round(time.perf_counter() - start, 2),
        }
        if done.returncode != 0:
            result["error"] = error_line(stderr)
        results[number] = result
        if keep is not None and out.is_dir():
            shutil.copytree(out, keep / f"run{number}")
    return results


def ir_hash(document: Document, keep: Path | None, corpus: Path, env: dict[str, str]) -> Json:
    argv = [sys.executable, "-m", "generator", "ir", document.spec_argument()]
    argv += ["--package", document.package]
    done = run(argv, env)
    result: Json = {"exit_code": done.returncode, "sha256": hashlib.sha256(done.stdout).hexdigest()}
    if done.returncode != 0:
        result["error"] = error_line(normalise(done.stderr.decode("utf-8", "replace"), corpus))
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        (keep / "ir.json").write_bytes(done.stdout)
    return result


# --- scheduling -----------------------------------------------------------------------------


class Pool:
    """N worker threads taking the highest-priority task first (the largest documents)."""

    def __init__(self, jobs: int) -> None:
        self._tasks: queue.PriorityQueue[tuple[tuple[int, int, int], int, Callable[[], Any]]] = (
            queue.PriorityQueue()
        )
        self.results: queue.Queue[tuple[tuple[str, str], BaseException | None, Any]] = queue.Queue()
        self._seq = 0
        for _ in range(jobs):
            threading.Thread(target=self._work, daemon=True).start()

    def submit(
        self, priority: tuple[int, int, int], tag: tuple[str, str], task: Callable[[], Any]
    ) -> None:
        self._seq += 1

        def call() -> None:
            try:
                self.results.put((tag, None, task()))
            except BaseException as exc:  # reported by the main thread
                self.results.put((tag, exc, None))

        self._tasks.put((priority, self._seq, call))

    def _work(self) -> None:
        while True:
            _, _, call = self._tasks.get()
            call()


def produce(
    documents: list[Document],
    recorded: dict[str, Json],
    corpus: Path,
    jobs: int,
    keep: Path | None,
) -> tuple[dict[str, Json], dict[str, Json]]:
    """Generate everything: (per-document info, per "DOCUMENT|VARIANT|RUN" result)."""
    tmp = Path(tempfile.mkdtemp(prefix="clientgen-freeze-"))
    env = child_env(tmp / "cache")
    pool = Pool(jobs)
    states = {d.key: DocumentState(d) for d in documents}
    size = {d.key: d.path.stat().st_size for d in documents}
    lock = threading.Lock()
    finished = 0
    outstanding = 0
    begun = time.perf_counter()

    def say(line: str) -> None:
        with lock:
            print(line, flush=True)

    def place(document: Document) -> tuple[Path, Path | None]:
        index = documents.index(document)
        return tmp / "work" / str(index), (keep / document.key if keep is not None else None)

    def variant_task(document: Document, variant: str, args: list[str]) -> Callable[[], Any]:
        def task() -> tuple[str, dict[str, Json], float]:
            work, kept = place(document)
            start = time.perf_counter()
            runs = generate_variant(
                document,
                args,
                work / variant,
                kept / variant if kept else None,
                corpus,
                env,
            )
            seconds = time.perf_counter() - start
            codes = "/".join(str(r["exit_code"]) for r in runs.values())
            say(f"    {document.key}|{variant}: {seconds:.1f} s (exit {codes})")
            return variant, runs, seconds

        return task

    def analyse_task(document: Document) -> Callable[[], Any]:
        def task() -> Json:
            return analyse(document, env)

        return task

    def ir_task(document: Document) -> Callable[[], Any]:
        def task() -> tuple[str, Json, float]:
            start = time.perf_counter()
            result = ir_hash(document, place(document)[1], corpus, env)
            return "ir", result, time.perf_counter() - start

        return task

    try:
        for document in documents:
            pool.submit(
                (0, -size[document.key], 0),
                ("analyse", document.key),
                analyse_task(document),
            )
            outstanding += 1
        while outstanding:
            (kind, key), error, value = pool.results.get()
            outstanding -= 1
            if error is not None:
                raise error
            state = states[key]
            document = state.document
            if kind == "analyse":
                analysis: Json = value
                old = recorded.get(key)
                info: Json = {
                    "lenient": bool(old["lenient"] if old else analysis["lenient"]),
                    "tag": old["tag"] if old else analysis["tag"],
                    "package": document.package,
                    "analysis": analysis,
                    "variants": {},
                }
                state.info = info
                tasks: list[tuple[int, Callable[[], Any]]] = []
                for n, variant in enumerate(VARIANTS):
                    args = variant_args(info, variant)
                    if args is not None:
                        info["variants"][variant] = args
                        tasks.append((n, variant_task(document, variant, args)))
                tasks.append((len(VARIANTS), ir_task(document)))
                for n, task in tasks:
                    pool.submit((1, -size[key], n), ("done", key), task)
                state.pending = len(tasks)
                outstanding += len(tasks)
                continue
            name, result, seconds = value
            state.busy_seconds += seconds
            if name == "ir":
                state.info["ir"] = result
            else:
                for number, run_result in result.items():
                    state.runs[f"{key}|{name}|{number}"] = run_result
            state.pending -= 1
            if state.pending == 0:
                finished += 1
                state.info["seconds"] = round(state.busy_seconds, 2)
                flags = ("lenient " if state.info["lenient"] else "") + (
                    f"tag={state.info['tag']!r}" if state.info["tag"] else "no tags"
                )
                say(
                    f"[{finished}/{len(documents)}] {key}: {state.busy_seconds:.1f} s of "
                    f"generation ({flags}; "
                    f"{time.perf_counter() - begun:.0f} s elapsed)"
                )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    info_by_key = {key: s.info for key, s in states.items()}
    runs = {k: v for s in states.values() for k, v in s.runs.items()}
    return info_by_key, runs


# --- record and compare ---------------------------------------------------------------------


def git_revision() -> Json:
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False
            )
        except OSError:
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    status = git("status", "--porcelain", "--untracked-files=no")
    return {"revision": git("rev-parse", "HEAD") or "unknown", "dirty": bool(status)}


def environment() -> Json:
    def version(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "missing"

    done = run(
        [sys.executable, "-m", "generator", "--version"], child_env(Path(tempfile.gettempdir()))
    )
    return {
        "python": platform.python_version(),
        "generator": done.stdout.decode().strip(),
        **{
            name: version(name)
            for name in ("black", "jinja2", "pyyaml", "openapi-pydantic", "pydantic", "click")
        },
    }


def without_timings(result: Json) -> Json:
    return {k: v for k, v in result.items() if k != "seconds"}


def run_differences(old: Json, new: Json) -> tuple[list[str], tuple[int, int, int]]:
    lines: list[str] = []
    for name in ("exit_code", "error", "stdout"):
        if old.get(name) != new.get(name):
            lines.append(f"  {name}: {old.get(name)!r} -> {new.get(name)!r}")
    if old.get("warnings_sha256") != new.get("warnings_sha256"):
        lines.append(
            f"  warnings: {old.get('warnings')} lines -> {new.get('warnings')} lines (text differs)"
        )
    before: dict[str, str] = old.get("files", {})
    after: dict[str, str] = new.get("files", {})
    added = sorted(after.keys() - before.keys())
    removed = sorted(before.keys() - after.keys())
    changed = sorted(k for k in before.keys() & after.keys() if before[k] != after[k])
    for label, names in (("added", added), ("removed", removed), ("changed", changed)):
        lines.extend(f"  {label} {name}" for name in names[:LIST_LIMIT])
        if len(names) > LIST_LIMIT:
            lines.append(f"  ... and {len(names) - LIST_LIMIT} more {label}")
    return lines, (len(added), len(removed), len(changed))


def compare(record: Json, info: dict[str, Json], runs: dict[str, Json], keys: set[str]) -> int:
    old_runs: dict[str, Json] = {k: v for k, v in record["runs"].items() if k.split("|")[0] in keys}
    old_docs: dict[str, Json] = record["documents"]
    differing = missing = new = ir_changes = decisions = 0
    totals = [0, 0, 0]
    for key in sorted(old_runs.keys() | runs.keys()):
        if key not in runs:
            missing += 1
            print(f"{key}: recorded, not produced now")
            continue
        if key not in old_runs:
            new += 1
            print(f"{key}: produced now, not in the record")
            continue
        lines, counts = run_differences(old_runs[key], runs[key])
        if lines:
            differing += 1
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
            print(f"{key}: {counts[0]} added, {counts[1]} removed, {counts[2]} changed")
            print("\n".join(lines))
    for key in sorted(keys):
        old_doc = old_docs.get(key)
        if old_doc is None:
            continue  # reported above as new runs
        now = info[key]
        if old_doc.get("ir") != now.get("ir"):
            ir_changes += 1
            before, after = old_doc.get("ir", {}), now.get("ir", {})
            print(
                f"{key}|ir: sha256 {before.get('sha256', '')[:16]} -> {after.get('sha256', '')[:16]}"
            )
            for name in ("exit_code", "error"):
                if before.get(name) != after.get(name):
                    print(f"  {name}: {before.get(name)!r} -> {after.get(name)!r}")
        if old_doc.get("analysis") != now.get("analysis"):
            decisions += 1
            print(f"{key}: decisions changed: {old_doc.get('analysis')} -> {now.get('analysis')}")
    compared = len(old_runs.keys() & runs.keys())
    same = not (differing or missing or new or ir_changes or decisions)
    print(
        f"summary: {compared} runs and {len(keys)} documents compared; {differing} runs differ "
        f"({totals[0]} files added, {totals[1]} removed, {totals[2]} changed), {ir_changes} IR "
        f"hashes differ, {decisions} decisions changed, {missing} runs missing, {new} new: "
        + ("IDENTICAL" if same else "DIFFERENT")
    )
    return 0 if same else 1


def main(argv: list[str]) -> int:
    if argv[:1] == ["_analyse"]:
        return analyse_main(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("command", choices=("record", "compare"))
    parser.add_argument("file", type=Path, metavar="FILE.json")
    parser.add_argument("--corpus", type=Path, help=f"corpus directory (default: {DEFAULT_CORPUS})")
    parser.add_argument(
        "--only",
        action="extend",
        nargs="+",
        default=[],
        metavar="SUBSTRING",
        help="only documents whose key contains one of these (^ anchors at the start)",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="leave the generated trees in DIR (must be empty)"
    )
    args = parser.parse_args(argv)

    record: Json | None = None
    only: list[str] = args.only
    corpus: Path | None = args.corpus
    if args.command == "compare":
        record = json.loads(args.file.read_text("utf-8"))
        assert record is not None
        if record.get("format") != FORMAT:
            parser.error(f"{args.file}: not a record of this tool (format {FORMAT})")
        only = only or record["selection"]["only"]
        if corpus is None and Path(record["selection"]["corpus"]).is_dir():
            corpus = Path(record["selection"]["corpus"])
    corpus = (corpus or DEFAULT_CORPUS).resolve()
    keep: Path | None = args.keep.resolve() if args.keep else None
    if keep is not None:
        if keep.exists() and any(keep.iterdir()):
            parser.error(f"--keep {keep}: must be empty or not exist")
        keep.mkdir(parents=True, exist_ok=True)

    documents = [d for d in discover(corpus) if selected(d, only)]
    if not documents:
        parser.error("no documents selected")
    if not corpus.is_dir():
        print(f"freeze: note: no corpus at {corpus}", file=sys.stderr)
    print(
        f"{args.command}: {len(documents)} documents, {args.jobs} jobs, corpus {corpus}", flush=True
    )
    env_now = environment()
    start = time.perf_counter()
    info, runs = produce(
        documents, (record or {}).get("documents", {}), corpus, max(1, args.jobs), keep
    )
    seconds = time.perf_counter() - start
    print(f"generated in {seconds:.1f} s", flush=True)

    for key in sorted(runs):
        document, variant, number = key.split("|")
        if number == "2" and runs[key]["files"] != runs[f"{document}|{variant}|1"]["files"]:
            lines, counts = run_differences(runs[f"{document}|{variant}|1"], runs[key])
            print(
                f"freeze: note: {document}|{variant}: run 2 differs from run 1: "
                f"{counts[0]} added, {counts[1]} removed, {counts[2]} changed",
                file=sys.stderr,
            )
            print("\n".join(lines), file=sys.stderr)

    if record is None:
        data: Json = {
            "format": FORMAT,
            "git": git_revision(),
            "environment": env_now,
            "selection": {"only": only, "corpus": str(corpus)},
            "seconds": round(seconds, 1),
            "documents": info,
            "runs": {k: without_timings(v) for k, v in runs.items()},
        }
        args.file.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", "utf-8")
        errors = sum(1 for v in runs.values() if v["exit_code"] != 0)
        print(
            f"recorded {len(runs)} runs of {len(info)} documents ({errors} refused) in {args.file}"
        )
        return 0
    for name, value in env_now.items():
        if record["environment"].get(name) != value:
            print(
                f"freeze: warning: {name} was {record['environment'].get(name)} when recorded, is {value} now",
                file=sys.stderr,
            )
    print(
        f"recorded at git {record['git']['revision'][:12]}{' (dirty)' if record['git']['dirty'] else ''}; now {git_revision()['revision'][:12]}"
    )
    return compare(record, info, {k: without_timings(v) for k, v in runs.items()}, set(info))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
