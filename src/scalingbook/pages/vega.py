"""The offline Vega bundle every chart draws with (no Altair import: the build and ``run``
write it without paying for Altair)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["BUNDLE_NAME", "write_vega_bundle", "vega_bundle_written"]

BUNDLE_NAME = "scalingbook-vega.js"


def write_vega_bundle(dest_dir: str | Path) -> Path:
    """Write the self-contained Vega + Vega-Lite + Vega-Embed bundle into ``dest_dir``.

    The bundle comes from vl-convert (no network) and defines ``window.vegaEmbed``. It is
    rewritten only when missing or made by another vl-convert version, so repeated builds
    keep its timestamp (and Sphinx's incremental build stays incremental). Making it takes
    vl-convert over a second, so one copy per vl-convert version is kept beside the datasets
    cache (``vega/``) and a fresh checkout copies it from there.
    """
    from importlib.metadata import version

    vl_version = version("vl-convert-python")
    dest = Path(dest_dir) / BUNDLE_NAME
    header = f"/* Vega, Vega-Lite and Vega-Embed bundled by vl-convert-python {vl_version} */\n"
    if _starts_with(dest, header):
        return dest
    from ..sources.datasets import cache_root

    kept = cache_root().parent / "vega" / f"{dest.stem}-{vl_version}.js"
    if _starts_with(kept, header):
        text = kept.read_text(encoding="utf-8")
    else:
        import vl_convert

        # The bundle declares top-level names such as `_`, which Sphinx pages already define
        # (the translation helper): scope it in a function; it still sets window.vegaEmbed.
        text = header + "(function () {\n" + vl_convert.javascript_bundle() + "\n}).call(window);\n"
        try:
            _write_atomically(kept, text)
        except OSError:  # a read-only cache only costs the time
            pass
    _write_atomically(dest, text)
    return dest


def vega_bundle_written(dest_dir: str | Path) -> bool:
    """Whether :func:`write_vega_bundle` has nothing to do for ``dest_dir`` (the bundle there, or
    kept beside the datasets cache, was made by the installed vl-convert)."""
    from importlib.metadata import version

    from ..sources.datasets import cache_root

    vl_version = version("vl-convert-python")
    header = f"/* Vega, Vega-Lite and Vega-Embed bundled by vl-convert-python {vl_version} */\n"
    dest = Path(dest_dir) / BUNDLE_NAME
    kept = cache_root().parent / "vega" / f"{dest.stem}-{vl_version}.js"
    return _starts_with(dest, header) or _starts_with(kept, header)


def _starts_with(path: Path, header: str) -> bool:
    if not path.is_file():
        return False
    with path.open(encoding="utf-8") as fh:
        return fh.readline() == header


def _write_atomically(dest: Path, text: str) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f"{dest.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(dest)


if __name__ == "__main__":  # python -m scalingbook.pages.vega DIR: the build makes it beside its executions
    import sys

    write_vega_bundle(sys.argv[1])
