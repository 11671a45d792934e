"""The architecture the folders claim, checked from the code itself (issue 17).

Imports run one way, read from every module's own import statements (function-level imports
included; only `if TYPE_CHECKING:` blocks are left out, as they never run):

    stages      ingest, segment, nlp, extract, actors, geo, dates, vocab, dedup, learn and the
                records they pass (model, query, decisions, errors, ids, settings, timeline)
    store       warlog.store
    services    review, network, run (orchestration), users
    shells      export, eval, bench; then web; then cli and the package's API; then __main__

A module may import its own layer or those below, never one above, and no circle of imports may
appear, between modules or between packages. The API is what the README documents, and the
settings table is the one source of every WARLOG_* variable and its default. Sizes: no module over
600 lines, no function over 80.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from dataclasses import fields
from pathlib import Path

import pytest

import warlog
from warlog.settings import SETTINGS, Settings, setting

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "warlog"

#: Layers, lowest first; a module's layer is that of the longest prefix listed ("warlog" is the package's
#: own `__init__` only: a new top-level module or package has no layer until it is listed here).
LAYERS: tuple[tuple[str, ...], ...] = (
    ("warlog.errors", "warlog.ids", "warlog.settings", "warlog.model", "warlog.dates", "warlog.vocab",
     "warlog.nlp", "warlog.ingest", "warlog.segment", "warlog.extract", "warlog.actors", "warlog.geo",
     "warlog.dedup", "warlog.learn", "warlog.query", "warlog.decisions", "warlog.timeline", "warlog.samples"),
    ("warlog.store",),
    ("warlog.review", "warlog.network", "warlog.run", "warlog.users"),
    ("warlog.export", "warlog.eval", "warlog.bench"),
    ("warlog.web",),
    ("warlog.cli", "warlog"),
    ("warlog.__main__",),
)
LAYER_NAMES = ("stages", "store", "services", "export/eval/bench", "web", "cli/API", "__main__")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            hidden.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return hidden


def imports_of(name: str, path: Path, known: Iterable[str]) -> set[str]:
    """The warlog modules `name` imports when it runs (a name imported from a package counts as its
    submodule when there is one of that name; the package `warlog` itself is left out: Python imports
    it before any of its modules anyway, and it holds only `__version__` and names loaded lazily)."""
    known = set(known)
    tree = ast.parse(path.read_text("utf-8"))
    hidden = _type_checking_nodes(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in known else target)
    out = set()
    for target in found:
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != "warlog" and target != name:
            out.add(target)
    return out


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports_of(name, path, mods) for name, path in mods.items()}


def layer_of(module: str) -> int | None:
    best: tuple[int, int] | None = None
    for level, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            within = module == prefix or (prefix != "warlog" and module.startswith(prefix + "."))
            if within and (best is None or len(prefix) > best[0]):
                best = (len(prefix), level)
    return None if best is None else best[1]


def violations(graph: Mapping[str, Iterable[str]]) -> list[str]:
    """Every import of a module from a layer above the importer's."""
    out = []
    for module, targets in sorted(graph.items()):
        mine = layer_of(module)
        for target in sorted(targets):
            theirs = layer_of(target)
            if mine is not None and theirs is not None and theirs > mine:
                out.append(f"{module} ({LAYER_NAMES[mine]}) imports {target} ({LAYER_NAMES[theirs]})")
    return out


def circles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def package_graph(graph: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """The graph between top-level packages and modules (warlog.extract, warlog.store, warlog.review…)."""
    def top(m: str) -> str:
        return ".".join(m.split(".")[:2])

    out: dict[str, set[str]] = {}
    for module, targets in graph.items():
        out.setdefault(top(module), set()).update(top(t) for t in targets if top(t) != top(module))
    return out


# -- the rules hold -------------------------------------------------------------------------------------


def test_the_scan_sees_the_imports() -> None:
    graph = import_graph()
    assert "warlog.store" in graph["warlog.run.documents"]
    assert "warlog.extract.coref" in graph["warlog.run.analysis"]
    assert "warlog.run.workers" in graph["warlog.run.runners"]  # imported inside a function
    assert "warlog.learn.training" in graph["warlog.review"]
    assert "warlog.run.analysis" not in graph["warlog.run.documents"]  # only under TYPE_CHECKING there


def test_every_module_has_a_layer() -> None:
    assert [m for m in modules() if layer_of(m) is None] == []
    assert layer_of("warlog.newthing") is None and layer_of("warlog") == layer_of("warlog.cli.common")


def test_imports_run_one_way() -> None:
    assert violations(import_graph()) == []


def test_no_circle_of_imports() -> None:
    graph = import_graph()
    assert circles(graph) == []
    assert circles(package_graph(graph)) == []


def test_the_package_imports_nothing_when_it_runs() -> None:
    assert imports_of("warlog", PACKAGE / "__init__.py", modules()) == set()


def test_the_rules_catch_what_they_forbid() -> None:
    assert violations({"warlog.extract.events": {"warlog.store"}}) == [
        "warlog.extract.events (stages) imports warlog.store (store)"]
    assert violations({"warlog.dedup.score": {"warlog.store.sqlite"}})
    assert violations({"warlog.store.reviews_sql": {"warlog.review"}})
    assert violations({"warlog.store": {"warlog.web.app"}})
    assert violations({"warlog.store.sqlite": {"warlog.cli"}})
    assert violations({"warlog.review": {"warlog.web"}})
    assert violations({"warlog.export.csv": {"warlog.cli.common"}})
    assert not violations({"warlog.cli.events": {"warlog.store", "warlog.query", "warlog.cli.output"}})
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []
    assert circles(package_graph({"warlog.store.sqlite": {"warlog.review"}, "warlog.review": {"warlog.store"}}))


# -- the API and the settings -----------------------------------------------------------------------------


def test_all_is_what_the_readme_documents() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    para = text[text.index("API (`warlog.__all__`"):]
    para = para[:para.index("\n\n")]
    documented = set(re.findall(r"`(\w+)`", para))
    assert documented == set(warlog.__all__) - {"__version__"}


def test_every_variable_the_code_reads_is_in_the_table() -> None:
    named = {m for path in PACKAGE.rglob("*.py") for m in re.findall(r"WARLOG_[A-Z][A-Z_]*", path.read_text("utf-8"))}
    assert named, "no WARLOG_* variable found: the scan is broken"
    assert named <= {s.env for s in SETTINGS}, sorted(named - {s.env for s in SETTINGS})


def test_only_the_settings_module_reads_the_environment() -> None:
    reads = re.compile(r"\b(?:environ|getenv|envvar)\b")
    readers = sorted(module_name(p) for p in PACKAGE.rglob("*.py")
                     if p.name != "settings.py" and any(reads.search(line) and "WARLOG_" in line
                                                        for line in p.read_text("utf-8").splitlines()))
    assert readers == []


def test_the_table_holds_every_setting_and_its_one_default() -> None:
    assert sorted(f.name for f in fields(Settings)) == sorted(s.name for s in SETTINGS)
    defaults = Settings()
    for s in SETTINGS:
        assert getattr(defaults, s.name) == s.default, s.name
        assert setting(s.name, {}) == s.default, s.name
    assert Settings.from_env({}) == defaults


def test_a_setting_read_alone_is_parsed_as_the_table_says() -> None:
    from warlog.errors import ConfigError

    assert setting("models", {"WARLOG_MODELS": "/tmp/m"}) == "/tmp/m"
    assert setting("processes", {"WARLOG_PROCESSES": "3"}) == 3
    assert setting("dedup", {"WARLOG_DEDUP": "off"}) is False
    with pytest.raises(ConfigError, match="WARLOG_PROCESSES"):
        setting("processes", {"WARLOG_PROCESSES": "-1"})


# -- sizes ------------------------------------------------------------------------------------------------


def test_no_module_over_600_lines_and_no_function_over_80() -> None:
    long_modules, long_functions = [], []
    for name, path in modules().items():
        text = path.read_text("utf-8")
        if text.count("\n") > 600:
            long_modules.append(f"{name}: {text.count(chr(10))}")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 80:
                    long_functions.append(f"{name}.{node.name}: {length}")
    assert long_modules == [] and long_functions == []
