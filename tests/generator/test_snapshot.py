"""generated/ is the golden record: regenerating every configured client must reproduce it."""

from __future__ import annotations

import difflib
from pathlib import Path

from generator.config import load_config
from generator.pipeline import MANIFEST, generate
from generator.render.write import owned_files

ROOT = Path(__file__).resolve().parents[2]

REFRESH = "make generate   (or: .venv/bin/python -m generator generate)"


def _tree(directory: Path) -> dict[str, bytes]:
    owned = owned_files(directory)
    return {
        name: (directory / name).read_bytes()
        for name in sorted(owned)
        if (directory / name).is_file()
    }


def test_generated_tree_matches_a_fresh_generation() -> None:
    config = load_config(ROOT / "pyproject.toml")
    problems: list[str] = []
    for client in config.clients:
        fresh = generate(client.spec, client.options, display=str(client.spec.relative_to(ROOT)))
        on_disk = _tree(config.output / client.options.package)
        if MANIFEST not in on_disk:
            problems.append(f"{client.options.package}: no {MANIFEST} in generated/")
        for name in sorted(set(fresh.files) | set(on_disk)):
            old = on_disk.get(name)
            new = fresh.files.get(name)
            if old == new:
                continue
            label = f"generated/{client.options.package}/{name}"
            problems.extend(
                difflib.unified_diff(
                    (old or b"").decode().splitlines(),
                    (new or b"").decode().splitlines(),
                    f"{label} (committed)",
                    f"{label} (fresh)",
                    lineterm="",
                )
            )
    assert not problems, (
        "generated/ is stale; refresh it with:\n  " + REFRESH + "\n" + "\n".join(problems[:200])
    )


def test_every_configured_package_is_present() -> None:
    config = load_config(ROOT / "pyproject.toml")
    names = sorted(c.options.package for c in config.clients)
    assert names == ["brainbase_labs", "polyai", "uponai"]
    for name in names:
        package = config.output / name
        assert (package / "__init__.py").is_file()
        assert (package / "py.typed").is_file()
