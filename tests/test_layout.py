"""The habits of the code base, checked rather than stated (docs/developing.md, "Habits").

- no module in ``src/`` over :data:`MAX_MODULE_LINES` lines, no function over
  :data:`MAX_FUNCTION_LINES` lines of code (its docstring not counted), no kernel in ``rules/``
  over :data:`MAX_KERNEL_LINES`;
- no module imports another module's private (``_name``) name;
- no import cycle between the package's modules, counting imports inside functions (they hide a
  cycle rather than remove it) and leaving out ``if TYPE_CHECKING:`` blocks (type-only).

Cyclomatic complexity (at most 20) is ruff's rule C901, configured in pyproject.toml.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "regimesim"
MAX_MODULE_LINES = 800
MAX_FUNCTION_LINES = 80
MAX_KERNEL_LINES = 60
KERNEL_DECORATORS = {"kernel", "agent_kernel"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()
TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


def _code_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines from the first statement after the docstring to the end of the function."""
    body = node.body
    first = body[0]
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        body = body[1:]
    return node.end_lineno - body[0].lineno + 1 if body else 0


def _functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _is_kernel(node: ast.FunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id in KERNEL_DECORATORS for d in node.decorator_list)


def test_no_module_is_too_long():
    long = {n: len(p.read_text().splitlines()) for n, p in MODULES.items()}
    assert not {n: k for n, k in long.items() if k > MAX_MODULE_LINES}, "split these modules"


def test_no_function_is_too_long():
    too_long = []
    for name, tree in TREES.items():
        for fn in _functions(tree):
            limit = MAX_KERNEL_LINES if _is_kernel(fn) and ".rules." in f"{name}." else MAX_FUNCTION_LINES
            if _code_lines(fn) > limit:
                too_long.append(f"{name}.{fn.name}: {_code_lines(fn)} lines (at most {limit})")
    assert not too_long, "split these functions:\n" + "\n".join(too_long)


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    is_package = MODULES[module].name == "__init__.py"
    base = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
    return ".".join([*base, node.module] if node.module else base)


def _type_checking_blocks(tree: ast.AST) -> set[int]:
    """ids of the import nodes inside ``if TYPE_CHECKING:`` blocks."""
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return skip


def _imports(module: str) -> list[tuple[str, str | None]]:
    """(imported module, imported name or None) for every import in ``module``, type-only left out."""
    tree = TREES[module]
    skip = _type_checking_blocks(tree)
    out = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out += [(a.name, None) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node)
            for a in node.names:
                sub = f"{target}.{a.name}"
                out.append((sub, None) if sub in MODULES else (target, a.name))
    return [(m, n) for m, n in out if m.split(".")[0] == "regimesim"]


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _module_aliases(module: str) -> dict[str, str]:
    """Local names bound to other package modules (``from regimesim import ensemble``,
    ``import regimesim.ensemble as ens``)."""
    aliases = {}
    for node in ast.walk(TREES[module]):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name in MODULES and a.asname:
                    aliases[a.asname] = a.name
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node)
            for a in node.names:
                if f"{target}.{a.name}" in MODULES:
                    aliases[a.asname or a.name] = f"{target}.{a.name}"
    return aliases


def _private_attributes(module: str) -> list[str]:
    """``other_module._name`` read through a module alias."""
    aliases = _module_aliases(module)
    return [
        f"{module} uses {aliases[node.value.id]}.{node.attr}"
        for node in ast.walk(TREES[module])
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in aliases
        and aliases[node.value.id] != module
        and _is_private(node.attr)
    ]


def test_no_module_imports_another_modules_private_names():
    borrowed = [
        f"{module} imports {target}.{name}"
        for module in MODULES
        for target, name in _imports(module)
        if name and _is_private(name) and target != module
    ] + [use for module in MODULES for use in _private_attributes(module)]
    assert not borrowed, "make these names public where they belong:\n" + "\n".join(borrowed)


def _graph() -> dict[str, set[str]]:
    graph = {m: set() for m in MODULES}
    for module in MODULES:
        for target, _ in _imports(module):
            # importing a.b.c runs a/__init__ and a/b/__init__ too, but those are the package's
            # business: count the module named
            if target in MODULES and target != module:
                graph[module].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_import_graph_has_no_cycle():
    graph = _graph()
    # a package's __init__ that re-exports its modules is not a cycle of the modules themselves
    for name in list(graph):
        if MODULES[name].name == "__init__.py":
            graph[name] = {t for t in graph[name] if not t.startswith(f"{name}.")}
    assert not _cycles(graph), f"import cycles: {_cycles(graph)}"


@pytest.mark.parametrize(
    "graph, expected",
    [
        ({"a": {"b"}, "b": {"a"}, "c": set()}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_the_cycle_finder_finds_cycles(graph, expected):
    assert _cycles(graph) == expected
