"""Imports point inward: the domain needs nothing, the store and service only what is below them,
and the worker runs without Bolt."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "introslack"
STDLIB = sys.stdlib_module_names

# Each layer, and everything (beyond the standard library) its modules may import.
ALLOWED: dict[str, tuple[str, ...]] = {
    "introslack.domain": ("introslack.domain",),
    "introslack.store": (
        "introslack.domain",
        "introslack.store",
        "sqlalchemy",
        "alembic",
        "slack_sdk.oauth",
        "cryptography",
    ),
    "introslack.service": ("introslack.domain", "introslack.store", "introslack.service"),
    # Use cases beside IntroService: people's settings, and the retention sweep.
    "introslack.control": ("introslack.domain", "introslack.store", "introslack.service"),
    "introslack.retention": ("introslack.domain", "introslack.store", "introslack.service"),
}
# Each layer, and what it must never import.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "introslack.worker": ("introslack.slack", "introslack.bootstrap"),
    "introslack.slack": ("introslack.worker", "introslack.bootstrap"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> Iterator[str]:
    """Every module a file imports, anywhere in it (type-checking blocks included)."""
    package = module_name(path).rsplit(".", 0 if path.name == "__init__.py" else 1)[0]
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                yield f"{base}.{node.module}" if node.module else base
            else:
                yield str(node.module)


def within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


# Entry points run as `python -m …`: like app.py they start what the bootstrap builds.
ENTRY_POINTS = frozenset({"__main__.py"})


def layer_modules(layer: str) -> list[Path]:
    root = PACKAGE.parent / Path(*layer.split("."))
    if not root.is_dir():
        return [root.with_suffix(".py")]
    return sorted(path for path in root.rglob("*.py") if path.name not in ENTRY_POINTS)


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_a_layer_imports_only_the_standard_library_and_the_layers_below(layer: str) -> None:
    found = [
        f"{module_name(path)} imports {imported}"
        for path in layer_modules(layer)
        for imported in imports(path)
        if imported.split(".")[0] not in STDLIB and not within(imported, ALLOWED[layer])
    ]
    assert not found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_never_imports_what_sits_on_top_of_it(layer: str) -> None:
    found = [
        f"{module_name(path)} imports {imported}"
        for path in layer_modules(layer)
        for imported in imports(path)
        if within(imported, FORBIDDEN[layer])
    ]
    assert not found


def test_the_worker_and_the_core_start_without_loading_bolt() -> None:
    check = (
        "import sys, introslack.bootstrap, introslack.worker; "
        "loaded = sorted(m for m in sys.modules if m.startswith('slack_bolt')); "
        "assert not loaded, loaded"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr


def test_the_rules_see_every_layer_and_would_catch_a_stray_import() -> None:
    assert all(layer_modules(layer) for layer in [*ALLOWED, *FORBIDDEN])
    assert "sqlalchemy" in set(imports(PACKAGE / "store" / "jobs.py"))
