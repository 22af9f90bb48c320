/* Scaling Laws, Reproduced: how the site draws its charts (loaded on every page, before them).
 *
 * - Charts follow the page's colour mode (pydata-sphinx-theme's <html data-theme="dark|light">):
 *   a dark Vega config is merged over the chart's own, and charts are redrawn when it changes.
 * - A link can carry a scenario: ?accelerator=A100&mfu=0.3 sets the live calculators' inputs
 *   (Vega signals of the same name; a log-scale slider `log10_x` is set from `x`), and each
 *   calculator offers a link to the scenario it shows.
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
    legend: {labelColor: INK, titleColor: INK},
    header: {labelColor: INK, titleColor: INK},
    text: {color: INK},
    rule: {color: "#aaa"}
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

  function parseValue(text, current) {
    if (typeof current === "number") {
      var x = Number(text);
      return isFinite(x) ? x : undefined;
    }
    if (typeof current === "boolean") return text === "true" || text === "1";
    return text;
  }

  function applyQuery(view, names, search) {
    var q = new URLSearchParams(search || window.location.search);
    var changed = false;
    q.forEach(function (text, key) {
      var value;
      if (names.indexOf(key) >= 0 && hasSignal(view, key)) {
        value = parseValue(text, view.signal(key));
        if (value !== undefined) { view.signal(key, value); changed = true; }
      } else if (names.indexOf("log10_" + key) >= 0 && hasSignal(view, "log10_" + key)) {
        var x = Number(text);
        if (isFinite(x) && x > 0) { view.signal("log10_" + key, Math.log10(x)); changed = true; }
      }
    });
    return changed;
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

  // ------------------------------------------------------------------ drawing
  var OPTIONS = {renderer: "svg", actions: {export: true, source: false, compiled: false, editor: false}};

  function embed(el, spec, keep) {
    el.scalingbookSpec = spec;
    el.removeAttribute("data-rendered");
    return window.vegaEmbed(el, themed(spec), OPTIONS).then(function (res) {
      var view = res.view;
      el.vegaView = view;
      var names = boundParams(spec);
      if (names.length) {
        if (keep) {
          names.forEach(function (n) { if (n in keep && hasSignal(view, n)) view.signal(n, keep[n]); });
        } else {
          applyQuery(view, names);
        }
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
    var view = el.vegaView;
    var changed = applyQuery(view, boundParams(el.scalingbookSpec), search);
    return view.runAsync().then(function () { return changed; });
  };
})();
