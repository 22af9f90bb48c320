"""Shared chart style and builders, rendered offline against one Vega bundle.

Charts are built with :mod:`scalingbook.pages.vegalite` (Altair's API, without Altair).
Importing this module sets:

* the book's theme (``_theme()``): a colour-blind-safe palette (Okabe & Ito 2008),
  readable font sizes, white chart background so charts stay legible in dark mode;
* how a chart displays (``_renderer()``): a ``<div>`` plus a short script that calls
  ``vegaEmbed`` from the page's local bundle (``_static/scalingbook-vega.js``, written by
  :func:`write_vega_bundle` from vl-convert). No page loads Vega from a CDN.
  Static copies (SVG/PNG) come from :func:`to_svg`.

:func:`use_with_altair` gives Altair the same theme and display, for code that draws with
Altair itself (the tests compare the two).
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import re
from typing import Any

from . import vegalite as alt
from .vega import BUNDLE_NAME, write_vega_bundle

__all__ = [
    "PALETTE",
    "use_with_altair",
    "BUNDLE_NAME",
    "write_vega_bundle",
    "render_html",
    "log_axis",
    "log_scale",
    "line_chart",
    "to_svg",
    "describe",
    "tooltip",
    "TOOLTIP_FORMATS",
    "readable_expr",
    "friendly_tooltips",
    "FRIENDLY_NAMES",
    "DISPLAY_NAMES",
    "display_name",
    "display_names",
    "captioned",
    "readable_spec",
    "wrap_expr",
]

#: Okabe-Ito colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design").
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
WIDTH, HEIGHT = 460, 300

_counter = itertools.count()


def describe(spec: dict[str, Any]) -> str:
    """A text description of a chart for screen readers, from its title and axis titles.

    Used when a spec has no ``description`` of its own (Vega exposes it as the chart's ARIA
    label). Layers and concatenations are searched for the first title and axis titles.
    """
    titles: list[str] = []
    axes: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            t = node.get("title")
            if isinstance(t, dict):
                t = t.get("text")
            if isinstance(t, list):
                t = " ".join(map(str, t))
            if isinstance(t, str) and t and not titles:
                titles.append(t)
            enc = node.get("encoding")
            if isinstance(enc, dict):
                for ch in ("x", "y", "color"):
                    e = enc.get(ch)
                    if isinstance(e, dict) and ch not in axes:
                        at = e.get("title")
                        if at is None and isinstance(e.get("axis"), dict):
                            at = e["axis"].get("title")
                        if at is None:
                            at = e.get("field")
                        if isinstance(at, str) and at:
                            axes[ch] = at
            for key in ("layer", "hconcat", "vconcat", "concat", "spec"):
                sub = node.get(key)
                for child in sub if isinstance(sub, list) else [sub] if isinstance(sub, dict) else []:
                    walk(child)

    walk(spec)
    parts = [f"Chart: {titles[0]}." if titles else "Chart."]
    names = {"x": "horizontal axis", "y": "vertical axis", "color": "colour"}
    parts += [f"{names[ch]}: {axes[ch]}." for ch in ("x", "y", "color") if ch in axes]
    return " ".join(parts)


#: Reader's names (with units) for columns the package's tables share, used by
#: :func:`friendly_tooltips` when a chart's tooltip gives a column no title.
FRIENDLY_NAMES = {
    "n_params": "parameters N",
    "n_params_no_embed": "non-embedding parameters",
    "n_tokens": "training tokens D",
    "train_flops": "training compute (FLOP)",
    "training_compute_flop": "training compute (FLOP)",
    "flops": "compute (FLOP)",
    "plotted_flops": "training compute (FLOP)",
    "c": "compute budget (FLOP)",
    "tokens_per_param": "tokens per parameter (D/N)",
    "token_multiplier": "tokens per parameter (D/N)",
    "loss": "loss (nats/token)",
    "accuracy": "accuracy",
    "acc": "accuracy",
    "error": "error",
    "usd": "cost (USD)",
    "power_mw": "power (MW)",
    "days": "training time (days)",
    "year": "year",
    "n_accelerators": "accelerators",
    "accelerator": "accelerator",
    "law": "law",
    "model": "model",
    "samples": "samples k",
    "k": "samples k",
    "share": "share",
    "epochs": "epochs",
    "n_items": "items",
    "ppl": "perplexity",
    "step": "training step",
    "size_label": "model size",
}


def _copy_but_data(spec: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of ``spec`` but for its top-level ``datasets`` (the rows of every chart's
    data, most of a spec's size), which the copy shares."""
    import copy

    return {k: v if k == "datasets" else copy.deepcopy(v) for k, v in spec.items()}


def friendly_tooltips(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``spec`` whose tooltips read well: a column without a title gets its reader's
    name (:data:`FRIENDLY_NAMES`, else the name with spaces), a number without a format gets 3
    significant figures (years stay whole). Titles and formats a chart sets are kept. The
    copy shares the spec's ``datasets``, which it never changes."""
    out = _copy_but_data(spec)

    def fix(tip: Any) -> Any:
        if isinstance(tip, str):
            tip = {"field": tip.split(":")[0]}
        if not isinstance(tip, dict) or "field" not in tip or not isinstance(tip["field"], str):
            return tip
        field = tip["field"]
        tip.setdefault("title", FRIENDLY_NAMES.get(field, field.replace("_", " ")))
        if (
            tip.get("type") == "quantitative"
            and "format" not in tip
            and "timeUnit" not in tip
            and not tip.get("aggregate")
        ):
            tip["format"] = (
                "d"
                if field in ("year", "step", "n_items", "n_accelerators", "samples", "k")
                else TOOLTIP_FORMATS["auto"]
            )
        return tip

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            enc = node.get("encoding")
            if isinstance(enc, dict) and "tooltip" in enc:
                tips = enc["tooltip"]
                enc["tooltip"] = [fix(t) for t in tips] if isinstance(tips, list) else fix(tips)
            for key in ("layer", "hconcat", "vconcat", "concat", "spec"):
                sub = node.get(key)
                for child in sub if isinstance(sub, list) else [sub] if isinstance(sub, dict) else []:
                    walk(child)

    walk(out)
    return out


#: Readers' names of the keys the package uses for published laws and fits (a chart's title,
#: legend or headline shows these, never ``besiroglu_2024``); :func:`display_name` derives the
#: rest ("author_year" -> "Author et al. year").
DISPLAY_NAMES = {
    "hoffmann_2022": "Hoffmann et al. 2022",
    "hoffmann_2022_unrounded": "Hoffmann et al. 2022 (unrounded)",
    "besiroglu_2024": "Besiroglu et al. 2024",
    "kaplan_2020": "Kaplan et al. 2020",
    "sardana_2024": "Sardana et al. 2024",
    "muennighoff_2023": "Muennighoff et al. 2023",
    "karpathy2015": "Karpathy 2015",
}
_KEY = re.compile(r"\b([a-z]+)_((?:19|20)\d\d)((?:_[a-z0-9]+)*)\b")


def display_name(key: str) -> str:
    """The reader's name of a package key: ``"besiroglu_2024"`` -> ``"Besiroglu et al. 2024"``,
    ``"hoffmann_2022_unrounded"`` -> ``"Hoffmann et al. 2022 (unrounded)"``; other identifiers
    lose their underscores (``"tokens_per_param"`` -> ``"tokens per param"``)."""
    if key in DISPLAY_NAMES:
        return DISPLAY_NAMES[key]
    m = _KEY.fullmatch(key)
    if m:
        rest = m.group(3).replace("_", " ").strip()
        return f"{m.group(1).capitalize()} et al. {m.group(2)}" + (f" ({rest})" if rest else "")
    return key.replace("_", " ")


def display_names(text: str) -> str:
    """``text`` with every "author_year" key in it replaced by its :func:`display_name`
    ("IsoFLOP curves under besiroglu_2024" -> "IsoFLOP curves under Besiroglu et al. 2024")."""
    return _KEY.sub(lambda m: display_name(m.group(0)), text)


def captioned(chart: alt.TopLevelMixin, caption: str) -> alt.TopLevelMixin:
    """``chart`` with a caption, printed under it after its figure number ("Figure 2.3. ...")
    in place of its title: what the figure shows and what to read from it."""
    meta = chart.usermeta if isinstance(getattr(chart, "usermeta", None), dict) else {}
    return chart.properties(usermeta={**meta, "caption": caption})


def _caption(spec: dict[str, Any]) -> str:
    meta = spec.get("usermeta")
    if isinstance(meta, dict) and isinstance(meta.get("caption"), str) and meta["caption"].strip():
        return meta["caption"].strip()
    title = spec.get("title")
    title = title.get("text") if isinstance(title, dict) else title
    title = " ".join(title) if isinstance(title, list) else (title or "")
    if not title:  # a layer or concatenation carries the title of its first titled view
        for key in ("layer", "vconcat", "hconcat", "concat"):
            for child in spec.get(key) or []:
                if isinstance(child, dict) and (found := _caption({"title": child.get("title")})):
                    return found
    return str(title)


_YEAR = re.compile(r"(^|_)years?$")
#: Average width of a character as a share of the font size, to fit text to a width.
_CHAR = 0.6


def _wrap(text: str, chars: int) -> str | list[str]:
    """``text`` in lines of at most ``chars`` characters, broken at spaces (one line: a string)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines[0] if len(lines) == 1 else lines


def wrap_expr(expr: str, chars: int, lines: int = 3) -> str:
    """A Vega expression breaking the label ``expr`` into at most ``lines`` lines of ``chars``
    characters at spaces: a label wraps instead of being cut short ("bigbench_conceptual_c...")."""

    def cut(e: str) -> str:
        k = f"lastindexof(substring({e}, 0, {chars + 1}), ' ')"
        return f"({k} > 0 ? {k} : {chars})"

    label = f"({expr})"
    rests, heads = [label], []
    for _ in range(lines - 1):
        r = rests[-1]
        heads.append(f"substring({r}, 0, {cut(r)})")
        rests.append(f"trim(substring({r}, {cut(r)}))")
    out = f"[{', '.join(heads + [rests[-1]])}]"
    for i in range(lines - 2, -1, -1):
        out = f"(length({rests[i]}) <= {chars} ? [{', '.join(heads[:i] + [rests[i]])}] : {out})"
    return f"(isString({label}) && length({label}) > {chars}) ? {out} : {label}"


def readable_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``spec`` with the book's generic label rules applied to every view:

    * titles, axis and legend titles show readers' names (:func:`display_names`), not keys;
    * a year axis (field ``year``) shows whole years ("2024", never "2,024" or "2024.5");
    * an axis whose data are whole numbers over a short span ticks only at whole numbers;
    * labels of an ordinal axis that would overlap are thinned, as Vega-Lite already does on
      quantitative and temporal axes;
    * legend labels are not cut short (``labelLimit`` of the theme, 480 px);
    * legend and axis labels that are package keys show readers' names (``labelExpr``);
    * a label a chart limits in width (``labelLimit`` of a facet header or legend) wraps onto
      up to three lines instead of being cut short, identifiers broken at underscores;
    * a vertical axis title longer than its plot is tall wraps onto two or more lines;
    * bars of a band axis are at least 14 px apart, so their 12 px labels do not overlap.

    The copy shares the spec's ``datasets``, which it reads and never changes.
    """
    out = _copy_but_data(spec)
    datasets = out.get("datasets") or {}

    def whole(name: str | None, field: str) -> bool:
        rows = datasets.get(name) if name else None
        if not rows or not isinstance(rows, list):
            return False
        vals = [r.get(field) for r in rows if isinstance(r, dict)]
        nums = [v for v in vals if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if len(set(nums)) < 2 or len(nums) < len(vals) * 0.9:
            return False
        return all(float(v).is_integer() for v in nums) and max(map(abs, nums)) <= 1e5 and max(nums) - min(nums) <= 200

    def fix_titles(node: dict) -> None:
        for key in ("title", "subtitle"):
            t = node.get(key)
            if isinstance(t, str):
                node[key] = display_names(t)
            elif isinstance(t, list):
                node[key] = [display_names(x) if isinstance(x, str) else x for x in t]
            elif isinstance(t, dict):
                fix_titles(t)

    def fix_axis(enc: dict, ch: str, data: str | None) -> None:
        e = enc.get(ch)
        if not isinstance(e, dict) or e.get("axis", {}) is None or "field" not in e:
            return  # a constant position (x=alt.value(0)) has no axis
        axis = e.get("axis", {})
        if not isinstance(axis, dict):
            return
        axis = dict(axis)
        field = e.get("field") if isinstance(e.get("field"), str) else ""
        log = isinstance(e.get("scale"), dict) and e["scale"].get("type") in ("log", "symlog")
        if e.get("type") == "ordinal":  # Vega-Lite already thins quantitative and temporal axes
            axis.setdefault("labelOverlap", True)
        if e.get("type") == "quantitative" and not log:
            if _YEAR.search(field):
                axis.setdefault("tickMinStep", 1)
                if "labelExpr" not in axis:
                    axis.setdefault("format", "d")
            elif field and whole(data, field):
                axis.setdefault("tickMinStep", 1)
                if "labelExpr" not in axis and "format" not in axis:
                    axis["format"] = "d"
        if axis or "axis" in e:  # no empty axis objects: every byte is shipped twice
            e["axis"] = axis

    def fix_labels(enc: dict, ch: str, data: str | None) -> None:
        """Legend and axis labels that are package keys ("besiroglu_2024") show readers' names."""
        e = enc.get(ch)
        if (
            not isinstance(e, dict)
            or e.get("type") not in ("nominal", "ordinal")
            or not isinstance(e.get("field"), str)
        ):
            return
        rows = datasets.get(data) if data else None
        keys = sorted({r.get(e["field"]) for r in rows or [] if isinstance(r, dict)} - {None}, key=str)
        names = {k: display_name(k) for k in keys if isinstance(k, str) and _KEY.fullmatch(k)}
        if not names:
            return
        guide = "axis" if ch in ("x", "y", "row", "column") else "legend"
        if e.get(guide, {}) is None:
            return
        g = e.setdefault(guide, {})
        if isinstance(g, dict) and "labelExpr" not in g:
            g["labelExpr"] = f"({json.dumps(names)})[datum.label] || datum.label"

    def unlimit(guide: Any, field: Any = None, data: str | None = None) -> None:
        """A guide that cuts its labels at ``labelLimit`` px wraps them at that width instead
        (unless the chart's data show that every label fits)."""
        if not isinstance(guide, dict) or not isinstance(guide.get("labelLimit"), (int, float)):
            return
        limit = guide["labelLimit"]
        if limit <= 0 or "lastindexof(substring(" in str(guide.get("labelExpr", "")):
            return
        size = guide.get("labelFontSize", 12)
        chars = max(8, int(limit / (size * _CHAR)))
        rows = (
            [
                r
                for rows in ([datasets.get(data)] if data in datasets else datasets.values())
                for r in rows or []
                if isinstance(r, dict)
            ]
            if isinstance(field, str)
            else []
        )
        values = {str(r[field]) for r in rows if field in r}
        if values and "labelExpr" not in guide and max(map(len, values)) <= chars:
            return
        label = guide.get("labelExpr", "datum.label")
        label = f"replace({label}, /_/g, ' ')" if "labelExpr" not in guide else label
        guide["labelExpr"] = wrap_expr(label, chars)
        guide["labelLimit"] = int(limit) + 40

    def fit_y_title(enc: dict, height: Any) -> None:
        e = enc.get("y")
        if not isinstance(e, dict) or not isinstance(height, (int, float)):
            return
        chars = max(12, int(height / (13 * _CHAR)))
        holder = e["axis"] if isinstance(e.get("axis"), dict) and isinstance(e["axis"].get("title"), str) else e
        if isinstance(holder.get("title"), str) and len(holder["title"]) > chars:
            holder["title"] = _wrap(holder["title"], chars)

    def walk(node: Any, data: str | None, height: Any = None) -> None:
        if not isinstance(node, dict):
            return
        d = node.get("data")
        if isinstance(d, dict) and isinstance(d.get("name"), str):
            data = d["name"]
        h = node.get("height")
        if isinstance(h, dict) and isinstance(h.get("step"), (int, float)) and h["step"] < 14:
            h["step"] = 14
        elif isinstance(h, (int, float)):
            height = h
        fix_titles(node)
        facet = node.get("facet")
        for f in (
            [facet]
            if isinstance(facet, dict) and "field" in facet
            else [v for v in facet.values() if isinstance(v, dict)]
            if isinstance(facet, dict)
            else []
        ):
            unlimit(f.get("header"), f.get("field"), data)
        enc = node.get("encoding")
        if isinstance(enc, dict):
            for ch in ("x", "y"):
                fix_axis(enc, ch, data)
            for ch in ("x", "y", "color", "fill", "stroke", "shape", "strokeDash"):
                fix_labels(enc, ch, data)
            fit_y_title(enc, height)
            for ch, e in enc.items():
                if isinstance(e, dict):
                    unlimit(e.get("header"), e.get("field"), data)
                    unlimit(e.get("legend"), e.get("field"), data)
                    axis = e.get("axis")
                    if (
                        ch == "y"
                        and e.get("type") in ("nominal", "ordinal")
                        and isinstance(axis, dict)
                        and isinstance(axis.get("labelLimit"), (int, float))
                        and 0 < axis["labelLimit"] < 400
                    ):
                        axis["labelLimit"] = 400  # one line per band: a wider label, never a cut one
            for e in enc.values():
                if isinstance(e, dict):
                    fix_titles(e)
                    for sub in ("axis", "legend", "header"):
                        if isinstance(e.get(sub), dict):
                            fix_titles(e[sub])
        for key in ("layer", "hconcat", "vconcat", "concat", "spec"):
            sub = node.get(key)
            for child in sub if isinstance(sub, list) else [sub] if isinstance(sub, dict) else []:
                walk(child, data, height if key in ("layer", "spec") else None)

    walk(out, None)
    return out


_FIGURES: dict[str, int] = {}


def _figure_number() -> str:
    """``"2.3"`` for the third chart drawn in chapter 2 (the chapter that last called
    :func:`scalingbook.pages.params.check_parameters`, numbered in book order), so teaching material
    can cite a figure; empty outside a chapter."""
    from . import params

    chapter = params.current_chapter()
    if not chapter:
        return ""
    _FIGURES[chapter] = _FIGURES.get(chapter, 0) + 1
    return f"{params.chapter_names().index(chapter) + 1}.{_FIGURES[chapter]}"


def render_html(spec: dict[str, Any]) -> str:
    """HTML for one chart: a container and a script drawing ``spec`` with the local bundle.

    The container gets ``data-rendered="1"`` once Vega has drawn it, or ``data-error`` with
    the message if drawing failed; the browser test reads those attributes. A spec without a
    ``description`` gets one from :func:`describe` (the chart's label for screen readers), and
    tooltips get readable names and 3 significant figures (:func:`friendly_tooltips`).
    When the site's ``_static/scalingbook-live.js`` is loaded (``window.scalingbookEmbed``),
    it draws the chart instead: dark theme, scenario links and redraw on a theme change.
    """
    spec = readable_spec(friendly_tooltips(spec))
    if not spec.get("description"):
        spec = {**spec, "description": describe(spec)}
    payload = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha1(payload.encode()).hexdigest()[:10]
    div_id = f"sbchart-{digest}-{next(_counter)}"
    # '</' inside a script block would end it early; JSON allows the escaped form.
    payload = payload.replace("</", "<\\/")
    label = html.escape(spec["description"], quote=True)
    number = _figure_number()
    caption = ""
    if number:
        caption = (
            f'<p class="scalingbook-figure-number" id="fig-{number.replace(".", "-")}">'
            f"<strong>Figure {number}.</strong> {html.escape(_caption(spec))}</p>\n".replace(" </p>", "</p>")
        )
    return (
        f'<div class="scalingbook-chart" id="{div_id}" role="figure" aria-label="{label}"></div>\n'
        + caption
        + '<script type="text/javascript">\n'
        "(function () {\n"
        f"  var spec = {payload};\n"
        f'  var el = document.getElementById("{div_id}");\n'
        "  function draw() {\n"
        "    if (!window.vegaEmbed) {\n"
        '      el.setAttribute("data-error", "Vega bundle not loaded");\n'
        "      el.textContent = \"This chart needs the page's Vega bundle ("
        + BUNDLE_NAME
        + '), which did not load.";\n'
        "      return;\n"
        "    }\n"
        "    if (window.scalingbookEmbed) { window.scalingbookEmbed(el, spec); return; }\n"
        '    window.vegaEmbed(el, spec, {renderer: "svg", actions: {export: true, source: false, compiled: false, editor: false}})\n'
        '      .then(function (res) { el.vegaView = res.view; el.setAttribute("data-rendered", "1"); })\n'
        '      .catch(function (err) { el.setAttribute("data-error", String(err));\n'
        '        el.textContent = "Chart failed: " + err; console.error(err); });\n'
        "  }\n"
        '  if (window.vegaEmbed || document.readyState === "complete") { draw(); }\n'
        '  else { window.addEventListener("load", draw); }\n'
        "})();\n"
        "</script>"
    )


def _renderer(spec: dict, **_: Any) -> dict[str, str]:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    return {
        "text/html": render_html(spec),
        "text/plain": f"<chart: {html.escape(str(title or spec.get('description', 'Altair chart')))}>",
    }


def _theme() -> dict[str, Any]:
    return {
        "config": {
            "background": "white",
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": "#888"},
            "range": {"category": PALETTE},
            "font": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "title": {"fontSize": 15, "subtitleFontSize": 12, "anchor": "start", "color": "#222"},
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 13,
                "labelColor": "#222",
                "titleColor": "#222",
                "gridColor": "#e4e4e4",
                "labelLimit": 400,
            },
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelLimit": 480,
                "titleLimit": 480,
                "orient": "bottom",
                "columns": 2,
            },
            "header": {"labelFontSize": 12, "titleFontSize": 12},
            "line": {"strokeWidth": 2.5},
            "point": {"size": 60, "filled": True},
        }
    }


alt.use_theme(_theme)


def use_with_altair() -> None:
    """Register and enable the book's theme and display (``scalingbook``) in Altair, for code
    that builds charts with Altair itself rather than :mod:`scalingbook.pages.vegalite`."""
    import altair

    altair.renderers.register("scalingbook", _renderer)
    altair.renderers.enable("scalingbook")
    altair.theme.register("scalingbook", enable=True)(_theme)


def _mimebundle(chart: alt.TopLevel) -> dict[str, str]:
    """A chart as a page shows it (its ``_repr_mimebundle_``): the spec, unvalidated, through
    :func:`_renderer`. Validating against the whole Vega-Lite schema would take about a third
    of a chapter's chart time; the book validates each drawn spec in its tests instead (every
    chart of every chapter, at the defaults and at a non-default set), and the browser tests
    draw them in Chromium."""
    return _renderer(chart.to_dict(validate=False))


def log_axis(title: str, **kwargs: Any) -> alt.Axis:
    """An axis for a log scale labelled only at powers of ten (``1e21``, ``1e22``...)."""
    expr = (
        "abs(log(datum.value) / LN10 - round(log(datum.value) / LN10)) < 1e-6 "
        "? (abs(datum.value) >= 1e4 || abs(datum.value) < 1e-2 ? format(datum.value, '.0e') : format(datum.value, '~g')) : ''"
    )
    return alt.Axis(title=title, labelExpr=expr, **kwargs)


def log_scale(**kwargs: Any) -> alt.Scale:
    """A base-10 log scale."""
    return alt.Scale(type="log", **kwargs)


#: d3 formats of tooltip values by kind, each to 3 significant figures: ``count`` and ``usd``
#: with thousands separators (``40,600,000``), ``sci`` in scientific notation for quantities
#: spanning many orders of magnitude (``2.1e+25`` FLOP), ``share`` as a percentage, ``auto``
#: plain or scientific, whichever is shorter (``0.375``, ``2.24e+11``).
TOOLTIP_FORMATS = {"count": ",.3~r", "usd": "$,.3~r", "sci": ".3~e", "share": ".3~p", "auto": ".3~g"}


def tooltip(field: str, title: str, unit: str = "", *, kind: str = "auto", type: str = "quantitative") -> alt.Tooltip:
    """A tooltip entry with a reader's name and unit, values to 3 significant figures.

    ``title`` is the friendly name (``"parameters"``), ``unit`` goes in brackets after it;
    ``kind`` picks the number format from :data:`TOOLTIP_FORMATS`. Non-quantitative fields
    (``type="nominal"``, ``"temporal"``) are shown as they are.
    """
    if kind not in TOOLTIP_FORMATS:
        raise ValueError(f"kind must be one of {', '.join(TOOLTIP_FORMATS)}; got {kind!r}")
    label = f"{title} ({unit})" if unit else title
    if type != "quantitative":
        return alt.Tooltip(field, type=type, title=label)
    return alt.Tooltip(field, type="quantitative", title=label, format=TOOLTIP_FORMATS[kind])


def readable_expr(value: str, digits: int = 3) -> str:
    """A Vega expression formatting the number ``value`` (an expression) for a reader:
    ``digits`` significant figures, "million"/"billion"/"trillion" for large numbers,
    thousands separators below a million, scientific notation beyond 1e15 or below 0.001
    (the book's number style: no "1.25e+03 million")."""
    v = f"({value})"
    r = f".{int(digits)}~r"
    return (
        f"(!isFinite({v}) ? 'n/a' : abs({v}) >= 1e15 ? replace(format({v}, '.{int(digits)}~e'), 'e+', 'e')"
        f" : abs({v}) >= 1e12 ? format({v} / 1e12, '{r}') + ' trillion'"
        f" : abs({v}) >= 1e9 ? format({v} / 1e9, '{r}') + ' billion'"
        f" : abs({v}) >= 1e6 ? format({v} / 1e6, '{r}') + ' million'"
        f" : abs({v}) >= 1 || {v} == 0 ? format({v}, ',{r}')"
        f" : abs({v}) >= 1e-3 ? format({v}, '{r}') : format({v}, '.{int(digits)}~e'))"
    )


def line_chart(
    df,
    *,
    x: str,
    y: str,
    x_title: str,
    y_title: str,
    color: str | None = None,
    color_title: str | None = None,
    log_x: bool = False,
    log_y: bool = False,
    title: str = "",
    points: bool = False,
    tooltip: list[str] | None = None,
    x_format: str | None = None,
    color_sort: list[str] | None = None,
) -> alt.Chart:
    """A line chart in the book's style; units belong in ``x_title``/``y_title``.

    Log axes are labelled at powers of ten; tooltips default to x, y and colour.
    ``x_format`` is a d3 format for a linear x axis (``"d"`` for calendar years);
    ``color_sort`` fixes the order, and so the colours, of the series across charts. A log axis
    cannot show zero or negative values (Vega would draw nothing): they raise ValueError.
    """
    for col, is_log in ((x, log_x), (y, log_y)):
        if is_log and (df[col] <= 0).any():
            bad = df.loc[df[col] <= 0, col].iloc[0]
            raise ValueError(f"column '{col}' is drawn on a log axis but holds {bad!r}; drop or clip values <= 0 first")
    x_enc = alt.X(
        x,
        type="quantitative",
        scale=log_scale() if log_x else alt.Undefined,
        axis=log_axis(x_title) if log_x else alt.Axis(title=x_title, format=x_format or alt.Undefined),
    )
    y_enc = alt.Y(
        y,
        type="quantitative",
        scale=log_scale() if log_y else alt.Scale(zero=False),
        axis=log_axis(y_title) if log_y else alt.Axis(title=y_title),
    )
    enc: dict[str, Any] = {"x": x_enc, "y": y_enc}
    tips = tooltip or [c for c in (x, y, color) if c]
    # axis titles name the default tooltips (x, y and colour), values to 3 significant figures
    names = {x: x_title, y: y_title, **({color: color_title or color} if color else {})}
    enc["tooltip"] = [
        alt.Tooltip(c, type="nominal", title=names[c])
        if c == color
        else alt.Tooltip(
            c,
            type="quantitative",
            title=names[c],
            format="d" if (c == x and x_format == "d") else TOOLTIP_FORMATS["auto"],
        )
        if c in names
        else alt.Tooltip(c)
        for c in tips
    ]
    if color:
        enc["color"] = alt.Color(
            color,
            type="nominal",
            title=color_title or color,
            sort=color_sort if color_sort else alt.Undefined,
            scale=alt.Scale(domain=color_sort, range=PALETTE[: len(color_sort)])
            if color_sort and len(color_sort) <= len(PALETTE)
            else alt.Undefined,
        )
    mark = alt.Chart(df).mark_line(point=points)
    return mark.encode(**enc).properties(title=title, width=WIDTH, height=HEIGHT)


def to_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as a static SVG string (vl-convert, offline)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(chart.to_dict())
