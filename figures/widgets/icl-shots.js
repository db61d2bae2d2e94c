/* ch1 widget "icl-shots": choose k, the prompt grows with the real demonstrations of one
   draw, and the accuracy measured over all draws (mean, spread) shows beside it. */
(function () {
  "use strict";
  var K = window.LectureWidgetKit, h = K.h, s = K.s, put = K.put, keepKeys = K.keepKeys,
      radios = K.radios, sourceNote = K.sourceNote;   // figures/widgets/widgets.js

  window.LectureWidgets = window.LectureWidgets || {};
  window.LectureWidgets["icl-shots"] = function (root, data) {
    keepKeys(root);
    root.classList.add("w-icl");
    if (!data.shots.length) {
      root.appendChild(h("p", {"class": "w-missing", text: "Accuracy for k examples: not measured yet."}));
      root.appendChild(sourceNote(data.source));
      return;
    }
    var current = data.shots[0].k, calibrated = false;
    var byK = {};
    data.shots.forEach(function (s) { byK[s.k] = s; });

    var tokens = h("span", {"class": "w-v", "data-key": "tokens"});
    var drawNote = h("span", {"class": "w-k2"});
    var prompt = h("div", {"class": "w-prompt", tabindex: "0", role: "region", "aria-label": "The prompt"});
    var big = h("span", {"class": "w-big", "data-key": "accuracy"});
    var spread = h("span", {"class": "w-v", "data-key": "spread"});
    var status = h("p", {"class": "w-hint", "aria-live": "polite"});
    var chart = s("svg", {width: 500, height: 250, viewBox: "0 0 500 250", role: "img",
                          "aria-label": "Mean accuracy for each k, with one dot per draw of the examples"});
    var check = h("input", {type: "checkbox"});
    check.addEventListener("change", function () { calibrated = check.checked; update(); });

    root.appendChild(h("div", {"class": "w-row"}, [
      radios("Examples in the prompt (k)", data.shots.map(function (s) { return {value: String(s.k), label: s.label}; }),
             String(current), function (v) { current = Number(v); update(); }, "w-shots"),
      h("label", {"class": "w-check"}, [check, "Contextual calibration"])
    ]));
    root.appendChild(h("div", {"class": "w-cols"}, [
      h("div", {"class": "w-icl-left"}, [
        h("div", {"class": "w-kv"}, [h("span", {"class": "w-k", text: "Prompt length"}), tokens,
          h("span", {"class": "w-k2", text: "tokens (mean over draws, with the query)"}), drawNote]),
        prompt]),
      h("div", {"class": "w-panel w-icl-right"}, [
        h("p", {"class": "w-k", text: "Test accuracy (mean over draws)"}),
        h("div", {"class": "w-kv"}, [big, spread]),
        chart, status])
    ]));
    root.appendChild(sourceNote(data.source));

    function drawPrompt(shot) {
      prompt.textContent = "";
      prompt.appendChild(h("span", {"class": "w-dim", text: data.instruction}));
      var parts = data.template.split("{text}");
      shot.examples.forEach(function (ex) {
        prompt.appendChild(h("mark", {}, [parts[0] + ex[0] + parts[1],
          h("span", {"class": "w-label-word", text: data.label_words[ex[1]]})]));
        prompt.appendChild(document.createTextNode(data.separator));
      });
      prompt.appendChild(h("span", {"class": "w-query"}, [parts[0], h("em", {text: "⟨one of the " + data.n_eval.t + " held-out tweets⟩"}), parts[1]]));
      prompt.appendChild(h("span", {"class": "w-dim", text: " ▌ the model scores \"" + data.label_words.map(function (w) { return w.trim(); }).join("\" vs \"") + "\""}));
      prompt.scrollTop = prompt.scrollHeight;
    }

    function drawChart() {
      chart.textContent = "";
      var x0 = 56, w = 380, y0 = 210, hgt = 190, n = data.shots.length, slot = w / n;
      var y = function (v) { return y0 - hgt * v; };
      [0, 0.25, 0.5, 0.75, 1].forEach(function (t) {
        chart.appendChild(s("line", {x1: x0, x2: x0 + w, y1: y(t), y2: y(t), stroke: t === 0.5 ? "#5b6673" : "#dde3ea",
                                     "stroke-dasharray": t === 0.5 ? "6 4" : null, "stroke-width": t === 0.5 ? 2 : 1}));
        chart.appendChild(s("text", {x: x0 - 8, y: y(t) + 6, "text-anchor": "end", "font-size": 16, text: (t * 100) + "%"}));
      });
      chart.appendChild(s("text", {x: x0 + w + 6, y: y(0.5) + 5, "font-size": 15, fill: "#5b6673", text: "chance"}));
      data.shots.forEach(function (sh, i) {
        var q = calibrated ? sh.calibrated : sh.accuracy, draws = calibrated ? sh.calibrated_draws : sh.draws;
        var cx = x0 + slot * (i + 0.5), on = sh.k === current;
        chart.appendChild(s("rect", {x: cx - slot * 0.3, y: y(q.v), width: slot * 0.6, height: hgt * q.v, rx: 4,
                                     fill: on ? "#D55E00" : "#0072B2", opacity: on ? 1 : 0.75}));
        draws.forEach(function (d, j) {
          chart.appendChild(s("circle", {cx: cx + (j - (draws.length - 1) / 2) * 6, cy: y(d.v), r: 4, fill: "#fff", stroke: "#000", "stroke-width": 1.5}));
        });
        chart.appendChild(s("text", {x: cx, y: y0 + 24, "text-anchor": "middle", "font-size": 18, "font-weight": on ? 700 : 400, text: "k=" + sh.k}));
      });
    }

    function update() {
      var sh = byK[current];
      put(tokens, sh.tokens);
      put(big, calibrated ? sh.calibrated : sh.accuracy);
      if (calibrated) put(spread, {v: null, t: "after contextual calibration"});
      else if (sh.draws.length > 1) put(spread, {v: sh.std.v, t: "± " + sh.std.t + " pts (" + sh.min.t + " – " + sh.max.t + ")"});
      else put(spread, {v: null, t: "one prompt"});
      status.textContent = "k = " + sh.k + ": " + (calibrated ? sh.calibrated.t + " after calibration" : sh.accuracy.t) +
        " on " + data.n_eval.t + " held-out tweets, " + sh.draws.length + " draw" + (sh.draws.length === 1 ? "" : "s") + " of examples; prompt " + sh.tokens.t + " tokens.";
      drawNote.textContent = sh.examples.length ? "· examples of draw " + sh.draw + " of " + sh.n_draws : "";
      drawPrompt(sh);
      drawChart();
    }
    update();
  };
})();
