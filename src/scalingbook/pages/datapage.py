"""The "Data" page of the book: every published dataset the chapters fetch (source at its
pinned commit, licence, size, files with their sha256, paper, chapters) and the book's own small
tables (``data/*.csv``) with their credits, in MyST Markdown. The site assembly writes it as
``datasets.md``; the registry it describes is :mod:`scalingbook.sources.datasets`."""

from __future__ import annotations

from pathlib import Path

from ..sources import datasets

__all__ = ["datasets_page_markdown", "small_tables_markdown"]


def _licence_words(ds: datasets.Dataset) -> str:
    if ds.licence == "none stated":
        return "no licence stated: downloaded from the source, not redistributed"
    if "SA" in ds.licence:
        return f"{ds.licence} (share-alike: data adapted from it must be shared under the same licence)"
    return ds.licence


def small_tables_markdown(folder: Path | None = None) -> str:
    """The "Data" page's section on the book's own small tables (``data/*.csv``): each with a
    download link, its row count and columns, then the credits of ``data/README.md``."""
    import csv

    from ..sources.tables import data_dir

    folder = folder or data_dir()
    lines = [
        "## The book's own tables",
        "",
        "Small facts transcribed from papers, each row with its source. Download them as CSV:",
        "",
        "| table | rows | columns |",
        "|---|---|---|",
    ]
    for table in sorted(folder.glob("*.csv")):
        with table.open(newline="", encoding="utf-8") as fh:  # csv, not pandas: no-change rebuilds stay fast
            reader = csv.reader(fh)
            header = next(reader, [])
            n_rows = sum(1 for _ in reader)
        cols = ", ".join(f"`{c}`" for c in header if c != "source")
        lines.append(f"| {{download}}`{table.name} <data/{table.name}>` | {n_rows} | {cols} |")
    lines += ["", "### Sources and licences", "", "```{include} data/README.md", ":start-line: 1", "```", ""]
    return "\n".join(lines)


def datasets_page_markdown(small_tables: str | None = None) -> str:
    """The whole "Data" page in MyST Markdown: every published dataset the book fetches
    (source at its commit, licence, size, files with sha256, paper, chapters), then
    ``small_tables`` (default: :func:`small_tables_markdown` of the book's ``data/``)."""
    if small_tables is None:
        small_tables = small_tables_markdown()
    total = sum(ds.total_bytes for ds in datasets.REGISTRY.values())
    lines = [
        "(datasets)=",
        "# Data",
        "",
        "## Published datasets, fetched from their source",
        "",
        "The chapters re-analyse measurements that the papers' authors published. None of these "
        "files is part of the book: `make book` (or `scalingbook data fetch`) downloads each one from "
        "its repository at a pinned commit, checks its sha256 and caches it "
        f"({len(datasets.REGISTRY)} datasets, {datasets.format_size(total)} in all). Set `SCALINGBOOK_DATA_MIRROR` to a folder "
        "laid out `OWNER/REPO/COMMIT/PATH` to use a local copy instead of the network; "
        "`SCALINGBOOK_DATA_DIR` moves the cache.",
        "",
        "| dataset | source at its commit | licence | files | size | paper | chapters |",
        "|---|---|---|---|---|---|---|",
    ]
    for ds in datasets.REGISTRY.values():
        chapters = ", ".join(f"{{doc}}`chapters/{c}`" for c in ds.chapters)
        lines.append(
            f"| `{ds.name}` | [{ds.repository} @ `{ds.commit[:7]}`]({ds.source_url}) | "
            f"{_licence_words(ds)} | {len(ds.files)} | {datasets.format_size(ds.total_bytes)} | "
            f"{{cite:t}}`{ds.cite}` | {chapters} |"
        )
    lines.append("")
    for ds in datasets.REGISTRY.values():
        lines += [f"### `{ds.name}`", "", f"{ds.holds}. Commit `{ds.commit}`; cite {{cite:t}}`{ds.cite}`.", ""]
        shown = ds.files if len(ds.files) <= 12 else ds.files[:6]
        lines += ["| file | bytes | sha256 |", "|---|---|---|"]
        lines += [f"| [`{f.path}`]({ds.url(f.path)}) | {f.bytes:,} | `{f.sha256}` |" for f in shown]
        if len(shown) < len(ds.files):
            lines.append(
                f"| ... and {len(ds.files) - len(shown)} more files | "
                f"{sum(f.bytes for f in ds.files[len(shown) :]):,} | dataset digest `{ds.digest}` |"
            )
        lines.append("")
    if small_tables:
        lines += [small_tables, ""]
    return "\n".join(lines)
