/* Scaling Laws, Reproduced: how the site draws its charts (loaded on every page, before them).
 *
 * - Charts follow the page's colour mode (pydata-sphinx-theme's <html data-theme="dark|light">):
 *   a dark Vega config is merged over the chart's own, and charts are redrawn when it changes.
 * - A link can carry a scenario (?accelerator=A100&mfu=0.3; `log10_x` is set from `x`), each
 *   value checked against the range `scalingbook run` accepts; sliders show 2.1 x 10^26 FLOP,
 *   not log10; each calculator links to the scenario it shows.
 * - Charts are laid out again for their width (phones: one or two columns, legends below,
 *   text at least 11 px).
 * - window.scalingbookReadout(el) returns the data behind a calculator's displayed numbers
 *   (marks named "...readout..."), which the browser test compares with the package.
 * Charts keep working without this file (charts.render_html falls back to plain vegaEmbed).
 */
(function () {
  "use strict";

  var PALETTE_DARK = ["#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442", "#DDDDDD"];
  var INK = "#e6e6e6", GRID = "#3d4247", BG = "#1c1f23";
  var DARK = {
    background: BG,
    view: {stroke: "#666"},
    range: {category: PALETTE_DARK},
    title: {color: INK, subtitleColor: INK},
    style: {"guide-label": {fill: INK}, "guide-title": {fill: INK}, "group-title": {fill: INK},
            "group-subtitle": {fill: INK}, text: {fill: INK}},
    axis: {labelColor: INK, titleColor: INK, gridColor: GRID, domainColor: "#888", tickColor: "#888"},
    // a legend of shapes or dashes (no colour channel) draws its symbols in black by default
    legend: {labelColor: INK, titleColor: INK, symbolFillColor: "#bbbbbb", symbolStrokeColor: "#bbbbbb"},
    header: {labelColor: INK, titleColor: INK},
    text: {color: INK},
    rule: {color: "#aaa"},
    // Vega's default mark colour (#4c78a8) at a point's default 0.7 opacity fades on a dark card
    mark: {color: "#56B4E9"}
  };
  window.scalingbookDarkConfig = DARK;

  // ------------------------------------------------------------------ printed editions
  // `make pdf` opens each page with ?print=student (solutions left out) or ?print=instructor
  // (solutions expanded); scalingbook.css does the rest. Printed pages are light.
  var PRINT = new URLSearchParams(window.location.search).get("print");
  if (PRINT === "student" || PRINT === "instructor") {
    document.documentElement.classList.add("sb-print", "sb-print-" + PRINT);
    document.documentElement.setAttribute("data-theme", "light");
    document.documentElement.setAttribute("data-mode", "light");
  }

  function isDark() {
    return document.documentElement.getAttribute("data-theme") === "dark";
  }

  function merge(base, over) {
    var out = {};
    var k;
    for (k in base) { if (Object.prototype.hasOwnProperty.call(base, k)) out[k] = base[k]; }
    for (k in over) {
      if (!Object.prototype.hasOwnProperty.call(over, k)) continue;
      var b = out[k], o = over[k];
      out[k] = (b && o && typeof b === "object" && typeof o === "object" && !Array.isArray(b) && !Array.isArray(o))
        ? merge(b, o) : o;
    }
    return out;
  }

  function themed(spec) {
    if (!isDark()) return spec;
    var copy = merge({}, spec);
    copy.config = merge(spec.config || {}, DARK);
    return copy;
  }

  // ------------------------------------------------------------------ scenario links
  function boundParams(spec) {
    return (spec.params || []).filter(function (p) { return p.bind && p.name; }).map(function (p) { return p.name; });
  }

  function hasSignal(view, name) {
    try { view.signal(name); return true; } catch (e) { return false; }
  }

  // ------------------------------------------------------------------ checked link values
  // usermeta.scalingbookInputs (scalingbook.pages.live): each input's range and display. A
  // refused link value is named on the page; one beyond a slider's end is shown at that end.
  function inputsOf(spec) {
    return (spec && spec.usermeta && spec.usermeta.scalingbookInputs) || null;
  }

  function checkValue(name, text, m) {
    if (m.choices) {
      return m.choices.indexOf(text) >= 0 ? {value: text}
        : {error: name + "=" + text + " is not used: " + name + " must be " + m.allowed};
    }
    var x = Number(text);
    if (text.trim() === "" || !isFinite(x)) return {error: name + "=" + text + " is not used: " + name + " must be a number in " + m.allowed};
    if (m.kind === "int" && !Number.isInteger(x)) return {error: name + "=" + text + " is not used: " + name + " must be a whole number in " + m.allowed};
    var below = m.low !== null && m.low !== undefined && (x < m.low || (m.low_open && x === m.low));
    var above = m.high !== null && m.high !== undefined && (x > m.high || (m.high_open && x === m.high));
    if (below || above) {
      return {error: name + "=" + text + " is not used: " + name + " must be in " + m.allowed +
        (m.cli ? " (the range `scalingbook run` accepts)" : " (the calculator's range)")};
    }
    var s = m.slider, note = null;
    if (s && (x < s[0] || x > s[1])) {
      var end = x < s[0] ? s[0] : s[1];
      note = name + "=" + text + " is beyond the slider, which stops at " + show(end, m) + "; the calculator shows " + show(end, m);
      x = end;
    }
    return {value: m.log ? Math.log10(x) : x, note: note};
  }

  function linkMessages(el, messages) {
    var box = el.previousElementSibling && el.previousElementSibling.classList &&
      el.previousElementSibling.classList.contains("scalingbook-link-note") ? el.previousElementSibling : null;
    if (!messages.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.className = "scalingbook-link-note";
      box.setAttribute("role", "alert");
      el.parentNode.insertBefore(box, el);
    }
    box.textContent = "";
    var head = document.createElement("strong");
    head.textContent = "This link's values: ";
    box.appendChild(head);
    box.appendChild(document.createTextNode(messages.join("; ") + "."));
  }

  function applyChecked(el, view, meta, search) {
    var q = new URLSearchParams(search || window.location.search);
    var changed = false, messages = [];
    q.forEach(function (text, key) {
      var m = meta[key];
      if (!m || !hasSignal(view, m.signal)) return;
      var r = checkValue(key, text, m);
      if (r.error) { messages.push(r.error); return; }
      if (r.note) messages.push(r.note);
      view.signal(m.signal, r.value);
      changed = true;
    });
    linkMessages(el, messages);
    return changed;
  }

  // ------------------------------------------------------------------ slider values as people read them
  var SUP = {"-": "\u207b", "0": "\u2070", "1": "\u00b9", "2": "\u00b2", "3": "\u00b3", "4": "\u2074",
             "5": "\u2075", "6": "\u2076", "7": "\u2077", "8": "\u2078", "9": "\u2079"};
  function sig3(x) { return Number(x.toPrecision(3)).toString(); }
  function words(x) {
    var a = Math.abs(x);
    if (a >= 1e15) {
      var e = Math.floor(Math.log10(a)), m = x / Math.pow(10, e);
      if (Number(m.toPrecision(3)) >= 10) { e += 1; m /= 10; }
      return sig3(m) + " \u00d7 10" + String(e).split("").map(function (c) { return SUP[c]; }).join("");
    }
    if (a >= 1e12) return sig3(x / 1e12) + " trillion";
    if (a >= 1e9) return sig3(x / 1e9) + " billion";
    if (a >= 1e6) return sig3(x / 1e6) + " million";
    return Number(x.toPrecision(3)).toLocaleString("en-US");
  }
  function show(x, m) {
    var unit = m.unit ? " " + m.unit : "";
    if (m.show === "sci") return words(x) + unit;
    if (m.show === "count") return (x >= 1e6 ? words(x) : Math.round(x).toLocaleString("en-US")) + unit;
    if (m.show === "usd") return "$" + (x < 100 ? x.toFixed(2) : Math.round(x).toLocaleString("en-US")) + unit;
    if (m.show === "share") return Math.round(x * 100) + "%";
    return Number(x.toPrecision(3)).toString() + unit;
  }

  function readableSliders(el, view, meta) {
    Object.keys(meta).forEach(function (key) {
      var m = meta[key];
      if (m.show === "choice") return;
      var input = el.querySelector('.vega-bindings input[name="' + m.signal + '"]');
      if (!input) return;
      var raw = input.nextElementSibling;
      if (raw && raw.tagName === "SPAN" && !raw.classList.contains("sb-bind-value")) raw.style.display = "none";
      var out = input.parentNode.querySelector(".sb-bind-value");
      if (!out) {
        out = document.createElement("span");
        out.className = "sb-bind-value";
        out.setAttribute("aria-live", "polite");
        input.parentNode.appendChild(out);
      }
      function update() {
        var v = view.signal(m.signal);
        var x = m.log ? Math.pow(10, v) : v;
        out.textContent = show(m.show === "count" ? Math.max(1, Math.round(x)) : x, m);
        input.setAttribute("aria-valuetext", out.textContent);
      }
      view.addSignalListener(m.signal, update);
      update();
    });
  }


  function scenarioQuery(view, names) {
    var q = new URLSearchParams();
    names.forEach(function (name) {
      var v = view.signal(name);
      if (name.indexOf("log10_") === 0) {
        q.set(name.slice(6), Number(Math.pow(10, v).toPrecision(4)).toString());
      } else {
        q.set(name, typeof v === "number" ? Number(v.toPrecision(6)).toString() : String(v));
      }
    });
    return q.toString();
  }

  function shareLink(el, view, names) {
    var a = el.nextElementSibling && el.nextElementSibling.classList &&
      el.nextElementSibling.classList.contains("scalingbook-share") ? el.nextElementSibling : null;
    if (!a) {
      a = document.createElement("a");
      a.className = "scalingbook-share";
      a.textContent = "Link to this scenario";
      el.parentNode.insertBefore(a, el.nextSibling);
    }
    function update() { a.href = window.location.pathname + "?" + scenarioQuery(view, names) + window.location.hash; }
    names.forEach(function (n) { view.addSignalListener(n, update); });
    update();
  }

  // ------------------------------------------------------------------ reflow (phones)
  // A chart is laid out for its width, not shrunk (text >= MIN_FONT px as drawn): below NARROW
  // px small multiples take one or two columns, concatenations stack, legends go below, titles
  // wrap; a chart still too wide has its plots narrowed.
  var MIN_FONT = 11, NARROW = 620, AXIS = 64, GAP = 20, MIN_CELL = 105;
  var FONT_KEYS = ["labelFontSize", "titleFontSize", "fontSize", "subtitleFontSize"];
  var SKIP = {datasets: 1, data: 1, values: 1};

  function copy(x) { return JSON.parse(JSON.stringify(x)); }

  function minFonts(node) {
    if (Array.isArray(node)) { node.forEach(minFonts); return; }
    if (!node || typeof node !== "object") return;
    Object.keys(node).forEach(function (k) {
      var v = node[k];
      if (SKIP[k]) return;
      if (FONT_KEYS.indexOf(k) >= 0 && typeof v === "number" && v < MIN_FONT) node[k] = MIN_FONT;
      else if (v && typeof v === "object") minFonts(v);
    });
  }

  function wrapWords(text, maxChars) {
    if (Array.isArray(text)) {
      var all = [];
      text.forEach(function (line) { var w = wrapWords(line, maxChars); all = all.concat(Array.isArray(w) ? w : [w]); });
      return all;
    }
    if (typeof text !== "string" || text.length <= maxChars) return text;
    var lines = [], line = "";
    text.split(" ").forEach(function (w) {
      if (line && (line + " " + w).length > maxChars) { lines.push(line); line = w; }
      else line = line ? line + " " + w : w;
    });
    if (line) lines.push(line);
    return lines.length > 1 ? lines : text;
  }

  function fitTitle(node, key, width, fontSize) {
    var t = node[key], chars = Math.max(12, Math.floor(width / (fontSize * 0.6)));
    if (typeof t === "string" || Array.isArray(t)) node[key] = wrapWords(t, chars);
    else if (t && typeof t === "object") {
      if (t.text !== undefined) t.text = wrapWords(t.text, chars);
      if (t.subtitle !== undefined) t.subtitle = wrapWords(t.subtitle, Math.floor(chars * 1.2));
    }
  }

  var LEGEND_CHANNELS = ["color", "fill", "stroke", "shape", "size", "opacity", "strokeDash"];

  // A Vega expression breaking the label `expr` into lines of at most `n` characters at spaces
  // (three lines at most), so a long legend or axis label wraps instead of being cut.
  function wrapExpr(expr, n) {  // as scalingbook.pages.charts.wrap_expr: up to five lines
    function cut(e) {
      var k = "lastindexof(substring(" + e + ", 0, " + (n + 1) + "), ' ')";
      return "(" + k + " > 0 ? " + k + " : " + n + ")";
    }
    var L = "(" + expr + ")", rests = [L], heads = [], i;
    for (i = 0; i < 4; i++) {
      var r = rests[rests.length - 1];
      heads.push("substring(" + r + ", 0, " + cut(r) + ")");
      rests.push("trim(substring(" + r + ", " + cut(r) + "))");
    }
    var out = "[" + heads.concat([rests[4]]).join(", ") + "]";
    for (i = 3; i >= 0; i--) {
      out = "(length(" + rests[i] + ") <= " + n + " ? [" + heads.slice(0, i).concat([rests[i]]).join(", ") + "] : " + out + ")";
    }
    return "(isString(" + L + ") && length(" + L + ") > " + n + ") ? " + out + " : " + L;
  }

  // The label expression inside a wrapping one (scalingbook.pages.charts.wrap_expr wraps labels
  // a chart limits in width), so it is wrapped again to the width the chart has here.
  function baseLabel(expr) {
    var m = /^\(isString\(\(([\s\S]*?)\)\) && length\(/.exec(expr || "");
    return m ? m[1] : (expr || "datum.label");
  }

  function wrapLabels(guide, width, fontSize) {
    var n = Math.max(10, Math.floor(width / (fontSize * 0.6)));
    guide.labelExpr = wrapExpr(baseLabel(guide.labelExpr), n);
    guide.labelLimit = Math.max(guide.labelLimit || 0, width + 20);
  }

  function layEncoding(enc, width) {
    if (!enc || typeof enc !== "object") return;
    ["x", "y"].forEach(function (ch) {
      var e = enc[ch];
      if (!e || typeof e !== "object") return;
      if (typeof e.title === "string") fitTitle(e, "title", ch === "x" ? width - AXIS : 260, 13);
      if (e.axis && typeof e.axis === "object" && typeof e.axis.title === "string") fitTitle(e.axis, "title", ch === "x" ? width - AXIS : 260, 13);
    });
    LEGEND_CHANNELS.forEach(function (ch) {
      var e = enc[ch];
      if (!e || typeof e !== "object" || !e.legend || typeof e.legend !== "object") return;
      if (e.legend.orient === "right" || e.legend.orient === "left") e.legend.orient = "bottom";
      if (e.legend.orient === "bottom" || e.legend.orient === "top" || e.legend.orient === undefined) e.legend.columns = 1;
    });
    LEGEND_CHANNELS.forEach(function (ch) {
      var e = enc[ch];
      if (!e || typeof e !== "object" || e.legend === null || !/^(nominal|ordinal)$/.test(e.type || "")) return;
      e.legend = e.legend && typeof e.legend === "object" ? e.legend : {};
      wrapLabels(e.legend, Math.max(80, ROOM - 50), 12);
    });
    var ey = enc.y;
    if (ey && typeof ey === "object" && ey.axis && typeof ey.axis === "object" && ey.axis.labelLimit) {
      ey.axis.labelLimit = Math.max(ey.axis.labelLimit, Math.round(ROOM * 0.6));
    }
    if (enc.column && !enc.row && !enc.facet) { enc.facet = enc.column; delete enc.column; }
    if (enc.facet && typeof enc.facet === "object") enc.facet.columns = columnsFor(width);
  }

  function columnsFor(width) {
    return (width - AXIS - GAP) / 2 >= MIN_CELL ? 2 : 1;
  }

  function cellWidth(width, cols) { return Math.floor((width - AXIS - GAP * (cols - 1)) / cols); }

  function layUnit(node, width) {
    var w0 = node.width;
    if (typeof w0 === "number") {
      var w = Math.max(80, Math.min(w0, width - AXIS));
      if (typeof node.height === "number" && w < w0) node.height = Math.round(node.height * Math.max(0.7, w / w0));
      node.width = w;
    } else if (w0 && typeof w0 === "object" && typeof w0.step === "number") {
      w0.step = Math.max(6, Math.floor(w0.step * Math.min(1, width / 460)));
    }
  }

  // Lay out `node` (any view of a spec) for `width` CSS pixels.
  function lay(node, width, nested) {
    if (!node || typeof node !== "object") return;
    // a view inside a concatenation may start right of its neighbours' axes
    if (node.title !== undefined) fitTitle(node, "title", ROOM - (nested ? 30 + AXIS : 30), 15);
    if (node.hconcat) { node.vconcat = node.hconcat; delete node.hconcat; }
    if (node.concat) node.columns = 1;
    ["vconcat", "concat"].forEach(function (k) { (node[k] || []).forEach(function (c) { lay(c, width, true); }); });
    if (node.facet && node.spec) {
      if (node.facet.column && !node.facet.row) node.facet = node.facet.column;
      var cols = columnsFor(width), cell = cellWidth(width, cols);
      if (!node.facet.row) node.columns = cols;
      var hd = node.facet.header = node.facet.header || {};
      wrapLabels(hd, cell, 12);
      lay(node.spec, cell + AXIS, true);
      return;
    }
    if (node.repeat && node.spec) { node.columns = 1; lay(node.spec, width, true); return; }
    layEncoding(node.encoding, node.encoding && node.encoding.facet ? cellWidth(width, columnsFor(width)) + AXIS : width);
    if (node.encoding && node.encoding.facet) {
      var cell2 = cellWidth(width, columnsFor(width));
      var h = node.encoding.facet.header = node.encoding.facet.header || {};
      wrapLabels(h, cell2, 12);
      width = cell2 + AXIS;
    }
    layUnit(node, width);
    (node.layer || []).forEach(function (c) {
      if (c.title !== undefined) fitTitle(c, "title", ROOM - (nested ? 30 + AXIS : 30), 15);
      if (c.layer) { lay(c, width, nested); return; }
      layEncoding(c.encoding, width);
      layUnit(c, width);
    });
  }

  // The column's width while a chart is laid out: labels and titles are fitted to it, while
  // plot widths may be narrowed further (draw) when fixed-width text still overflows.
  var ROOM = 600;

  function readable(spec, width, narrow, room) {
    ROOM = room || width;
    var out = copy(spec);
    var cfg = out.config = out.config || {};
    ["axis", "legend", "header"].forEach(function (k) {
      cfg[k] = cfg[k] || {};
      if (!(cfg[k].labelFontSize >= MIN_FONT)) cfg[k].labelFontSize = Math.max(MIN_FONT, 12);
      if (!(cfg[k].titleFontSize >= MIN_FONT)) cfg[k].titleFontSize = Math.max(MIN_FONT, 12);
    });
    cfg.title = cfg.title || {};
    if (!(cfg.title.subtitleFontSize >= MIN_FONT)) cfg.title.subtitleFontSize = 12;
    cfg.text = cfg.text || {};
    if (!(cfg.text.fontSize >= MIN_FONT)) cfg.text.fontSize = MIN_FONT;
    minFonts(out);
    if (narrow) {
      cfg.legend.orient = "bottom";
      cfg.legend.columns = 1;
      cfg.legend.labelLimit = Math.max(80, ROOM - 30);
      cfg.legend.titleLimit = Math.max(80, width - 20);
      if (!(cfg.axis.labelLimit < ROOM * 0.6)) cfg.axis.labelLimit = Math.max(110, Math.round(ROOM * 0.6));
      lay(out, width);
    }
    return out;
  }

  function available(el) {
    var box = el.parentElement || el;
    var w = box.clientWidth || window.innerWidth;
    return Math.max(200, w - 12 - (w < NARROW ? 0 : 40));
  }

  function naturalWidth(el) {
    var svg = el.querySelector("svg");
    return svg ? Number(svg.getAttribute("width")) || svg.getBoundingClientRect().width : 0;
  }

  // ------------------------------------------------------------------ dark mode colours
  // Colours a chart sets (marks, bands, palettes) are lifted to contrast >= 6 with the dark
  // background; faint fills get 0.3 opacity at least; schemes starting near black start later.
  var probe = null;
  function toRgb(c) {
    if (typeof c !== "string" || /^(url|var)\(|gradient/.test(c)) return null;
    probe = probe || document.createElement("canvas").getContext("2d");
    probe.fillStyle = "#010203";
    probe.fillStyle = c;
    var s = probe.fillStyle;
    if (s === "#010203" && c.toLowerCase() !== "#010203") return null;
    var m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(s);
    if (m) return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
    m = /rgba?\((\d+), (\d+), (\d+)/.exec(s);
    return m ? [+m[1], +m[2], +m[3]] : null;
  }
  function luminance(rgb) {
    var l = rgb.map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  }
  var BG_LUM = 0.0137;
  function visibleOnDark(c) {
    var rgb = toRgb(c);
    if (!rgb) return c;
    for (var t = 0; t <= 1.0001; t += 0.1) {
      var mixed = rgb.map(function (v) { return Math.round(v + (255 - v) * t); });
      if ((luminance(mixed) + 0.05) / (BG_LUM + 0.05) >= 6) {
        return t === 0 ? c : "#" + mixed.map(function (v) { return ("0" + v.toString(16)).slice(-2); }).join("");
      }
    }
    return "#e6e6e6";
  }
  var COLOUR_KEYS = {color: 1, fill: 1, stroke: 1};
  var DARK_START = {viridis: 1, magma: 1, inferno: 1, plasma: 1, cividis: 1, turbo: 1, darkblue: 1, darkmulti: 1};
  function liftValue(def) {
    if (!def || typeof def !== "object") return def;
    if (typeof def.value === "string") def.value = visibleOnDark(def.value);
    (Array.isArray(def.condition) ? def.condition : def.condition ? [def.condition] : []).forEach(liftValue);
    return def;
  }
  var OPACITY_KEYS = {opacity: 1, fillOpacity: 1};
  function darkColours(node, key) {
    if (Array.isArray(node)) {
      return key === "range" || key === "scheme" || key === "category" ? node.map(function (c) { return typeof c === "string" ? visibleOnDark(c) : c; })
        : node.map(function (c) { return darkColours(c, null); });
    }
    if (!node || typeof node !== "object") return node;
    var out = {};
    Object.keys(node).forEach(function (k) {
      var v = node[k];
      if (SKIP[k] || k === "background") { out[k] = v; return; }
      if (COLOUR_KEYS[k] && typeof v === "string") out[k] = visibleOnDark(v);
      else if (COLOUR_KEYS[k] && v && typeof v === "object" && !Array.isArray(v)) out[k] = liftValue(darkColours(v, k));
      else if (k === "scheme" && typeof v === "string" && DARK_START[v.toLowerCase()]) out[k] = {name: v, extent: [0.3, 1]};
      else if (k === "scheme" && v && typeof v.name === "string" && DARK_START[v.name.toLowerCase()] && !v.extent) {
        out[k] = merge(v, {extent: [0.3, 1]});
      }
      else if (OPACITY_KEYS[k] && typeof v === "number") out[k] = Math.max(v, 0.3);
      else if (OPACITY_KEYS[k] && v && typeof v.value === "number") out[k] = merge(v, {value: Math.max(v.value, 0.3)});
      else out[k] = darkColours(v, k);
    });
    return out;
  }

  // ------------------------------------------------------------------ drawing
  var OPTIONS = {renderer: "svg", actions: {export: true, source: false, compiled: false, editor: false}};
  // On a narrow column several legends stack below the chart instead of standing side by side.
  var NARROW_OPTIONS = merge(OPTIONS, {config: {legend: {layout: {bottom: {direction: "vertical", anchor: "start"},
                                                                 top: {direction: "vertical", anchor: "start"}}}}});

  function draw(el, spec, width, narrow, tries) {
    var shown = readable(spec, width, narrow, available(el));
    if (isDark()) { shown = themed(shown); shown = darkColours(shown, null); shown.config.background = DARK.background; }
    return window.vegaEmbed(el, shown, narrow ? NARROW_OPTIONS : OPTIONS).then(function (res) {
      // Still wider than the column: narrow the plots by the excess, unless that would leave
      // them under about half the column (the excess is then text of fixed width).
      var room = available(el), over = naturalWidth(el) - room;
      var next = (narrow ? width : room) - over - 4;
      if (over > 2 && tries < 4 && next >= 0.55 * room) {
        res.view.finalize();
        return draw(el, spec, next, true, tries + 1);
      }
      return res;
    });
  }

  function embed(el, spec, keep) {
    el.scalingbookSpec = spec;
    el.removeAttribute("data-rendered");
    var width = available(el);
    el.scalingbookWidth = width;
    el.classList.toggle("sb-narrow", width < NARROW);
    return draw(el, spec, width, width < NARROW, 0).then(function (res) {
      var view = res.view;
      el.vegaView = view;
      el.classList.toggle("sb-narrow", width < NARROW);
      var names = boundParams(spec), meta = inputsOf(spec);
      if (names.length) {
        if (keep) {
          names.forEach(function (n) { if (n in keep && hasSignal(view, n)) view.signal(n, keep[n]); });
        } else if (meta) {
          applyChecked(el, view, meta);  // a chart without input ranges takes nothing from a link
        }
        if (meta) readableSliders(el, view, meta);
        shareLink(el, view, names);
      }
      return view.runAsync().then(function () {
        el.setAttribute("data-theme-drawn", isDark() ? "dark" : "light");
        el.setAttribute("data-rendered", "1");
      });
    }).catch(function (err) {
      el.setAttribute("data-error", String(err));
      el.textContent = "Chart failed: " + err;
      console.error(err);
    });
  }

  window.scalingbookEmbed = function (el, spec) { return embed(el, spec, null); };

  function redrawAll() {
    var want = isDark() ? "dark" : "light";
    Array.prototype.forEach.call(document.querySelectorAll(".scalingbook-chart"), function (el) {
      if (!el.scalingbookSpec || el.getAttribute("data-theme-drawn") === want) return;
      var keep = {};
      if (el.vegaView) {
        boundParams(el.scalingbookSpec).forEach(function (n) { keep[n] = el.vegaView.signal(n); });
        el.vegaView.finalize();
      }
      embed(el, el.scalingbookSpec, keep);
    });
  }

  new MutationObserver(redrawAll).observe(document.documentElement, {attributes: true, attributeFilter: ["data-theme"]});

  // A phone turned sideways, a window resized: charts are laid out again for their new width.
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      Array.prototype.forEach.call(document.querySelectorAll(".scalingbook-chart"), function (el) {
        if (!el.scalingbookSpec || !el.vegaView || Math.abs(available(el) - (el.scalingbookWidth || 0)) < 40) return;
        var keep = {};
        boundParams(el.scalingbookSpec).forEach(function (n) { keep[n] = el.vegaView.signal(n); });
        el.vegaView.finalize();
        embed(el, el.scalingbookSpec, keep);
      });
    }, 250);
  });

  // ------------------------------------------------------------------ for the browser test
  window.scalingbookReadout = function (el) {
    var out = [];
    function walk(node, markName) {
      if (!node) return;
      if (node.marktype !== undefined) {
        var name = node.name || "";
        (node.items || []).forEach(function (item) {
          if (/readout.*_marks$/.test(name) && item.datum) out.push(item.datum);
          walk(item, name);
        });
        return;
      }
      (node.items || []).forEach(function (child) { walk(child, markName); });
    }
    if (el.vegaView) walk(el.vegaView.scenegraph().root, "");
    return out;
  };
  window.scalingbookApplyQuery = function (el, search) {
    var view = el.vegaView, meta = inputsOf(el.scalingbookSpec);
    var changed = meta ? applyChecked(el, view, meta, search) : false;
    return view.runAsync().then(function () { return changed; });
  };
})();
