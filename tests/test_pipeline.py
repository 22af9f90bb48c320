"""The pipeline: execution cache, atomic builds, failing chapters, run and sweep outputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from scalingbook import params, pipeline

ROOT = Path(__file__).resolve().parents[1]
BOOK_ITEMS = ["_config.yml", "_toc.yml", "references.bib", "_static", "chapters", "data"] + [
    p.name for p in ROOT.glob("*.md") if p.name != "README.md"
]
FAST = "test-time-compute"


def copy_book(dest: Path, with_cache_from: Path | None = None) -> pipeline.Book:
    dest.mkdir(parents=True, exist_ok=True)
    for item in BOOK_ITEMS:
        src = ROOT / item
        if src.is_dir():
            shutil.copytree(src, dest / item)
        elif src.exists():
            shutil.copy2(src, dest / item)
    if with_cache_from is not None and (with_cache_from / ".cache" / "executed").exists():
        shutil.copytree(with_cache_from / ".cache" / "executed", dest / ".cache" / "executed")
    return pipeline.Book(dest)


def break_notebook(book: pipeline.Book, chapter: str, code: str = 'raise RuntimeError("deliberate failure")') -> int:
    path = book.notebook(chapter)
    nb = nbformat.read(path, as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])) + 2
    nb.cells.insert(index, nbformat.v4.new_code_cell(code))
    nbformat.write(nb, path)
    return index


def tree_digest(path: Path) -> dict[str, float]:
    return {str(p.relative_to(path)): p.stat().st_mtime_ns for p in path.rglob("*.html")}


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory, book):
    """A private copy of the book, built once from the repository's execution cache."""
    # make sure the repository cache holds every chapter's default execution
    pipeline.execute_many(book, [(c, {}) for c in params.chapter_names()])
    copy = copy_book(tmp_path_factory.mktemp("book"), with_cache_from=ROOT)
    summary = pipeline.build(copy, progress=lambda m: None)
    assert summary.site_rebuilt and (copy.html_dir / "index.html").exists()
    return copy


def test_execution_key_changes_with_notebook_parameters_and_sources(book):
    defaults = params.validate(FAST, {})
    k1 = pipeline.execution_key(book, FAST, defaults)
    assert k1 == pipeline.execution_key(book, FAST, dict(defaults))
    changed = dict(defaults)
    p = next(q for q in params.schema(FAST) if q.kind is int)
    changed[p.name] = p.default + 1
    assert pipeline.execution_key(book, FAST, changed) != k1
    assert pipeline.execution_key(book, FAST, defaults, sources="other") != k1


@pytest.mark.slow
def test_no_change_rebuild_executes_nothing_and_skips_sphinx(built_copy):
    before = tree_digest(built_copy.html_dir)
    summary = pipeline.build(built_copy, progress=lambda m: None)
    assert all(r.cached for r in summary.records)
    assert not summary.site_rebuilt
    assert tree_digest(built_copy.html_dir) == before


@pytest.mark.slow
def test_failing_chapter_names_chapter_and_cell_and_keeps_the_site(built_copy):
    before = tree_digest(built_copy.html_dir)
    staged = (built_copy.stage_dir / "chapters" / "test_time_compute.ipynb").read_bytes()
    original = built_copy.notebook(FAST).read_bytes()
    index = break_notebook(built_copy, FAST)
    try:
        with pytest.raises(pipeline.ChapterFailed) as err:
            pipeline.build(built_copy, progress=lambda m: None)
        msg = str(err.value)
        assert f"chapter '{FAST}'" in msg and "RuntimeError: deliberate failure" in msg and "cell [" in msg
        assert tree_digest(built_copy.html_dir) == before, "the published site changed after a failure"
        assert (built_copy.stage_dir / "chapters" / "test_time_compute.ipynb").read_bytes() == staged, \
            "a partial notebook was staged"
        leftovers = [p for p in (built_copy.cache_dir / FAST).iterdir() if p.name.startswith("exec-")]
        assert not leftovers, f"temporary execution left behind: {leftovers}"
    finally:
        built_copy.notebook(FAST).write_bytes(original)
    assert index > 0


@pytest.mark.slow
def test_cli_build_failure_exits_1(built_copy, monkeypatch, capsys):
    from scalingbook import cli

    original = built_copy.notebook(FAST).read_bytes()
    break_notebook(built_copy, FAST, "1 / 0")
    try:
        code = cli.main(["--root", str(built_copy.root), "build"])
    finally:
        built_copy.notebook(FAST).write_bytes(original)
        monkeypatch.delenv("SCALINGBOOK_ROOT", raising=False)
    err = capsys.readouterr().err
    assert code == 1 and FAST in err and "ZeroDivisionError" in err


@pytest.mark.slow
def test_sphinx_warning_fails_the_build_and_keeps_the_site(built_copy):
    before = tree_digest(built_copy.html_dir)
    page = built_copy.root / "rerun.md"
    original = page.read_text()
    page.write_text(original + "\nSee {doc}`no_such_page`.\n")
    try:
        with pytest.raises(pipeline.BuildError, match="previous site is unchanged"):
            pipeline.build(built_copy, progress=lambda m: None)
        assert tree_digest(built_copy.html_dir) == before
    finally:
        page.write_text(original)


def test_parameters_cell_must_agree_with_schema(tmp_path):
    copy = copy_book(tmp_path / "b")
    path = copy.notebook(FAST)
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    first = params.schema(FAST)[0]
    cell.source = cell.source.replace(f"{first.name}: {first.kind.__name__} = {first.default!r}",
                                      f"{first.name}: {first.kind.__name__} = {first.default!r} + 0", 1)
    nbformat.write(nb, path)
    with pytest.raises(pipeline.BuildError):
        pipeline.check_notebook_schema(copy, FAST)


@pytest.mark.slow
def test_run_writes_notebook_and_offline_html(tmp_path, book):
    p = next(q for q in params.schema(FAST) if q.kind is int and q.name != "seed" and q.high and q.high > q.default)
    out = tmp_path / "run"
    files = pipeline.run(FAST, {p.name: p.default + 1}, out_dir=out, book=book, progress=lambda m: None)
    html = files["html"].read_text()
    assert "window.vegaEmbed" in html and "scalingbook-chart" in html
    assert "src=\"http" not in html and "src='http" not in html, "the standalone page loads a script from the network"
    nb = json.loads(files["notebook"].read_text())
    assert any(c.get("outputs") for c in nb["cells"])
    assert json.loads(files["results"].read_text())
    assert f"{p.name}: {p.default + 1}" in files["parameters"].read_text()


@pytest.mark.slow
def test_sweep_writes_one_row_per_set_with_headlines(tmp_path, book):
    import pandas as pd

    p = next(q for q in params.schema(FAST) if q.name == "seed") if any(q.name == "seed" for q in params.schema(FAST)) \
        else next(q for q in params.schema(FAST) if q.kind is int)
    out = tmp_path / "sweep.csv"
    pipeline.sweep(FAST, {"grid": {p.name: [p.default, p.default + 1]}}, out_csv=out, book=book, progress=lambda m: None)
    df = pd.read_csv(out)
    assert len(df) == 2 and sorted(df[p.name]) == [p.default, p.default + 1]
    assert len(df.columns) > len(params.schema(FAST)), "no published numbers in the sweep CSV"


def test_expand_grid_forms():
    assert pipeline.expand_grid({"grid": {"a": [1, 2], "b": ["x"]}}) == [{"a": 1, "b": "x"}, {"a": 2, "b": "x"}]
    assert pipeline.expand_grid({"runs": [{"a": 1}], "grid": {"a": [3]}}) == [{"a": 1}, {"a": 3}]
    for bad in ({}, {"grid": {}}, {"runs": [1]}, [1, 2]):
        with pytest.raises(params.ParameterError):
            pipeline.expand_grid(bad)


def test_standalone_body_renders_directives_roles_and_honours_tags():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("(label)=\n# Title\n\nSee {cite}`kaplan2020` and {doc}`loss_scaling`.\n\n"
                                      "```{exercise}\n:label: ex1\n\nCompute *this*.\n```"),
        nbformat.v4.new_code_cell("secret = 1", metadata={"tags": ["remove-cell"]}),
        nbformat.v4.new_code_cell("shown_input()", metadata={"tags": []}),
        nbformat.v4.new_code_cell("hidden_input()", metadata={"tags": ["remove-input"]}),
    ]
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", name="stdout", text="42\n")]
    nb.cells[3].outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<b>bold</b>", "text/plain": "b"})]
    html = pipeline._notebook_body(json.loads(nbformat.writes(nb)))
    assert "(label)=" not in html and "<h1>Title</h1>" in html
    assert "[kaplan2020]" in html and "loss_scaling" in html and "{cite}" not in html
    assert 'class="box exercise"' in html and "<em>this</em>" in html and ":label:" not in html
    assert "secret" not in html and "shown_input()" in html and "hidden_input" not in html
    assert "42" in html and "<b>bold</b>" in html


def test_prune_keeps_the_execution_the_site_was_built_from(tmp_path):
    import os
    import time

    cache = tmp_path / "executed" / "ch"
    cache.mkdir(parents=True)
    for i in range(5):
        (cache / f"k{i}.json").write_text("{}")
        (cache / f"k{i}.ipynb").write_text("{}")
        t = time.time() - 100 + i
        os.utime(cache / f"k{i}.json", (t, t))
    (tmp_path / "executed" / "last-build.json").write_text(json.dumps({"ch": "k0"}))
    pipeline._prune_cache(cache, keep=2)
    left = sorted(p.stem for p in cache.glob("*.json"))
    assert left == ["k0", "k3", "k4"], left
    assert not (cache / "k1.ipynb").exists()
