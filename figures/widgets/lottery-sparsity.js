/* ch4 widget "lottery-sparsity": a sparsity slider over the rounds of iterative magnitude
   pruning; a corner of the first layer greys out weight by weight (the real masks), and the
   accuracy of the ticket rewound to its original initialisation is set against the same mask
   trained from a random re-initialisation. */
(function () {
  "use strict";
  var K = window.LectureWidgetKit, h = K.h, s = K.s, put = K.put, keepKeys = K.keepKeys,
      radios = K.radios, sourceNote = K.sourceNote;   // figures/widgets/widgets.js

  var BLUE = "#0072B2", VERM = "#D55E00", GREY = "#c9ced4";

  window.LectureWidgets = window.LectureWidgets || {};
  window.LectureWidgets["lottery-sparsity"] = function (root, data) {
    keepKeys(root);
    root.classList.add("w-lt");
    if (!data.rounds.length) {
      root.appendChild(h("p", {"class": "w-missing", text: "Lottery ticket accuracy vs. sparsity: not measured yet."}));
      root.appendChild(sourceNote(data.source));
      return;
    }
    var n = data.rounds.length, round = 0;
    var slider = h("input", {type: "range", min: 0, max: n - 1, step: 1, value: 0, "aria-label": "Sparsity (pruning round)"});
    var sparsity = h("span", {"class": "w-big", "data-key": "sparsity"});
    var left = h("span", {"class": "w-k2", "data-key": "remaining"});
    var rewind = h("span", {"class": "w-big w-lt-rewind", "data-key": "rewind"});
    var reinit = h("span", {"class": "w-big w-lt-reinit", "data-key": "reinit"});
    var rewindRange = h("span", {"class": "w-k2"}), reinitRange = h("span", {"class": "w-k2"});
    var live = h("p", {"class": "w-hint", "aria-live": "polite"});
    slider.addEventListener("input", function () { round = Number(slider.value); update(); });

    // the grid: one dot per weight, its size the magnitude of its initial value
    var g = data.grid_init, rows = g.length, cols = g[0].length, cell = 30;
    var maxAbs = Math.max.apply(null, g.map(function (r) { return Math.max.apply(null, r.map(Math.abs)); }));
    var grid = s("svg", {width: cols * cell, height: rows * cell, viewBox: "0 0 " + cols * cell + " " + rows * cell, role: "img",
                         "aria-label": "A " + rows + " by " + cols + " corner of the first layer: surviving weights coloured, pruned weights grey"});
    var dots = [];
    g.forEach(function (row, i) {
      row.forEach(function (w, j) {
        var c = s("circle", {cx: j * cell + cell / 2, cy: i * cell + cell / 2, r: (3 + 10 * Math.abs(w) / maxAbs).toFixed(2)});
        grid.appendChild(c);
        dots.push({node: c, i: i, j: j});
      });
    });
    var alive = h("span", {"class": "w-v", "data-key": "alive"});

    var chart = s("svg", {width: 770, height: 210, viewBox: "0 0 770 210", role: "img",
                          "aria-label": "Test accuracy against sparsity: rewound tickets in blue, random re-initialisation in vermillion"});

    root.appendChild(h("div", {"class": "w-cols"}, [
      h("div", {"class": "w-lt-left"}, [grid,
        h("div", {"class": "w-kv"}, [h("span", {"class": "w-k", text: "Surviving here"}), alive]),
        h("p", {"class": "w-hint", text: "First layer (" + data.sizes + " MLP), seed " + data.grid_seed +
          ": dot size = |initial weight|; pruned by trained magnitude."})]),
      h("div", {"class": "w-lt-right"}, [
        h("label", {"class": "w-k"}, ["Sparsity: prune " + data.prune_rate.t + " of what is left, per round"]),
        slider,
        h("div", {"class": "w-kv"}, [sparsity, h("span", {"class": "w-k2", text: "of weights pruned"}), left]),
        h("div", {"class": "w-lt-accs"}, [
          h("div", {"class": "w-panel"}, [h("p", {"class": "w-k", text: "Rewound to original init"}), rewind, rewindRange]),
          h("div", {"class": "w-panel"}, [h("p", {"class": "w-k", text: "Random re-initialisation"}), reinit, reinitRange])]),
        chart, live])
    ]));
    root.appendChild(sourceNote(data.source));

    function drawChart() {
      chart.textContent = "";
      var x0 = 52, w = 600, y0 = 170, hgt = 150;
      var all = [];
      data.rounds.forEach(function (r) { all.push(r.rewind_range[0].v, r.reinit_range[0].v, r.rewind_range[1].v, r.reinit_range[1].v); });
      var lo = Math.floor(Math.min.apply(null, all) * 20) / 20, hi = 1;
      var x = function (i) { return x0 + w * i / (n - 1); }, y = function (v) { return y0 - hgt * (v - lo) / (hi - lo); };
      [lo, (lo + hi) / 2, hi].forEach(function (t) {
        chart.appendChild(s("line", {x1: x0, x2: x0 + w, y1: y(t), y2: y(t), stroke: "#dde3ea"}));
        chart.appendChild(s("text", {x: x0 - 6, y: y(t) + 5, "text-anchor": "end", "font-size": 15, text: Math.round(t * 100) + "%"}));
      });
      [0, Math.floor((n - 1) / 2), n - 1].forEach(function (i) {
        chart.appendChild(s("text", {x: x(i), y: y0 + 20, "text-anchor": "middle", "font-size": 15, text: data.rounds[i].sparsity.t}));
      });
      chart.appendChild(s("text", {x: x0 + w, y: y0 + 38, "text-anchor": "end", "font-size": 14, fill: "#5b6673", text: "sparsity (each step one pruning round)"}));
      [["reinit", VERM], ["rewind", BLUE]].forEach(function (arm) {
        var band = data.rounds.map(function (r, i) { return x(i) + "," + y(r[arm[0] + "_range"][1].v); })
          .concat(data.rounds.slice().reverse().map(function (r, k) { return x(n - 1 - k) + "," + y(r[arm[0] + "_range"][0].v); }));
        chart.appendChild(s("polygon", {points: band.join(" "), fill: arm[1], opacity: 0.15}));
        chart.appendChild(s("polyline", {points: data.rounds.map(function (r, i) { return x(i) + "," + y(r[arm[0]].v); }).join(" "),
                                         fill: "none", stroke: arm[1], "stroke-width": 3}));
        chart.appendChild(s("circle", {cx: x(round), cy: y(data.rounds[round][arm[0]].v), r: 7, fill: arm[1], stroke: "#fff", "stroke-width": 2}));
        chart.appendChild(s("text", {x: x(n - 1) + 10, y: y(data.rounds[n - 1][arm[0]].v) + 5, "font-size": 16, "font-weight": 700,
                                     fill: arm[1], text: arm[0] === "rewind" ? "rewound" : "re-init"}));
      });
      chart.appendChild(s("line", {x1: x(round), x2: x(round), y1: y0, y2: y0 - hgt, stroke: "#1d2733", "stroke-dasharray": "4 4"}));
    }

    function update() {
      var r = data.rounds[round], count = 0;
      dots.forEach(function (d) {
        var on = r.mask[d.i][d.j] === 1;
        if (on) count++;
        d.node.setAttribute("fill", on ? BLUE : GREY);
        d.node.setAttribute("opacity", on ? 1 : 0.55);
        d.node.setAttribute("class", on ? "w-alive" : "w-pruned");
      });
      put(sparsity, r.sparsity);
      put(left, {v: r.remaining.v, t: "(" + r.remaining.t + " left, round " + r.round + " of " + (n - 1) + ")"});
      put(rewind, r.rewind);
      put(reinit, r.reinit);
      rewindRange.textContent = data.seeds.v > 1 ? r.rewind_range[0].t + " – " + r.rewind_range[1].t + " over " + data.seeds.t + " seeds" : "";
      reinitRange.textContent = data.seeds.v > 1 ? r.reinit_range[0].t + " – " + r.reinit_range[1].t + " over " + data.seeds.t + " seeds" : "";
      put(alive, {v: count, t: count + " of " + dots.length});
      slider.setAttribute("aria-valuetext", "sparsity " + r.sparsity.t);
      live.textContent = "Sparsity " + r.sparsity.t + ": rewound " + r.rewind.t + ", re-initialised " + r.reinit.t + ".";
      drawChart();
    }
    update();
  };
})();
