/* ch7 widget "peft-playground": choose a method and press Train: the recorded loss curve of
   that run plays back, the parts of the block it trains light up, and its measured trainable
   parameters, memory, time per step and accuracy show beside it. Earlier runs stay as faint
   curves to compare against. */
(function () {
  "use strict";
  var K = window.LectureWidgetKit, h = K.h, s = K.s, put = K.put, keepKeys = K.keepKeys,
      radios = K.radios, sourceNote = K.sourceNote;   // figures/widgets/widgets.js

  var ORANGE = "#E69F00", FROZEN = "#c9ced4", INK = "#1d2733";
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  window.LectureWidgets = window.LectureWidgets || {};
  window.LectureWidgets["peft-playground"] = function (root, data) {
    keepKeys(root);
    root.classList.add("w-pp");
    if (!data.methods.length) {
      root.appendChild(h("p", {"class": "w-missing", text: "Training runs of the PEFT methods: not measured yet."}));
      root.appendChild(sourceNote(data.source));
      return;
    }
    var byId = {};
    data.methods.forEach(function (m) { byId[m.id] = m; });
    var method = data.methods.filter(function (m) { return m.id === "lora"; })[0] || data.methods[0];
    var trained = {}, timer = null, step = 0;

    var pick = radios("Method", data.methods.map(function (m) { return {value: m.id, label: m.label}; }), method.id,
      function (v) { stop(); method = byId[v]; step = 0; show(); }, "w-pp-methods");
    var train = h("button", {type: "button", "class": "w-primary w-pp-train", text: "▶ Train"});
    train.addEventListener("click", function () { play(); });
    var diagram = s("svg", {width: 300, height: 400, viewBox: "0 0 300 400", role: "img", "class": "w-pp-diagram"});
    var chart = s("svg", {width: 500, height: 330, viewBox: "0 0 500 330", role: "img",
                          "aria-label": "Training loss per optimizer step, log scale"});
    var stepLabel = h("span", {"class": "w-v", "data-key": "step", "aria-live": "off"});
    var live = h("p", {"class": "w-hint w-pp-live", "aria-live": "polite"});
    var trainable = h("span", {"class": "w-v", "data-key": "trainable"}), frac = h("span", {"class": "w-k2", "data-key": "fraction"});
    var memory = h("span", {"class": "w-v", "data-key": "memory"}), memBar = h("div", {"class": "w-stack"});
    var time = h("span", {"class": "w-v", "data-key": "seconds-per-step"});
    var accuracy = h("span", {"class": "w-big", "data-key": "accuracy"});
    var detail = h("p", {"class": "w-hint"});

    root.appendChild(h("div", {"class": "w-row"}, [pick, train]));
    root.appendChild(h("div", {"class": "w-cols"}, [
      h("div", {"class": "w-pp-left"}, [diagram]),
      h("div", {"class": "w-pp-mid"}, [h("div", {"class": "w-kv"}, [h("span", {"class": "w-k", text: "Training loss"}), stepLabel]), chart, live]),
      h("div", {"class": "w-panel w-pp-right"}, [
        detail,
        h("p", {"class": "w-k", text: "Trainable parameters"}), h("div", {"class": "w-kv"}, [trainable, frac]),
        h("p", {"class": "w-k", text: "Training memory per step (measured, fp32)"}), memory, memBar,
        h("p", {"class": "w-stack-legend", "aria-hidden": "true"}, Object.keys(data.memory_colors).map(function (k) {
          return h("span", {}, [h("i", {style: "background:" + data.memory_colors[k]}), k]);
        })),
        h("p", {"class": "w-k", text: "Time per step"}), time,
        h("p", {"class": "w-k", text: "Test accuracy"}), accuracy])
    ]));
    root.appendChild(sourceNote(data.source));

    // --- the block diagram: frozen grey, what the method trains orange ---
    function part(on) { return on ? ORANGE : FROZEN; }
    function rect(x, y, w, hh, fill, label, size, dashed) {
      diagram.appendChild(s("rect", {x: x, y: y, width: w, height: hh, rx: 6, fill: fill, stroke: INK, "stroke-width": 1.2,
                                     "stroke-dasharray": dashed ? "4 3" : null}));
      if (label) diagram.appendChild(s("text", {x: x + w / 2, y: y + hh / 2 + 6, "text-anchor": "middle", "font-size": size || 16, text: label}));
    }
    function drawDiagram() {
      diagram.textContent = "";
      var p = {};
      method.parts.forEach(function (x) { p[x] = true; });
      var full = method.kind === "full";
      // soft prompt tokens at the input
      for (var i = 0; i < 4; i++) rect(60 + i * 30, 8, 24, 24, p.soft_prompt ? ORANGE : "#fff", "", 0, !p.soft_prompt);
      diagram.appendChild(s("text", {x: 190, y: 26, "font-size": 14, fill: "#5b6673", text: p.soft_prompt ? "soft prompt" : "(no soft prompt)"}));
      rect(40, 40, 220, 34, part(full), "Embeddings");
      // one transformer block
      diagram.appendChild(s("rect", {x: 20, y: 86, width: 260, height: 250, rx: 10, fill: "none", stroke: INK, "stroke-dasharray": "6 4"}));
      diagram.appendChild(s("text", {x: 30, y: 104, "font-size": 14, fill: "#5b6673", text: "× every block"}));
      rect(40, 112, 220, 24, part(full), "LayerNorm", 14);
      ["q", "k", "v", "o"].forEach(function (x, i) {
        rect(48 + i * 52, 144, 44, 34, part(full), x.toUpperCase(), 17);
        if (p.lora && (x === "q" || x === "v")) rect(56 + i * 52, 182, 28, 18, ORANGE, "BA", 12);
        if (p.ia3 && (x === "k" || x === "v")) diagram.appendChild(s("circle", {cx: 70 + i * 52, cy: 192, r: 8, fill: ORANGE, stroke: INK}));
      });
      if (p.prefix) rect(226, 116, 50, 22, ORANGE, "prefix", 12);
      if (p.magnitude) diagram.appendChild(s("text", {x: 160, y: 215, "font-size": 13, "text-anchor": "middle", text: "+ magnitude vector (DoRA)"}));
      if (p.adapter) rect(90, 206, 120, 20, ORANGE, "adapter", 13);
      rect(40, 232, 220, 24, part(full), "LayerNorm", 14);
      rect(40, 262, 220, 38, part(full), "MLP (gate, up, down)", 16);
      if (p.ia3) diagram.appendChild(s("circle", {cx: 250, cy: 281, r: 8, fill: ORANGE, stroke: INK}));
      if (p.adapter) rect(90, 308, 120, 20, ORANGE, "adapter", 13);
      rect(40, 348, 220, 34, part(full), "LM head");
      diagram.setAttribute("aria-label", method.label + " trains: " + method.detail + ". Orange parts train; grey parts are frozen.");
    }

    // --- the loss chart ---
    var all = [];
    data.methods.forEach(function (m) { all = all.concat(m.loss); });
    var lo = Math.log10(Math.min.apply(null, all)), hi = Math.log10(Math.max.apply(null, all));
    var X0 = 50, W = 360, Y0 = 290, H = 270, steps = data.methods[0].loss.length;
    function x(i) { return X0 + W * i / Math.max(1, steps - 1); }
    function y(v) { return Y0 - H * (Math.log10(v) - lo) / Math.max(1e-9, hi - lo); }
    function path(m, upto) {
      return m.loss.slice(0, upto).map(function (v, i) { return (i ? "L" : "M") + x(i).toFixed(1) + " " + y(v).toFixed(1); }).join(" ");
    }
    function drawChart() {
      chart.textContent = "";
      var ticks = [];
      for (var e = Math.floor(lo); e <= Math.ceil(hi); e++) [1, 2, 5].forEach(function (k) {
        var v = k * Math.pow(10, e);
        if (Math.log10(v) >= lo - 1e-9 && Math.log10(v) <= hi + 1e-9) ticks.push(v);
      });
      ticks.forEach(function (v) {
        chart.appendChild(s("line", {x1: X0, x2: X0 + W, y1: y(v), y2: y(v), stroke: "#dde3ea"}));
        chart.appendChild(s("text", {x: X0 - 6, y: y(v) + 5, "text-anchor": "end", "font-size": 14, text: String(v)}));
      });
      chart.appendChild(s("text", {x: X0 + W, y: Y0 + 34, "text-anchor": "end", "font-size": 14, fill: "#5b6673", text: "optimizer step (" + data.steps.t + ", batch " + data.batch.t + ")"}));
      [0, steps - 1].forEach(function (i) {
        chart.appendChild(s("text", {x: x(i), y: Y0 + 16, "text-anchor": "middle", "font-size": 14, text: String(i + 1)}));
      });
      Object.keys(trained).forEach(function (id) {
        if (id === method.id) return;
        chart.appendChild(s("path", {d: path(byId[id], steps), fill: "none", stroke: byId[id].color, "stroke-width": 2, opacity: 0.35}));
        var last = byId[id].loss[steps - 1];
        chart.appendChild(s("text", {x: X0 + W + 4, y: y(last) + 4, "font-size": 12, fill: byId[id].color, text: byId[id].label}));
      });
      if (step === 0) chart.appendChild(s("text", {x: X0 + W / 2, y: Y0 - H / 2, "text-anchor": "middle", "font-size": 20, fill: "#5b6673",
                                                   text: "Press Train to play back the recorded run"}));
      if (step > 0) {
        chart.appendChild(s("path", {d: path(method, step), fill: "none", stroke: method.color, "stroke-width": 3.5, "class": "w-pp-curve"}));
        chart.appendChild(s("circle", {cx: x(step - 1), cy: y(method.loss[step - 1]), r: 6, fill: method.color}));
      }
    }

    function show() {
      drawDiagram();
      put(trainable, method.trainable);
      put(frac, {v: method.fraction.v, t: method.fraction.t + " of " + data.total_params.t});
      put(memory, method.memory_total);
      memBar.textContent = "";
      var total = method.memory_total.v;
      Object.keys(data.memory_colors).forEach(function (k) {
        var q = method.memory[k];
        memBar.appendChild(h("span", {style: "width:" + (100 * q.v / total).toFixed(2) + "%;background:" + data.memory_colors[k],
                                      title: k + ": " + q.t, "aria-label": k + " " + q.t}));
      });
      memBar.setAttribute("role", "img");
      memBar.setAttribute("aria-label", Object.keys(data.memory_colors).map(function (k) { return k + " " + method.memory[k].t; }).join(", "));
      put(time, {v: method.seconds_per_step.v, t: method.seconds_per_step.t + " s"});
      detail.textContent = method.label + ": " + method.detail;
      var done = step >= steps;
      if (done) put(accuracy, method.accuracy);
      else put(accuracy, {v: null, t: step > 0 ? "training…" : "press Train"});
      stepLabel.textContent = step > 0 ? "step " + step + " of " + steps + ": " + method.loss[step - 1].toFixed(2) : "";
      root.setAttribute("data-method", method.id);
      root.setAttribute("data-state", done ? "done" : step > 0 ? "training" : "idle");
      train.textContent = done ? "↻ Train again" : "▶ Train";
      drawChart();
    }

    function stop() { if (timer) { clearInterval(timer); timer = null; } }
    function finish() {
      stop();
      step = steps;
      trained[method.id] = true;
      show();
      live.textContent = method.label + ": loss " + method.loss_first.t + " → " + method.loss_last.t + " in " + data.steps.t +
        " steps; test accuracy " + method.accuracy.t + " (" + data.n_test.t + " tweets).";
    }
    function play() {
      stop();
      step = 0;
      live.textContent = "Training " + method.label + " (recorded run played back)…";
      if (reduceMotion) { finish(); return; }
      timer = setInterval(function () {
        step += 1;
        if (step >= steps) finish(); else show();
      }, Math.max(25, 2400 / steps));
    }
    show();
  };
})();
