"""The standalone re-run page that ``scalingbook run`` writes: one HTML file, no network.

It reads like the site without Sphinx: Markdown rendered by markdown-it with the book's
MyST extensions that matter here (``$...$`` and ``$$...$$`` math kept out of the Markdown
parser, so ``\\,`` and ``_i ... _{i-1}`` reach MathJax intact), MathJax (the SVG build
shipped by the ``sphinx-mathjax-offline`` package, inlined), citations resolved to author
and year from ``references.bib`` with a reference list, exercises as boxes and solutions
folded in ``<details>``, wide tables scrolling inside their own box, and the parameters
cell showing the values this run used instead of the defaults. The Vega bundle is inlined
too (its copy is cached between runs).
"""

from __future__ import annotations

import ast
import html as _html
import json
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["standalone_html", "notebook_body", "read_bibliography", "mathjax_script", "warm_standalone"]

_ROLE = re.compile(r"\{(cite|cite:p|cite:t|cite:ps|cite:ts|doc|ref|numref|eq|download|term)\}`([^`]*)`")
_TARGET = re.compile(r"^\([\w.-]+\)=[ \t]*$", re.M)
_OUTPUT_ORDER = ("text/html", "image/svg+xml", "image/png", "text/markdown", "text/plain")
_ARXIV = re.compile(r"arXiv[:\s]*(\d{4}\.\d{4,5})", re.I)


# ----------------------------------------------------------------------------------------
# Bibliography
# ----------------------------------------------------------------------------------------


def _bib_fields(body: str) -> dict[str, str]:
    """``name = {value}`` / ``name = "value"`` / ``name = 123`` fields of one BibTeX entry."""
    fields: dict[str, str] = {}
    i, n = 0, len(body)
    while i < n:
        m = re.compile(r"\s*,?\s*([A-Za-z][\w-]*)\s*=\s*").match(body, i)
        if not m:
            break
        name, i = m.group(1).lower(), m.end()
        if i < n and body[i] in '{"':
            close = "}" if body[i] == "{" else '"'
            depth, j = 0, i
            while j < n:
                ch = body[j]
                if ch == "{":
                    depth += 1
                elif ch == "}":
                    depth -= 1
                if (close == "}" and depth == 0 and ch == "}") or (close == '"' and j > i and ch == '"' and depth == 0):
                    break
                j += 1
            value, i = body[i + 1 : j], j + 1
        else:
            m2 = re.compile(r"[^,}\s]+").match(body, i)
            value, i = (m2.group(0), m2.end()) if m2 else ("", i + 1)
        fields[name] = re.sub(r"\s+", " ", value.replace("{", "").replace("}", "")).strip()
        if name == "author":
            fields["author_names"] = "\x1f".join(_split_names(value))
    return fields


def _split_names(raw: str) -> list[str]:
    """BibTeX names split on 'and' outside braces; a braced name ({Epoch AI}) is kept whole
    and marked by a leading '=' so it is never read as 'Last, First'."""
    names, depth, start, i = [], 0, 0, 0
    while i < len(raw):
        ch = raw[i]
        depth += ch == "{"
        depth -= ch == "}"
        if depth == 0 and raw[i : i + 5].lower() == " and ":
            names.append(raw[start:i])
            start = i = i + 5
            continue
        i += 1
    names.append(raw[start:])
    out = []
    for n in (x.strip() for x in names if x.strip()):
        whole = n.startswith("{") and n.endswith("}") and n.count("{") == 1
        clean = re.sub(r"\s+", " ", n.replace("{", "").replace("}", "")).strip()
        out.append(("=" + clean) if whole else clean)
    return out


def _short_authors(names: list[str]) -> str:
    last = []
    for a in names:
        if a.startswith("="):
            last.append(a[1:])
        elif a.lower() == "others":
            last.append("others")
        elif "," in a:
            last.append(a.split(",")[0].strip())
        else:
            last.append(a.split()[-1])
    if not last:
        return ""
    if len(last) == 1:
        return last[0]
    if len(last) == 2 and last[1] != "others":
        return f"{last[0]} and {last[1]}"
    return f"{last[0]} et al."


def _full_authors(split: list[str]) -> str:
    """'Kaplan, Jared and McCandlish, Sam and others' -> 'Jared Kaplan, Sam McCandlish and others'."""
    names = []
    for a in split:
        if a.startswith("="):
            names.append(a[1:])
            continue
        last, sep, first = a.partition(",")
        names.append(f"{first.strip()} {last.strip()}" if sep else a)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@lru_cache(maxsize=8)
def _bibliography(path: str, mtime: float) -> dict[str, dict[str, str]]:
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    out: dict[str, dict[str, str]] = {}
    starts = [m for m in re.finditer(r"@(\w+)\s*\{\s*([^,\s]+)\s*,", text)]
    for k, m in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(text)
        fields = _bib_fields(text[m.end() : end].rstrip().rstrip("}"))
        url = fields.get("url", "")
        if not url and fields.get("doi"):
            url = "https://doi.org/" + fields["doi"]
        if not url:
            arxiv = fields.get("eprint") if fields.get("archiveprefix", "").lower() == "arxiv" else None
            found = arxiv or next((a.group(1) for v in fields.values() for a in [_ARXIV.search(v)] if a), None)
            if found:
                url = f"https://arxiv.org/abs/{found}"
        fields["url"] = url
        names = [n for n in fields.get("author_names", "").split("\x1f") if n]
        fields["short"] = _short_authors(names) or fields.get("organization", "") or m.group(2)
        fields["authors"] = _full_authors(names)
        out[m.group(2)] = fields
    return out


def read_bibliography(path: str | Path) -> dict[str, dict[str, str]]:
    """``references.bib`` as key -> fields (author, title, year, url, short author list).
    Parsed once per file version; an unreadable file gives an empty bibliography."""
    p = Path(path)
    try:
        return _bibliography(str(p), p.stat().st_mtime)
    except OSError:
        return {}


def _reference_entry(key: str, e: Mapping[str, str]) -> str:
    where = e.get("journal") or e.get("booktitle") or e.get("publisher") or e.get("howpublished") or e.get("note", "")
    title = _html.escape(e.get("title", key))
    if e.get("url"):
        title = f'<a href="{_html.escape(e["url"])}">{title}</a>'
    parts = [
        _html.escape(e.get("authors", "")),
        f"({_html.escape(e.get('year', 'n.d.'))})",
        title + ".",
        _html.escape(where),
    ]
    return f'<li id="ref-{_html.escape(key)}">' + " ".join(p for p in parts if p) + "</li>"


# ----------------------------------------------------------------------------------------
# Markdown with MyST's math, directives and roles
# ----------------------------------------------------------------------------------------


def _math(content: str, opts: Mapping[str, Any]) -> str:
    text = _html.escape(content.strip())
    return f"\\[{text}\\]" if opts.get("display_mode") else f"\\({text}\\)"


def warm_standalone() -> None:
    """Import what :func:`standalone_html` renders with (markdown-it and its plugins): called in a
    thread while a chapter executes, so the page is written as soon as the chapter ends."""
    import markdown_it  # noqa: F401
    import mdit_py_plugins.amsmath  # noqa: F401
    import mdit_py_plugins.colon_fence  # noqa: F401
    import mdit_py_plugins.dollarmath  # noqa: F401


class _Renderer:
    """Renders the Markdown cells of one notebook (exercise numbering and citations are
    per page)."""

    def __init__(self, bib: Mapping[str, Mapping[str, str]]):
        from markdown_it import MarkdownIt
        from mdit_py_plugins.amsmath import amsmath_plugin
        from mdit_py_plugins.colon_fence import colon_fence_plugin
        from mdit_py_plugins.dollarmath import dollarmath_plugin

        self.bib = bib
        self.cited: list[str] = []
        self.exercises: dict[str, int] = {}
        self.open_solutions = 0
        md = MarkdownIt("commonmark", {"html": True}).enable("table")
        md.use(dollarmath_plugin, allow_digits=False, renderer=_math)  # as myst_dmath_allow_digits: false
        md.use(amsmath_plugin, renderer=lambda content: f"\\[{_html.escape(content)}\\]")
        md.use(colon_fence_plugin)
        self.default_fence = md.renderer.rules.get("fence")
        md.renderer.rules["fence"] = self._fence
        md.renderer.rules["colon_fence"] = self._fence
        for rule in ("math_block", "math_block_label"):
            md.renderer.rules[rule] = self._math_block
        self.md = md

    def _math_block(self, tokens, idx, options, env):
        token = tokens[idx]
        label = f' id="eq-{_html.escape(token.info)}"' if token.info else ""
        return f'<div class="math display"{label}>\\[{_html.escape(token.content.strip())}\\]</div>\n'

    def _fence(self, tokens, idx, options, env):
        token = tokens[idx]
        info = token.info.strip()
        if not info.startswith("{"):
            return self.default_fence(tokens, idx, options, env)
        name, _, arg = info[1:].partition("}")
        arg = arg.strip()
        lines = token.content.splitlines()
        opts = {}
        while lines and lines[0].startswith(":"):
            k, _, v = lines.pop(0)[1:].partition(":")
            opts[k.strip()] = v.strip()
        body = "\n".join(lines)
        if name == "solution-end":
            if self.open_solutions:
                self.open_solutions -= 1
                return "</div></details>\n"
            return ""
        if name == "math":
            return f'<div class="math display">\\[{_html.escape(body.strip())}\\]</div>\n'
        if name == "bibliography":
            return ""  # the page's reference list ends it
        inner = self.render(body) if body.strip() else ""
        if name == "exercise":
            n = len(self.exercises) + 1
            self.exercises[opts.get("label", f"_{n}")] = n
            title = f"Exercise {n}" + (f" ({_html.escape(arg)})" if arg else "")
            return (
                f'<div class="box exercise" id="{_html.escape(opts.get("label", ""))}">'
                f'<p class="box-title">{title}</p>{inner}</div>\n'
            )
        if name == "solution-start":
            n = self.exercises.get(arg)
            self.open_solutions += 1
            title = f"Solution to Exercise {n}" if n else "Solution"
            return (
                f'<details class="box solution"><summary class="box-title">{title}</summary>'
                f'<div class="details-body">{inner}'
            )
        if name in ("solution", "dropdown") or "dropdown" in opts.get("class", ""):
            title = _html.escape(arg or name.title())
            return f'<details class="box {_html.escape(name)}"><summary class="box-title">{title}</summary>{inner}</details>\n'
        title = _html.escape(arg or name.title())
        return f'<div class="box {_html.escape(name)}"><p class="box-title">{title}</p>{inner}</div>\n'

    def _role(self, m: re.Match) -> str:
        role, text = m.group(1), m.group(2)
        if role.startswith("cite"):
            keys = [k.strip() for k in text.split(",") if k.strip()]
            parts = []
            for k in keys:
                if k not in self.cited:
                    self.cited.append(k)
                e = self.bib.get(k)
                who, year = (e.get("short", k), e.get("year", "n.d.")) if e else (k, "?")
                who, year = _html.escape(who), _html.escape(year)
                shown = f"{who} ({year})" if role.startswith("cite:t") else f"{who}, {year}"
                parts.append(f'<a class="cite" href="#ref-{_html.escape(k)}">{shown}</a>')
            return "; ".join(parts) if role.startswith("cite:t") else "(" + "; ".join(parts) + ")"
        shown = re.match(r"^(.*?)\s*<[^<>]+>$", text)
        label = shown.group(1) if shown and shown.group(1) else text
        if role == "eq":
            return f"({_html.escape(label)})"
        if role == "doc" and not shown:
            label = label.rsplit("/", 1)[-1].replace("_", " ")
        return f"<em>{_html.escape(label)}</em>" if role in ("doc", "ref", "numref") else _html.escape(label)

    def render(self, source: str) -> str:
        return self.md.render(source)

    def markdown_cell(self, source: str) -> str:
        source = _TARGET.sub("", source)
        source = _ROLE.sub(self._role, source)
        return self.render(source)

    def references(self) -> str:
        if not self.cited:
            return ""
        items = "".join(_reference_entry(k, self.bib.get(k, {"title": k})) for k in self.cited)
        return f'<section class="references"><h2>References</h2><ol>{items}</ol></section>'

    def close(self) -> str:
        out = "</div></details>" * self.open_solutions
        self.open_solutions = 0
        return out


# ----------------------------------------------------------------------------------------
# The parameters cell, with the values used
# ----------------------------------------------------------------------------------------


def _injected_values(nb: Mapping[str, Any]) -> dict[str, Any]:
    """The values papermill injected (name -> value), from the cell tagged
    ``injected-parameters``."""
    out: dict[str, Any] = {}
    for cell in nb.get("cells", []):
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            try:
                for node in ast.parse("".join(cell.get("source", ""))).body:
                    if (
                        isinstance(node, ast.Assign)
                        and len(node.targets) == 1
                        and isinstance(node.targets[0], ast.Name)
                    ):
                        out[node.targets[0].id] = ast.literal_eval(node.value)
            except (SyntaxError, ValueError):
                pass
    return out


def _parameters_used(source: str, used: Mapping[str, Any]) -> str:
    """The parameters cell rewritten with the values used; a changed line says its default."""
    lines = []
    for line in source.splitlines():
        m = re.match(r"^(\s*)(\w+)(\s*:\s*[^=]+?\s*=\s*)(.+?)(\s*#.*)?$", line)
        if not m or m.group(2) not in used:
            lines.append(line)
            continue
        indent, name, ann, default_text, comment = m.groups()
        value = used[name]
        try:
            default = ast.literal_eval(default_text)
            same = default == value and type(default) is type(value)
        except (ValueError, SyntaxError):
            same = False
        if same:
            lines.append(line)
        else:
            lines.append(f"{indent}{name}{ann}{_literal(value)}{comment or ''}  (default {default_text})")
    return "\n".join(lines)


def _literal(value: Any) -> str:
    """A Python literal of ``value``; floats in their shortest exact form (1e+25, not
    10000000000000000905969664.0)."""
    if isinstance(value, float) and value == value and abs(value) not in (0.0, float("inf")):
        for digits in range(1, 18):
            text = f"{value:.{digits}g}"
            if float(text) == value:
                return text if any(c in text for c in ".e") else text + ".0"
    return repr(value)


# ----------------------------------------------------------------------------------------
# The page
# ----------------------------------------------------------------------------------------


def notebook_body(nb: Mapping[str, Any], bib: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """HTML of an executed notebook's cells, honouring the remove-cell/remove-input tags,
    with the parameters cell showing the values used, and a reference list at the end."""
    r = _Renderer(bib or {})
    used = _injected_values(nb)
    parts: list[str] = []
    for cell in nb["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if "remove-cell" in tags:
            continue
        source = "".join(cell.get("source", ""))
        if cell["cell_type"] == "markdown":
            parts.append(r.markdown_cell(source))
            continue
        if cell["cell_type"] != "code":
            continue
        if "parameters" in tags:
            if used:
                parts.append(
                    '<p class="params-title">Parameters used in this run (a changed value says its default):</p>'
                )
                source = _parameters_used(source, used)
            parts.append(f'<pre class="input parameters"><code>{_html.escape(source)}</code></pre>')
            continue
        if "remove-input" not in tags and source.strip():
            parts.append(f'<pre class="input"><code>{_html.escape(source)}</code></pre>')
        if "remove-output" in tags:
            continue
        for out in cell.get("outputs", []):
            parts.append(_output(out, r))
    parts.append(r.close())
    parts.append(r.references())
    body = "\n".join(p for p in parts if p)
    # wide tables scroll inside their own box, never the page
    body = re.sub(r"<table\b", '<div class="table-wrap"><table', body)
    return body.replace("</table>", "</table></div>")


def _output(out: Mapping[str, Any], r: _Renderer) -> str:
    kind = out.get("output_type")
    if kind == "stream":
        return f'<pre class="stream">{_html.escape("".join(out.get("text", "")))}</pre>'
    if kind == "error":
        return f'<pre class="error">{_html.escape(out.get("ename", ""))}: {_html.escape(out.get("evalue", ""))}</pre>'
    if kind not in ("execute_result", "display_data"):
        return ""
    data = out.get("data", {})
    mime = next((m for m in _OUTPUT_ORDER if m in data), None)
    value = "".join(data[mime]) if mime and isinstance(data[mime], list) else data.get(mime, "")
    if mime in ("text/html", "image/svg+xml"):
        return f'<div class="output">{value}</div>'
    if mime == "image/png":
        return f'<div class="output"><img alt="figure" src="data:image/png;base64,{value.strip()}"></div>'
    if mime == "text/markdown":
        return f'<div class="output">{r.markdown_cell(value)}</div>'
    if mime == "text/plain":
        return f'<pre class="output">{_html.escape(value)}</pre>'
    return ""


def _mathjax_file() -> Path | None:
    """MathJax's single-file SVG build from the sphinx-mathjax-offline package (no fonts
    to fetch, every TeX extension included, so nothing is loaded later)."""
    import importlib.util

    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    roots = list(spec.submodule_search_locations or []) if spec else []
    if not roots:
        import sysconfig

        roots = [str(Path(sysconfig.get_paths()["purelib"]) / "sphinx-mathjax-offline")]
    for root in roots:
        for name in ("tex-svg-full.js", "tex-svg.js"):
            p = Path(root) / "static" / "mathjax" / name
            if p.is_file():
                return p
    return None


MATHJAX_CONFIG = (
    "window.MathJax={tex:{inlineMath:[['\\\\(','\\\\)']],displayMath:[['\\\\[','\\\\]']],"
    "processEscapes:false,tags:'ams'},options:{enableMenu:false,"
    "ignoreHtmlClass:'scalingbook-chart|vega-embed|stream|input'},"
    "svg:{fontCache:'global'},loader:{load:[]},startup:{typeset:true}};"
)


def mathjax_script() -> str:
    """The ``<script>`` elements that typeset ``\\(...\\)`` and ``\\[...\\]`` offline, or a
    comment when the MathJax files are not installed."""
    path = _mathjax_file()
    if path is None:
        return "<!-- MathJax not installed (sphinx-mathjax-offline): formulas are shown as TeX -->"
    code = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
    return f"<script>{MATHJAX_CONFIG}</script><script>{code}</script>"


CSS = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}"
    "pre{background:#f6f6f6;padding:.6rem;overflow-x:auto}pre.input{border-left:3px solid #0072B2}"
    "pre.error{background:#fdecea}.params-title{font-weight:600;margin-bottom:.2rem}"
    ".table-wrap{overflow-x:auto;max-width:100%;margin:.5rem 0}table{border-collapse:collapse}"
    "td,th{border-bottom:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}"
    ".box{border-left:4px solid #56B4E9;background:#f3f8fc;padding:.3rem .8rem;margin:1rem 0}"
    "details.box>summary{cursor:pointer}.box-title{font-weight:600;margin:.2rem 0}"
    ".scalingbook-chart{margin:1rem 0;max-width:100%;overflow-x:auto}.output{max-width:100%;overflow-x:auto}"
    ".math.display{overflow-x:auto}img{max-width:100%}a.cite{color:inherit}"
    ".references li{margin:.3rem 0}"
)


def standalone_html(notebook: Path, title: str, bundle_dir: Path, bibfile: Path | None = None) -> str:
    """A self-contained HTML page of an executed notebook: Vega bundle and MathJax inlined,
    no network.

    ``bundle_dir`` caches the Vega bundle between runs (generating it takes about a second);
    ``bibfile`` (default: the nearest ``references.bib`` above the notebook) resolves the
    citations. Rendered with markdown-it rather than nbconvert: a re-run is what readers
    wait for, and this is about a second faster.
    """
    notebook = Path(notebook)
    if bibfile is None:
        bibfile = next(
            (d / "references.bib" for d in list(notebook.resolve().parents)[:5] if (d / "references.bib").is_file()),
            None,
        )
    bib = read_bibliography(bibfile) if bibfile is not None else {}
    body = notebook_body(json.loads(notebook.read_text(encoding="utf-8")), bib)
    from ..pages import vega

    bundle = vega.write_vega_bundle(Path(bundle_dir)).read_text(encoding="utf-8").replace("</script", "<\\/script")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_html.escape(title)}</title><style>{CSS}</style><script>{bundle}</script>"
        f"{mathjax_script()}</head>"
        f"<body>\n{body}\n</body></html>\n"
    )
