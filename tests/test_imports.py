"""kg's modules import each other without cycles (an AST scan of kg/: imports inside functions count)."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

import kg

ROOT = Path(kg.__file__).resolve().parent


def _module(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path = ROOT) -> nx.DiGraph:
    """Module -> module it imports, for every ``import kg...`` / ``from kg... import`` under ``root``.

    ``from kg.pkg import name`` points at ``kg.pkg.name`` when that is a module, else at ``kg.pkg``;
    a parent package imported on the way to a submodule is not an edge (Python imports it first,
    which is no cycle of ours)."""
    modules = {_module(p, root) for p in root.rglob("*.py")}
    graph = nx.DiGraph()
    for path in sorted(root.rglob("*.py")):
        here = _module(path, root)
        graph.add_node(here)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module
                           for a in node.names]
            else:
                continue
            graph.add_edges_from((here, t) for t in targets if t in modules and t != here)
    return graph


def test_scan_sees_kg_imports() -> None:
    """The scan finds real edges (kg.build imports kg.export), so an empty result means something."""
    graph = import_graph()

    assert graph.has_edge("kg.build", "kg.export")
    assert graph.has_edge("kg.extract", "kg.extract.en.mentions")
    assert graph.number_of_edges() > 100


def test_scan_finds_a_cycle(tmp_path: Path) -> None:
    """Two modules importing each other, one of them inside a function, are a cycle."""
    pkg = tmp_path / "kg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from kg.b import f\n")
    (pkg / "b.py").write_text("def f():\n    from kg import a\n")

    assert list(nx.simple_cycles(import_graph(pkg))) != []


def test_no_import_cycles() -> None:
    """No module of kg/ imports, directly or through others, a module that imports it."""
    cycles = sorted(" -> ".join([*c, c[0]]) for c in nx.simple_cycles(import_graph()))

    assert cycles == []


def test_every_package_under_kg_ships_in_the_wheel() -> None:
    import tomllib

    root = Path(__file__).resolve().parents[1]
    setup = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    listed = set(setup["packages"])
    found = {".".join(p.parent.relative_to(root).parts) for p in (root / "kg").rglob("__init__.py")}
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
