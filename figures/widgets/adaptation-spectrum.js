/* ch9 widget "adaptation-spectrum": every method we measured, placed by the share of
   parameters it trains (log scale; prompting trains none) against its test accuracy; below,
   labelled apart, the lecture's reference points (shares computed for GPT-3 and others, no
   accuracy). Click or focus a point for its numbers. */
(function () {
  "use strict";
  var K = window.LectureWidgetKit, h = K.h, s = K.s, put = K.put, keepKeys = K.keepKeys,
      radios = K.radios, sourceNote = K.sourceNote;   // figures/widgets/widgets.js

  var INK = "#1d2733", MUTED = "#5b6673";

  window.LectureWidgets = window.LectureWidgets || {};
  window.LectureWidgets["adaptation-spectrum"] = function (root, data) {
    keepKeys(root);
    root.classList.add("w-sp");
    var showRefs = true, selected = null;
    var chart = s("svg", {width: 820, height: 470, viewBox: "0 0 820 470", "class": "w-sp-chart"});
    var panel = h("div", {"class": "w-panel w-sp-panel", "aria-live": "polite"});
    var check = h("input", {type: "checkbox", checked: true});
    check.addEventListener("change", function () { showRefs = check.checked; draw(); });
    // the measured methods as buttons too: points that sit on top of each other stay reachable
    var list = h("div", {"class": "w-sp-list", role: "group", "aria-label": "Measured methods"},
      data.measured.map(function (m) {
        return h("button", {type: "button", "data-method": m.id, style: "border-color:" + m.color,
                            onclick: function () { selected = m.id; draw(); details(m, "measured"); }}, [
          h("i", {style: "background:" + m.color}), m.label]);
      }));
    root.appendChild(h("div", {"class": "w-cols"}, [
      h("div", {"class": "w-sp-left"}, [chart]),
      h("div", {"class": "w-sp-right"}, [
        h("label", {"class": "w-check"}, [check, "Show the lecture's reference points"]), list, panel])
    ]));
    data.sources.forEach(function (src) { root.appendChild(sourceNote(src)); });

    var all = data.measured.map(function (m) { return m.fraction.v; }).concat(data.references.map(function (r) { return r.fraction.v; }))
      .filter(function (v) { return v > 0; });
    var lo = Math.floor(Math.log10(Math.min.apply(null, all))), hi = 0;
    var X0 = 70, XZ = 100, XL = 170, XR = 800, YT = 20, YB = 300, REF = 372;
    var accs = data.measured.map(function (m) { return m.accuracy.v; });
    var ylo = Math.min(0.4, Math.floor((Math.min.apply(null, accs.length ? accs : [0.5]) - 0.05) * 10) / 10), yhi = 1;
    function x(f) { return f <= 0 ? XZ : XL + (XR - XL) * (Math.log10(f) - lo) / (hi - lo); }
    function y(a) { return YB - (YB - YT) * (a - ylo) / (yhi - ylo); }

    function point(item, cx, cy, shape, color, kind) {
      var g = s("g", {"class": "w-sp-point" + (selected === item.id ? " w-on" : ""), tabindex: "0", role: "button", "data-point": item.id,
                      "aria-label": item.label + (item.model ? " (" + item.model + ", lecture reference)" : "") + ": " + item.fraction.t + " trained" +
                        (item.accuracy ? ", accuracy " + item.accuracy.t : ""), "aria-pressed": String(selected === item.id)});
      var r = selected === item.id ? 11 : 8;
      if (shape === "diamond") g.appendChild(s("polygon", {points: [cx, cy - r - 2, cx + r + 2, cy, cx, cy + r + 2, cx - r - 2, cy].join(" "), fill: "#fff", stroke: color, "stroke-width": 3}));
      else g.appendChild(s("circle", {cx: cx, cy: cy, r: r, fill: color, stroke: "#fff", "stroke-width": 2}));
      g.appendChild(s("circle", {cx: cx, cy: cy, r: 13, fill: "transparent"}));   // a larger target for the mouse
      function choose() { selected = item.id; draw(); details(item, kind); var again = chart.querySelector("[data-point='" + item.id + "']"); if (again && document.activeElement === document.body) again.focus(); }
      g.addEventListener("click", choose);
      g.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); choose(); } });
      chart.appendChild(g);
      return g;
    }

    function draw() {
      chart.textContent = "";
      // axes
      chart.appendChild(s("line", {x1: X0, x2: XR, y1: YB, y2: YB, stroke: INK, "stroke-width": 1.5}));
      chart.appendChild(s("line", {x1: X0, x2: X0, y1: YT, y2: YB, stroke: INK, "stroke-width": 1.5}));
      chart.appendChild(s("text", {x: (XZ + XL) / 2 + 4, y: YB + 6, "text-anchor": "middle", "font-size": 22, fill: MUTED, text: "//"}));
      chart.appendChild(s("text", {x: XZ, y: YB + 22, "text-anchor": "middle", "font-size": 15, text: "0"}));
      for (var e = lo; e <= hi; e++) {
        chart.appendChild(s("line", {x1: x(Math.pow(10, e)), x2: x(Math.pow(10, e)), y1: YT, y2: YB, stroke: "#e4e9ef"}));
        chart.appendChild(s("text", {x: x(Math.pow(10, e)), y: YB + 22, "text-anchor": "middle", "font-size": 15,
                                     text: String(Math.pow(10, e + 2)) + "%"}));
      }
      chart.appendChild(s("text", {x: XR, y: YB + 42, "text-anchor": "end", "font-size": 15, fill: MUTED, text: "share of parameters trained (log scale; prompting trains none)"}));
      [ylo, 0.5, 0.75, 1].filter(function (v, i, a) { return v >= ylo && a.indexOf(v) === i; }).forEach(function (t) {
        chart.appendChild(s("line", {x1: X0, x2: XR, y1: y(t), y2: y(t), stroke: t === 0.5 ? MUTED : "#e4e9ef", "stroke-dasharray": t === 0.5 ? "6 4" : null}));
        chart.appendChild(s("text", {x: X0 - 8, y: y(t) + 5, "text-anchor": "end", "font-size": 15, text: Math.round(t * 100) + "%"}));
      });
      chart.appendChild(s("text", {x: XR, y: y(0.5) - 6, "text-anchor": "end", "font-size": 14, fill: MUTED, text: "chance"}));
      chart.appendChild(s("text", {x: X0, y: YT - 6, "font-size": 15, fill: MUTED, text: "test accuracy, measured: " + data.model}));
      if (!data.measured.length) {
        chart.appendChild(s("text", {x: (X0 + XR) / 2, y: (YT + YB) / 2, "text-anchor": "middle", "font-size": 24, "font-weight": 700,
                                     fill: "#8a5a00", "class": "w-sp-missing", text: "Our measurements: not measured yet"}));
      }
      // measured points, each label in the first free spot around its point
      var boxes = [];
      function free(x0, y0, w, hh, bounds) {
        if (x0 < bounds[0] || x0 + w > bounds[2] || y0 < bounds[1] || y0 + hh > bounds[3]) return false;
        return !boxes.some(function (b) { return x0 < b[0] + b[2] && b[0] < x0 + w && y0 < b[1] + b[3] && b[1] < y0 + hh; });
      }
      function label(text, cx, cy, size, cands, bounds, color) {
        var w = text.length * size * 0.5 + 4, hh = size + 2;
        var spot = null;
        cands.forEach(function (c) {
          if (spot) return;
          var x0 = c[0] === "c" ? cx - w / 2 : c[0] < 0 ? cx + c[0] - w : cx + c[0], y0 = cy + c[1] - hh / 2;
          if (free(x0, y0, w, hh, bounds)) spot = [x0, y0];
        });
        if (!spot) spot = [Math.min(cx + 12, bounds[2] - w), cy - hh / 2];
        boxes.push([spot[0], spot[1], w, hh]);
        chart.appendChild(s("text", {x: spot[0] + 2, y: spot[1] + size * 0.85, "font-size": size, fill: color || INK, "pointer-events": "none", text: text}));
        return [spot[0], spot[1], w, hh];
      }
      var AROUND = [[13, 0], [-13, 0], ["c", -18], ["c", 19], [13, -17], [13, 17], [-13, -17], [-13, 17], ["c", -36], ["c", 37], [13, -34], [13, 34]];
      var spots = data.measured.map(function (m) {
        var cx = x(m.fraction.v), cy = y(m.accuracy.v);
        if (m.fraction.v <= 0) cx += (m.id === data.measured[0].id ? -12 : 12);
        boxes.push([cx - 9, cy - 9, 18, 18]);
        return [m, cx, cy];
      });
      spots.sort(function (a, b) { return (a[0].id === selected) - (b[0].id === selected); });
      spots.forEach(function (p) { point(p[0], p[1], p[2], "circle", p[0].color, "measured"); });
      spots.forEach(function (p) { label(p[0].label, p[1], p[2], 15, AROUND, [X0 + 2, YT, XR + 18, YB - 2]); });
      if (!showRefs) return;
      // the lecture's reference points, on their own strip
      chart.appendChild(s("rect", {x: X0, y: REF - 22, width: XR - X0 + 18, height: 118, rx: 8, fill: "#f6f3ea", stroke: "#e0d6bd"}));
      chart.appendChild(s("text", {x: X0 + 8, y: REF - 6, "font-size": 15, "font-weight": 700, fill: "#8a5a00",
                                   text: "Lecture's reference points: share trained, computed (content/formulas.py); no accuracy"}));
      var BELOW = [["c", 22], ["c", 38], ["c", 54], ["c", 70], [12, 22], [-12, 22], [12, 38], [-12, 38], [12, 54], [-12, 54], [12, 70], [-12, 70]];
      var refs = data.references.slice().sort(function (a, b) { return a.fraction.v - b.fraction.v; });
      refs.forEach(function (r) { boxes.push([x(r.fraction.v) - 10, REF + 8, 20, 20]); point(r, x(r.fraction.v), REF + 18, "diamond", "#8a5a00", "reference"); });
      refs.forEach(function (r) {
        var cx = x(r.fraction.v), b = label(r.label + (r.model !== "any model" ? " (" + r.model + ")" : ""), cx, REF + 18, 13, BELOW, [X0 + 2, REF + 28, XR + 18, REF + 96]);
        var lx = Math.min(Math.max(cx, b[0] + 4), b[0] + b[2] - 4);
        if (b[1] > REF + 36 || lx !== cx) chart.appendChild(s("line", {x1: cx, y1: REF + 29, x2: lx, y2: b[1] + 1, stroke: "#b59a5a", "stroke-width": 1}));
      });
    }

    function kv(label, q, extra) {
      return h("div", {"class": "w-kv"}, [h("span", {"class": "w-k", text: label}), put(h("span", {"class": "w-v", "data-key": label.toLowerCase().split(" ")[0]}), q),
        extra ? h("span", {"class": "w-k2", text: extra}) : null]);
    }
    function details(item, kind) {
      list.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-method") === item.id)); });
      panel.textContent = "";
      panel.setAttribute("data-selected", item.id);
      panel.appendChild(h("p", {"class": "w-title", text: item.label}));
      if (kind === "measured") {
        panel.appendChild(h("p", {"class": "w-hint", text: "Measured on " + data.model + "; " + item.detail + "."}));
        panel.appendChild(kv("Share trained", item.fraction));
        panel.appendChild(kv("Trainable", item.params, "parameters"));
        var a = h("span", {"class": "w-big", "data-key": "accuracy"});
        put(a, item.accuracy);
        panel.appendChild(h("p", {"class": "w-k", text: "Test accuracy" + (data.n_test.v ? " (" + data.n_test.t + " tweets)" : "")}));
        panel.appendChild(a);
      } else {
        panel.appendChild(h("p", {"class": "w-hint", text: "Lecture reference point, " + item.model + ": computed by the formula module, not measured."}));
        panel.appendChild(kv("Share trained", item.fraction));
        panel.appendChild(kv("Trainable", item.params, item.params.v === null ? "" : "parameters"));
        panel.appendChild(h("p", {"class": "w-k", text: "Test accuracy"}));
        panel.appendChild(put(h("span", {"class": "w-v", "data-key": "accuracy"}), {v: null, t: "no accuracy: a reference share only"}));
      }
    }
    draw();
    var first = data.measured.filter(function (m) { return m.id === "lora"; })[0] || data.measured[0];
    if (first) { selected = first.id; draw(); details(first, "measured"); }
    else { panel.appendChild(h("p", {"class": "w-hint", text: "Click or focus a point for its numbers."})); }
  };
})();
