"""Sphinx extension for the book's site (listed in ``_config.yml``).

Jupyter Book 1.x always loads sphinx-thebe, which injects its inline configuration script
twice on every page (a ``const`` redeclared: a console error) and names a CDN script. The
book executes nothing in the browser, so this extension removes thebe's scripts and styles
from every page, and sets the theme's default colour mode.

It also keeps the site light (issue: 32 MB of ``_static``, 24 MB of it MathJax):

* MathJax is served locally from the copy that ``sphinx-mathjax-offline`` installs, but only
  the components pages load (:data:`MATHJAX_LOAD`: TeX input with its AMS and autoloaded
  extensions, CommonHTML output with its fonts, assistive MathML for screen readers), started
  by ``startup.js`` (:data:`MATHJAX_FILES`): not the 15 combined builds, the contextual menu
  (420 kB, which every combined build carries), nor the 4 MB speech engine.
* the theme's translation catalogs (``_static/locales``, read only when building a page in
  another language) and Font Awesome's TrueType fonts (every browser takes the WOFF2 files
  listed first) are not shipped for an English book;
* the theme's Font Awesome script (1.5 MB, every icon) is cut to the icons the pages and the
  theme's scripts name (:func:`subset_fontawesome`);
* source maps (``*.map``, 3.4 MB) are not shipped: no page loads them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

#: What the site ships of MathJax 3 (paths inside its ``es5`` folder), by glob.
MATHJAX_FILES = (
    "startup.js",
    "core.js",
    "input/tex.js",
    "input/tex/extensions/*",
    "output/chtml.js",
    "output/chtml/fonts/tex.js",
    "output/chtml/fonts/woff-v2/*",
    "a11y/assistive-mml.js",
)
#: The MathJax components a page loads: TeX (with AMS, newcommand, autoload...), CommonHTML
#: output and hidden MathML for screen readers; not the 420 kB contextual menu.
MATHJAX_LOAD = ["input/tex", "output/chtml", "a11y/assistive-mml"]

#: Icons the themes draw from their own scripts and templates (as well as those found in pages).
THEME_ICONS = frozenset(
    """
angle-left angle-right arrow-up bars chevron-down chevron-right circle-half-stroke code download expand
compress file file-lines file-pdf home lightbulb list magnifying-glass moon outdent indent pencil
pencil-alt play rocket github gitlab square-github square-gitlab sun xmark copy check comment
arrow-up-right-from-square link up-right-from-square circle-info triangle-exclamation
""".split()
)

_ICON_ENTRY = re.compile(
    r'(?P<key>"[^"]+"|[A-Za-z_$][\w$]*):\[\d+,\d+,\[(?P<aliases>[^\]]*)\],"[0-9a-f]+",(?:"[^"]*"|\[[^\]]*\])\],?'
)
_ICON_CLASS = re.compile(r"\bfa-([a-z0-9-]+)")


def mathjax_source() -> Path:
    """The MathJax 3 folder that the ``sphinx-mathjax-offline`` package installs."""
    import importlib.util

    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or not spec.origin:
        raise RuntimeError("sphinx-mathjax-offline is not installed (make install)")
    return Path(spec.origin).parent / "static" / "mathjax"


def copy_mathjax(dest: Path) -> int:
    """Replace ``dest`` by the subset of MathJax in :data:`MATHJAX_FILES`; returns its bytes."""
    src = mathjax_source()
    if dest.exists():
        shutil.rmtree(dest)
    total = 0
    for pattern in MATHJAX_FILES:
        for f in sorted(src.glob(pattern)):
            if f.is_file():
                out = dest / f.relative_to(src)
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(f, out)
                total += f.stat().st_size
    return total


def subset_fontawesome(script: str, keep: set[str]) -> str:
    """Font Awesome's all-icons script with only the icons named in ``keep`` (names without
    the ``fa-`` prefix; an icon is kept when its name or one of its aliases is listed)."""

    def repl(m: re.Match) -> str:
        names = {m.group("key").strip('"')} | set(re.findall(r'"([^"]+)"', m.group("aliases")))
        return m.group(0) if names & keep else ""

    return _ICON_ENTRY.sub(repl, script)


def _slim_static(app, exc) -> None:
    """After a successful HTML build: MathJax subset, Font Awesome subset, no source maps."""
    if exc is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    static = out / "_static"
    copy_mathjax(static / "mathjax")
    for m in static.rglob("*.map"):
        m.unlink()
    if (app.config.language or "en").startswith("en"):
        shutil.rmtree(static / "locales", ignore_errors=True)
    for ttf in (static / "vendor").rglob("*.ttf"):
        if ttf.with_suffix(".woff2").exists():
            ttf.unlink()
    fa = static / "scripts" / "fontawesome.js"
    if fa.exists():
        keep = set(THEME_ICONS)
        for page in out.rglob("*.html"):
            keep.update(_ICON_CLASS.findall(page.read_text(encoding="utf-8", errors="replace")))
        for js in (static / "scripts").glob("*.js"):
            if js.name != "fontawesome.js":
                keep.update(_ICON_CLASS.findall(js.read_text(encoding="utf-8", errors="replace")))
        text = fa.read_text(encoding="utf-8")
        fa.write_text(subset_fontawesome(text, keep), encoding="utf-8")


_ATTRIBUTE_KINDS = ("attribute", "data", "property")


def _keep_attribute_docstring(app, what, name, obj, options, lines) -> None:
    """Before napoleon: remember an attribute's docstring. The package documents constants
    as "#: Text: more text"; napoleon would read "Text" as the attribute's type."""
    if what in _ATTRIBUTE_KINDS:
        app.env.temp_data.setdefault("scalingbook_docstrings", {})[name] = list(lines)


def _restore_attribute_docstring(app, what, name, obj, options, lines) -> None:
    """After napoleon: put the attribute's docstring back as written."""
    saved = app.env.temp_data.get("scalingbook_docstrings", {}).pop(name, None)
    if what in _ATTRIBUTE_KINDS and saved is not None:
        lines[:] = saved


def _mathjax_path(app, config) -> None:
    config.mathjax_path = "mathjax/startup.js"
    mj = dict(config.mathjax3_config or {})
    loader = dict(mj.get("loader") or {})
    loader.setdefault("load", list(MATHJAX_LOAD))
    mj["loader"] = loader
    config.mathjax3_config = mj
    # _config.yml can only give lists; Sphinx matches (type, target) tuples
    for key in ("nitpick_ignore", "nitpick_ignore_regex"):
        setattr(config, key, [tuple(x) for x in getattr(config, key, []) or []])


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


def _remember_entry_points() -> None:
    """pybtex looks up its plugins among the installed packages' entry points at every citation
    it formats (about 12 ms each, 171 citations here); the installed packages do not change
    during a build, so each lookup is made once. Plugins registered at run time are still
    looked up first, as pybtex does."""
    import functools

    import pybtex.plugin

    if not hasattr(pybtex.plugin.entry_points, "cache_info"):
        lookup = pybtex.plugin.entry_points
        pybtex.plugin.entry_points = functools.lru_cache(maxsize=None)(lambda **kw: tuple(lookup(**kw)))


def _read_targets_once(app) -> None:
    """Resolving a numbered reference (the instructor page's 60 links to exercises) unpickles
    the whole target page each time, a chapter's doctree of a megabyte or more. The lookup only
    reads the target node and the page's figure numbers, so within one writing process each
    target page is read once. (The pages' doctrees are final once reading ends.)"""
    from sphinx.domains.std import StandardDomain

    resolve = StandardDomain._resolve_numref_xref
    if getattr(resolve, "_reads_once", False):
        return
    read: dict[str, Any] = {}

    def _resolve_numref_xref(self, env, *args, **kwargs):
        load = env.get_doctree

        def get_doctree(docname: str):
            if docname not in read:
                read[docname] = load(docname)
            return read[docname]

        env.get_doctree = get_doctree  # this call only (an instance attribute over the method)
        try:
            return resolve(self, env, *args, **kwargs)
        finally:
            del env.get_doctree

    _resolve_numref_xref._reads_once = True
    StandardDomain._resolve_numref_xref = _resolve_numref_xref
    app.connect("env-updated", lambda app, env: read.clear())


#: Theme templates that are never empty in this book: the book's table of contents.
NEVER_EMPTY_TEMPLATES = ("sbt-sidebar-nav.html",)


def _render_navigation_once() -> None:
    """pydata-sphinx-theme renders every sidebar template once only to see whether it comes out
    empty, then again for the page. The book theme's navigation (the whole table of contents,
    most of a page's template time) always has content here, so it joins the templates the theme
    itself never checks (its own navigation bar and sidebar)."""
    from pydata_sphinx_theme import utils

    check = utils._update_and_remove_templates
    if getattr(check, "_never_empty", None) == NEVER_EMPTY_TEMPLATES:
        return

    def _update_and_remove_templates(app, context, templates, section, templates_skip_empty_check=None):
        skip = [*(templates_skip_empty_check or []), *NEVER_EMPTY_TEMPLATES]
        return check(app, context, templates, section, templates_skip_empty_check=skip)

    _update_and_remove_templates._never_empty = NEVER_EMPTY_TEMPLATES
    utils._update_and_remove_templates = _update_and_remove_templates


#: Extensions Jupyter Book loads that do not say whether Sphinx may run them on several cores,
#: and that may: sphinx-multitoc-numbering only replaces how section numbers are assigned, which
#: Sphinx does in the main process once every page is read; sphinx-jupyterbook-latex's reading
#: transforms only mark the root page's own table of contents (its other work is for LaTeX
#: builds). Neither keeps data per page in the environment.
PARALLEL_SAFE = ("sphinx_multitoc_numbering", "sphinx_jupyterbook_latex")


def _declare_parallel_safe(app) -> None:
    for name in PARALLEL_SAFE:
        ext = app.extensions.get(name)
        if ext is not None:
            ext.parallel_read_safe = ext.parallel_write_safe = True


def setup(app) -> dict[str, Any]:
    app.connect("builder-inited", _declare_parallel_safe)
    _remember_entry_points()
    _render_navigation_once()
    _read_targets_once(app)
    app.connect("config-inited", _theme_defaults)
    app.connect("config-inited", _mathjax_path)
    app.connect("build-finished", _slim_static)
    # napoleon handles autodoc-process-docstring at the default priority (500)
    app.setup_extension("sphinx.ext.autodoc")
    app.connect("autodoc-process-docstring", _keep_attribute_docstring, priority=100)
    app.connect("autodoc-process-docstring", _restore_attribute_docstring, priority=900)
    app.connect("html-page-context", _strip_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
