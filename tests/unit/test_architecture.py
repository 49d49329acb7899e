"""The layers (ARCHITECTURE.md, "Layers"), checked on the source with `ast`:

- nothing below ui/ imports Qt, so every rule can be tested without a screen;
- above services/ (ui/, cli.py) nothing names an ORM class or calls a generic row editor: the
  UI runs named commands (ARCHITECTURE.md, "One write path"); the domain's enumerations are
  its vocabulary and may be named;
- imports go one way: ui -> services -> domain/store/practice/export. export imports neither
  store nor services; store imports only domain; domain imports nothing of ours. config and
  hardening are leaves anyone may import. Relative imports (`from ..store import x`,
  `from . import y`) are resolved to absolute names, and imports inside functions (the lazy
  ones) and under `if TYPE_CHECKING:` count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterator
from pathlib import Path

import safetymap

PKG = Path(safetymap.__file__).parent
ROOT = PKG.name  # "safetymap"
QT = {"PySide6", "shiboken6", "PyQt5", "PyQt6"}

#: Leaf modules: importable by every layer, importing nothing of ours themselves. The bare
#: package (`from . import __version__`) counts as a leaf too.
LEAVES = frozenset({"config", "files", "hardening", "i18n", ROOT})

#: Which layers each layer may import (besides itself and the leaves).
ALLOWED: dict[str, frozenset[str]] = {
    "ui": frozenset({"ui", "cli", "team", "services", "domain", "store", "practice",
                     "export"}),
    "__main__": frozenset({"cli"}),
    "cli": frozenset({"cli_backups", "team", "services", "domain", "store", "practice",
                      "export"}),
    "cli_backups": frozenset({"cli", "team", "services", "domain", "store", "practice",
                              "export"}),
    # the team store: sync and the team server, above services (it runs their commands, such
    # as the profile set from the team login) and Qt-free
    "team": frozenset({"services", "domain", "store", "practice", "export"}),
    "services": frozenset({"domain", "store", "practice", "export"}),
    "export": frozenset({"domain", "practice"}),
    "practice": frozenset({"domain"}),
    "store": frozenset({"domain"}),
    "domain": frozenset(),
    "config": frozenset(),
    "files": frozenset(),
    "hardening": frozenset(),
    # the documents' catalogue (gettext, Babel dates): reads its files through config only
    "i18n": frozenset(),
}

#: Exact module-to-module exceptions, each with its reason. Keep this short.
EXCEPTIONS: dict[tuple[str, str], str] = {
    # The `safetymap` command starts the desktop app when no subcommand is given; it imports
    # the app lazily, inside cmd_gui, so the headless commands never load Qt.
    ("safetymap.cli", "safetymap.ui.app"): "the GUI entry point",
}

#: Imports that break the rules today and are waiting for a fix, as (module, imported module).
#: Not allowed: listed so that the test fails on any *new* one, and fails when one of these is
#: fixed (then delete its line). Never add to this list to make a new import pass.
KNOWN_VIOLATIONS: frozenset[tuple[str, str]] = frozenset()

#: Layers that must not import Qt: everything but ui/.
QT_FREE = frozenset(ALLOWED) - {"ui"}


def module_name(path: Path, root: Path) -> tuple[str, bool]:
    """The dotted module name of `path` under the package directory `root`, and whether it is
    a package (`__init__.py`)."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


def imports_of(source: str, module: str, is_package: bool) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) of every import in `source`, anywhere in the file.

    For `from X import a, b` both `X.a` and `X.b` are given (each may be a submodule), so
    `from safetymap import store` is seen as an import of `safetymap.store`."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                if node.level - 1 > len(package):
                    raise ValueError(f"{module}:{node.lineno}: relative import beyond the top")
                base = package[: len(package) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            yield node.lineno, target
            for alias in node.names:
                if alias.name != "*":
                    yield node.lineno, f"{target}.{alias.name}"


def layer_of(name: str) -> str | None:
    """The layer of an absolute module name of ours (`safetymap.store.engine` -> "store"), the
    package itself for anything defined in safetymap/__init__.py, None for third-party."""
    parts = name.split(".")
    if parts[0] != ROOT:
        return None
    if len(parts) == 1 or parts[1] not in ALLOWED:
        return ROOT  # the bare package, or a name defined in it (__version__)
    return parts[1]


def violations(root: Path, known: frozenset[tuple[str, str]] = frozenset(),
               seen_known: set[tuple[str, str]] | None = None) -> list[str]:
    """Every import in the package at `root` that goes against ALLOWED, EXCEPTIONS or QT_FREE,
    one sentence each (file:line). Imports listed in `known` are left out and added to
    `seen_known`."""
    out: list[str] = []
    for path in sorted(root.rglob("*.py")):
        module, is_package = module_name(path, root)
        own = layer_of(module)
        if own is None or own == ROOT and module != ROOT:
            out.append(f"{path.relative_to(root)}: not in any layer (add it to ALLOWED)")
            continue
        allowed = ALLOWED.get(own, frozenset()) | {own} | LEAVES
        where = path.relative_to(root.parent)
        said: set[int] = set()  # one sentence per import line (`from X import a, b`)
        for line, target in imports_of(path.read_text("utf-8"), module, is_package):
            if line in said:
                continue
            if own in QT_FREE and target.split(".")[0] in QT:
                out.append(f"{where}:{line}: {own} imports {target} (Qt only in ui/)")
                said.add(line)
                continue
            theirs = layer_of(target)
            if theirs is None or theirs in allowed:
                continue
            if any(module == a and (target == b or target.startswith(b + "."))
                   for a, b in EXCEPTIONS):
                continue
            hit = [k for k in known if module == k[0] and (target == k[1]
                                                             or target.startswith(k[1] + "."))]
            if hit:
                if seen_known is not None:
                    seen_known.update(hit)
                continue
            out.append(f"{where}:{line}: {own} imports {target} ({own} may import "
                       f"{', '.join(sorted(allowed - {ROOT})) or 'nothing of ours'})")
            said.add(line)
    return out


def test_imports_follow_the_layers():
    seen: set[tuple[str, str]] = set()
    found = violations(PKG, KNOWN_VIOLATIONS, seen)
    assert not found, "\n".join(found)
    fixed = KNOWN_VIOLATIONS - seen
    assert not fixed, f"fixed, so delete from KNOWN_VIOLATIONS: {sorted(fixed)}"


def test_the_known_violations_are_still_violations():
    """KNOWN_VIOLATIONS hides nothing else: without it the checker reports exactly those."""
    found = violations(PKG)
    assert len(found) >= len(KNOWN_VIOLATIONS)
    for module, target in KNOWN_VIOLATIONS:
        where = module.replace(".", "/") + ".py"
        assert any(v.startswith(where) and f"imports {target}" in v for v in found), found


def test_every_layer_is_there():
    found = {layer_of(module_name(p, PKG)[0]) for p in PKG.rglob("*.py")}
    assert set(ALLOWED) <= found
    assert sum(1 for sub in QT_FREE for _ in (PKG / sub).rglob("*.py")) > 10


def test_imports_are_resolved_to_absolute_names():
    src = ("from ..store import engine\nfrom . import common\nfrom .styles import st\n"
           "import safetymap.domain.model\n"
           "def f():\n    from ...safetymap import store\n")
    got = {t for _, t in imports_of(src, "safetymap.export.plan", False)}
    assert {"safetymap.store", "safetymap.store.engine", "safetymap.export.common",
            "safetymap.export.styles.st", "safetymap.domain.model"} <= got
    got = {t for _, t in imports_of("from . import plan\n", "safetymap.export", True)}
    assert "safetymap.export.plan" in got


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / ROOT
    for layer in ALLOWED:
        if layer in ("cli", "cli_backups", "config", "files", "hardening", "i18n", "__main__"):
            (root / f"{layer}.py").parent.mkdir(parents=True, exist_ok=True)
            (root / f"{layer}.py").write_text("")
        else:
            (root / layer).mkdir(parents=True, exist_ok=True)
            (root / layer / "__init__.py").write_text("")
    (root / "__init__.py").write_text("__version__ = '0'\n")
    for rel, text in files.items():
        (root / rel).write_text(text)
    return root


def test_the_checker_catches_export_importing_store(tmp_path):
    """The control: a planted import from export/ into store/, relative and inside a function,
    is reported; the same tree without it is clean."""
    clean = _tree(tmp_path / "a", {"export/plan.py": "from ..domain import model\n"
                                                     "from .. import config, __version__\n"})
    assert violations(clean) == []
    bad = _tree(tmp_path / "b", {"export/plan.py": "def f():\n    from ..store import engine\n"})
    found = violations(bad)
    assert len(found) == 1 and "safetymap/export/plan.py:2: export imports safetymap.store" \
        in found[0], found
    bad2 = _tree(tmp_path / "c", {"export/plan.py": "from safetymap import services\n"})
    assert any("export imports safetymap.services" in v for v in violations(bad2))


def test_a_planted_import_in_a_copy_of_the_real_package_fails(tmp_path):
    """The same control on a copy of the real package, with KNOWN_VIOLATIONS applied: a new
    import from export/ into store/ (even of the module already listed) is reported."""
    copy = tmp_path / ROOT
    shutil.copytree(PKG, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert violations(copy, KNOWN_VIOLATIONS) == []
    (copy / "export" / "planted.py").write_text("from ..store.errors import NotFound\n")
    found = violations(copy, KNOWN_VIOLATIONS)
    assert found == [f"{ROOT}/export/planted.py:1: export imports {ROOT}.store.errors "
                     "(export may import config, domain, export, files, hardening, i18n, "
                     "practice)"], found


def test_the_checker_catches_the_other_directions(tmp_path):
    cases = {
        "store/x.py": "from ..services import families\n",
        "domain/x.py": "from ..practice.templates import Template\n",
        "services/x.py": "from ..ui import app\n",
        "cli.py": "from .ui.workspace import page\n",  # only ui.app is the exception
        "config.py": "from .store import engine\n",
    }
    for i, (rel, text) in enumerate(cases.items()):
        assert violations(_tree(tmp_path / str(i), {rel: text})), rel


def test_the_checker_catches_qt_below_ui(tmp_path):
    bad = _tree(tmp_path, {"services/x.py": "def f():\n    from PySide6.QtCore import QObject\n",
                           "ui/x.py": "from PySide6.QtCore import QObject\n"})
    found = violations(bad)
    assert len(found) == 1 and "services imports PySide6.QtCore" in found[0], found


# --- one write path: above services/, no ORM class, no column, no generic row editor ----------

#: what ui/ and cli.py may never name: the generic row editor and the uid look-ups it needed
GENERIC_WRITES = frozenset({"update_entity", "delete_entity", "ENTITIES"})
FORBIDDEN_ABOVE_SERVICES = ("safetymap.services.editing", "safetymap.services.lookup",
                            "safetymap.store.history", "safetymap.store.changesets")


def orm_uses(root: Path) -> list[str]:
    """Every place in ui/ and cli.py that names an ORM class (an import from domain.model of
    anything but an enumeration: the domain's vocabulary), imports SQLAlchemy (its exceptions
    aside), imports the generic editor or the history internals, or calls update_entity."""
    import enum

    from safetymap.domain import model as m

    out: list[str] = []
    files = sorted((root / "ui").rglob("*.py")) + [root / "cli.py"]
    for path in files:
        if not path.exists():
            continue
        module, is_package = module_name(path, root)
        where = path.relative_to(root.parent)
        tree = ast.parse(path.read_text("utf-8"))
        for line, target in imports_of(path.read_text("utf-8"), module, is_package):
            if target == f"{ROOT}.domain.model" or target.startswith(f"{ROOT}.domain.model."):
                name = target.rsplit(".", 1)[-1]
                value = getattr(m, name, None)
                if target.endswith(".model") or not (isinstance(value, type)
                                                     and issubclass(value, enum.Enum)):
                    if target.endswith(".model") and any(
                            isinstance(n, ast.ImportFrom) and n.lineno == line
                            and all(isinstance(getattr(m, a.name, None), type)
                                    and issubclass(getattr(m, a.name), enum.Enum)
                                    for a in n.names) for n in ast.walk(tree)):
                        continue  # `from ..domain.model import MapArea`: the base is named too
                    out.append(f"{where}:{line}: names the ORM model ({target})")
            elif target.split(".")[0] == "sqlalchemy" and not target.startswith("sqlalchemy.exc"):
                out.append(f"{where}:{line}: imports {target}")
            elif any(target == f or target.startswith(f + ".") for f in FORBIDDEN_ABOVE_SERVICES):
                out.append(f"{where}:{line}: imports {target}")
        for node in ast.walk(tree):
            name = node.attr if isinstance(node, ast.Attribute) else (
                node.id if isinstance(node, ast.Name) else None)
            if name in GENERIC_WRITES:
                out.append(f"{where}:{node.lineno}: uses {name}")
    return sorted(set(out))


def test_ui_and_the_cli_name_no_orm_class_and_no_generic_write():
    found = orm_uses(PKG)
    assert not found, "\n".join(found)


def test_the_orm_check_catches_a_planted_use(tmp_path):
    copy = tmp_path / ROOT
    shutil.copytree(PKG, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert orm_uses(copy) == []
    (copy / "ui" / "planted.py").write_text(
        "from ..domain.model import MapArea, Person\n"
        "from ..domain import model as m\n"
        "from ..services import editing\n"
        "def f(store):\n    editing.update_entity(store, 'Person', 1, name='x')\n")
    found = orm_uses(copy)
    assert [f.split(": ", 1)[1] for f in found] == [
        f"names the ORM model ({ROOT}.domain.model)",
        f"names the ORM model ({ROOT}.domain.model.Person)",
        f"names the ORM model ({ROOT}.domain.model)",
        f"imports {ROOT}.services.editing",
        "uses update_entity"], found


def unnamed_writes(root: Path) -> list[str]:
    """Every `with store.session()` block in services/ that writes a row (s.add, s.delete,
    setattr, an attribute assignment, a merge) without naming its command: each change a
    person can make is a named command, and the changeset says which."""
    out: list[str] = []
    for path in sorted((root / "services").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.With):
                continue
            for item in node.items:
                call = item.context_expr
                if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                        and call.func.attr == "session"):
                    continue
                if any(k.arg == "command" for k in call.keywords):
                    continue
                for inner in ast.walk(ast.Module(body=node.body, type_ignores=[])):
                    writes = (
                        isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute)
                        and inner.func.attr in ("add", "add_all", "delete", "merge")
                        and isinstance(inner.func.value, ast.Name)
                        and inner.func.value.id == "s"
                    ) or (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name)
                          and inner.func.id == "setattr") or (
                        isinstance(inner, ast.Assign)
                        and any(isinstance(t, ast.Attribute) for t in inner.targets))
                    if writes:
                        out.append(f"{path.relative_to(root.parent)}:{node.lineno}")
                        break
    return sorted(set(out))


def test_every_write_in_services_names_its_command():
    assert unnamed_writes(PKG) == []


def test_the_unnamed_write_check_catches_one(tmp_path):
    bad = _tree(tmp_path, {"services/x.py": (
        "def rename(store, pid, name):\n"
        "    with store.session() as s:\n"
        "        s.get(P, pid).name = name\n"
        "def good(store, pid):\n"
        "    with store.session(command='x.good') as s:\n"
        "        s.delete(s.get(P, pid))\n"
        "def read(store):\n"
        "    with store.session() as s:\n"
        "        return s.scalars(q).all()\n")})
    assert unnamed_writes(bad) == ["safetymap/services/x.py:2"]
