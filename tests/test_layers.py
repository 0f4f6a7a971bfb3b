"""The import direction between packages: a lower layer never imports a higher one, and nothing below
the Streamlit edge imports Streamlit. Read from the source, so a new import that breaks it fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Lower number = lower layer. Packages on one layer may not import each other either.
LAYERS: dict[str, int] = {
    "analysis.errors": 0,
    "analysis.vocabulary": 0,
    "analysis.readers": 1,
    "analysis.spending": 2,
    "analysis.councils": 2,
    "analysis.schemes": 3,
    "analysis.dataset": 4,
    "analysis.dataset_cache": 5,
    "analysis.arithmetic": 5,
    "analysis.outputs": 6,
    "analysis.uploads": 6,
    "analysis.curation": 7,
    "store": 8,
    "ui": 9,
    "views": 10,
}
PURE = ("analysis", "store")  # never import Streamlit


def _unit(module: str) -> str | None:
    """The layered unit a dotted module belongs to ('analysis.readers.values' -> 'analysis.readers')."""
    parts = module.split(".")
    for n in (2, 1):
        name = ".".join(parts[:n])
        if name in LAYERS:
            return name
    return None


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found += [f"{node.module}.{a.name}" for a in node.names]
    return found


def _sources() -> list[Path]:
    roots = ("analysis", "store", "ui", "views")
    return sorted(p for d in roots for p in (ROOT / d).rglob("*.py") if p != ROOT / "analysis" / "__init__.py")


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_down(path: Path) -> None:
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    own = _unit(module)
    assert own is not None, f"{module} is in no layer: add its package to LAYERS and the README's Layout"
    for imported in _imports(path):
        if own.split(".")[0] in PURE:
            assert not imported.startswith("streamlit"), f"{module} imports Streamlit"
        other = _unit(imported)
        if other is None or other == own:
            continue
        assert LAYERS[other] < LAYERS[own], f"{module} (layer {LAYERS[own]}) imports {imported} (layer {LAYERS[other]})"


def test_layers_are_named_in_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout") :]
    for unit in LAYERS:
        path = unit.replace(".", "/")
        assert f"`{path}/`" in layout or f"`{path}.py`" in layout, f"README's Layout does not mention {unit}"
