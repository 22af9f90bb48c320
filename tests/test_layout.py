"""The package's habits: one interface per chapter module, one formatter module, one verdict
rule, no private names crossing modules or reaching a notebook, and a build floor the chapters'
execution cache does not depend on."""

from __future__ import annotations

import ast
import importlib
import re
import shutil
from pathlib import Path

import pytest

from scalingbook.pages import claims

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "scalingbook"
CHAPTER_MODULES = {
    name: mod
    for name, mod in claims.CHAPTER_MODULES.items()
    if (SRC / "pages" / (mod.rsplit(".", 1)[1] + ".py")).exists()
}


@pytest.mark.parametrize("chapter", sorted(CHAPTER_MODULES))
def test_every_chapter_module_has_the_same_interface(chapter):
    mod = importlib.import_module(CHAPTER_MODULES[chapter])
    assert getattr(mod, "CHAPTER", None) == chapter, f"{mod.__name__}.CHAPTER must be {chapter!r}"
    for name in ("build", "claims"):
        assert callable(getattr(mod, name, None)), f"{mod.__name__} lacks {name}()"
    assert isinstance(getattr(mod, "__all__", None), (list, tuple)) and {"build", "claims"} <= set(mod.__all__)
    missing = [n for n in mod.__all__ if not hasattr(mod, n)]
    assert not missing, f"{mod.__name__}.__all__ names what the module lacks: {missing}"


def _functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


FORMATTER = re.compile(
    r"^_?(pct|percent|usd|dollars|money|readable(_number)?|num|fmt|format_number|count|"
    r"sci|times|flop|_?sup(erscript)?)$"
)


def test_numbers_are_formatted_in_one_module():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path == SRC / "pages" / "format.py":
            continue
        offenders += [f"{path.relative_to(SRC)}:{name}" for name in _functions(path) if FORMATTER.match(name)]
    assert not offenders, f"number formatters outside pages/format.py: {offenders}"


def test_one_verdict_rule():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path == SRC / "pages" / "claims.py":
            continue
        offenders += [
            f"{path.relative_to(SRC)}:{name}"
            for name in _functions(path)
            if re.search(r"verdict|^_worst$|_rule_close|^_?grade(_log)?$", name)
        ]
        text = path.read_text(encoding="utf-8")
        if re.search(r'"not supported"|\'not supported\'', text):
            offenders.append(f"{path.relative_to(SRC)}: the verdict word 'not supported'")
    assert not offenders, f"verdict rules outside pages/claims.py: {offenders}"


def test_no_module_imports_another_modules_private_name():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level and node.module:
                offenders += [
                    f"{path.relative_to(SRC)}: {node.module}.{a.name}"
                    for a in node.names
                    if a.name.startswith("_") and not a.name.startswith("__")
                ]
    assert not offenders, f"private names imported across modules: {offenders}"


def test_no_notebook_calls_a_private_function():
    offenders = []
    for path in sorted((ROOT / "chapters").glob("*.md")):
        for m in re.finditer(r"\b[a-z_]\w*\.(_[a-z]\w*)\(", path.read_text(encoding="utf-8")):
            offenders.append(f"{path.name}: {m.group(0)}")
    assert not offenders, f"notebooks call private functions: {offenders}"


def test_no_word_of_the_projects_process_reaches_a_reader():
    pattern = re.compile(r"\bseed claim|\s\(seed\)|\bthe seed's\b|\bissue #?\d+|\breviewer\b|\bthis wave\b", re.I)
    offenders = []
    for path in sorted((ROOT / "chapters").glob("*.md")) + sorted((SRC / "pages").glob("*.py")):
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.name}:{i}: {line.strip()[:80]}")
    assert not offenders, f"process words on pages: {offenders}"


def test_editing_the_build_floor_re_executes_no_chapter(tmp_path):
    """The execution cache is keyed on what a chapter's kernel imports: editing the CLI or the PDF
    builder (build floor) leaves every chapter's key unchanged, editing a formula changes it."""
    import os
    import subprocess
    import sys

    src = tmp_path / "src"
    shutil.copytree(SRC, src / "scalingbook", ignore=shutil.ignore_patterns("__pycache__"))
    code = (
        "from scalingbook.build import execution; from scalingbook.build.book import Book; "
        f"from pathlib import Path; print(execution.source_digest(Book(Path({str(ROOT)!r}))))"
    )

    def digest() -> str:
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONPATH": str(src)},
        )
        assert out.returncode == 0, out.stderr[-2000:]
        return out.stdout.strip()

    before = digest()
    package = src / "scalingbook"
    for name in ("cli.py", "pdf.py"):
        (package / "build" / name).write_text((package / "build" / name).read_text() + "\n# an edit\n")
    assert digest() == before, "editing the build floor changed the chapters' cache key"
    law = package / "science" / "laws.py"
    law.write_text(law.read_text() + "\n# an edit\n")
    assert digest() != before, "editing a formula left the chapters' cache key unchanged"
