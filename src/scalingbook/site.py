"""Sphinx extension for the book's site (listed in ``_config.yml``).

Jupyter Book 1.x always loads sphinx-thebe, which injects its inline configuration script
twice on every page (a ``const`` redeclared: a console error) and names a CDN script. The
book executes nothing in the browser, so this extension removes thebe's scripts and styles
from every page, and sets the theme's default colour mode.
"""

from __future__ import annotations

from typing import Any


def _is_thebe(asset: Any) -> bool:
    name = str(getattr(asset, "filename", "") or "")
    body = str(getattr(asset, "attributes", {}).get("body", "") or "")
    return "thebe" in name.lower() or "THEBE" in body


def _strip_thebe(app, pagename, templatename, context, doctree) -> None:
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if not _is_thebe(a)]


def _theme_defaults(app, config) -> None:
    """Start in the reader's system colour mode; without a default the theme logs an error."""
    context = dict(config.html_context or {})
    context.setdefault("default_mode", "auto")  # pydata-sphinx-theme reads it from the context
    config.html_context = context


def setup(app) -> dict[str, Any]:
    app.connect("config-inited", _theme_defaults)
    app.connect("html-page-context", _strip_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
