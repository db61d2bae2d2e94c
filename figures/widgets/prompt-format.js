/* ch2 widget "prompt-format": flip one format choice at a time (label words, separators,
   instruction, example order) and contextual calibration; the meter shows the accuracy
   measured for exactly that prompt. */
(function () {
  "use strict";
  var K = window.LectureWidgetKit, h = K.h, s = K.s, put = K.put, keepKeys = K.keepKeys,
      radios = K.radios, sourceNote = K.sourceNote;   // figures/widgets/widgets.js

  window.LectureWidgets = window.LectureWidgets || {};
  window.LectureWidgets["prompt-format"] = function (root, data) {
    keepKeys(root);
    root.classList.add("w-pf");
    if (!data.groups.length) {
      root.appendChild(h("p", {"class": "w-missing", text: "Accuracy for each prompt format: not measured yet."}));
      root.appendChild(sourceNote(data.source));
      return;
    }
    var state = {}, controls = {}, calibrated = false, changed = null;
    function baseIndex(g) { return g.options.filter(function (o) { return o.baseline; })[0].value; }
    data.groups.forEach(function (g) { state[g.id] = baseIndex(g); });

    var left = h("div", {"class": "w-pf-left"});
    data.groups.forEach(function (g) {
      controls[g.id] = radios(g.title, g.options.map(function (o) {
        return {value: o.value, label: o.label + (o.baseline ? " ★" : "")};
      }), state[g.id], function (v) { choose(g.id, v); });
      controls[g.id].setAttribute("data-group", g.id);
      left.appendChild(controls[g.id]);
    });
    var check = h("input", {type: "checkbox"});
    check.addEventListener("change", function () { calibrated = check.checked; update(); });
    left.appendChild(h("label", {"class": "w-check w-pf-cal"}, [check, "Contextual calibration (divide by P(label | \"N/A\"))"]));
    var BASE_NOTE = "★ = the baseline prompt. Each change was measured on its own, everything else at the baseline.";
    var note = h("p", {"class": "w-hint", "aria-live": "polite", text: BASE_NOTE});
    left.appendChild(note);

    var big = h("span", {"class": "w-big", "data-key": "accuracy"});
    var delta = h("span", {"class": "w-v", "data-key": "delta"});
    var meterFill = h("div", {"class": "w-meter-fill"});
    var bias = h("span", {"class": "w-v", "data-key": "positive-rate"});
    var prompt = h("div", {"class": "w-prompt", tabindex: "0", role: "region", "aria-label": "The prompt for this combination"});
    var right = h("div", {"class": "w-pf-right"}, [
      h("div", {"class": "w-panel"}, [
        h("p", {"class": "w-k", text: "Measured accuracy, " + data.n_eval.t + " held-out tweets"}),
        h("div", {"class": "w-kv", "aria-live": "polite"}, [big, delta]),
        h("div", {"class": "w-meter", "aria-hidden": "true"}, [meterFill, h("div", {"class": "w-meter-chance"}),
          h("span", {"class": "w-meter-label", text: "chance"})]),
        h("div", {"class": "w-kv"}, [h("span", {"class": "w-k", text: "Says \"positive\" for"}), bias,
          h("span", {"class": "w-k2", text: "of tweets (half are positive)"})])
      ]),
      prompt
    ]);
    root.appendChild(h("div", {"class": "w-cols"}, [left, right]));
    root.appendChild(sourceNote(data.source));

    function option(g) { return g.options[Number(state[g.id])]; }

    function choose(groupId, value) {
      state[groupId] = value;
      var g = data.groups.filter(function (x) { return x.id === groupId; })[0];
      changed = option(g).baseline ? null : g;
      // Measured one factor at a time: the other factors go back to the baseline.
      var reset = [];
      data.groups.forEach(function (o) {
        if (o.id !== groupId && state[o.id] !== baseIndex(o)) {
          state[o.id] = baseIndex(o);
          controls[o.id].select(state[o.id]);
          reset.push(o.title.split(" (")[0].toLowerCase());
        }
      });
      note.textContent = reset.length ? "Measured one change at a time: " + reset.join(", ") + " went back to the baseline ★." : BASE_NOTE;
      update();
    }

    function update() {
      var cur = changed ? option(changed) : option(data.groups[0]);
      var q = calibrated ? cur.calibrated : cur.accuracy, d = calibrated ? cur.delta_calibrated : cur.delta;
      put(big, q);
      if (changed) put(delta, {v: d.v, t: (d.v > 0 ? "+" : d.v < 0 ? "−" : "±") + d.t.replace("-", "") + " pts vs. baseline"});
      else put(delta, {v: null, t: "baseline prompt ★"});
      meterFill.style.width = (q.v * 100).toFixed(1) + "%";
      meterFill.style.background = q.v >= 0.5 ? "#0072B2" : "#D55E00";
      put(bias, calibrated ? cur.positive_rate_calibrated : cur.positive_rate);
      root.setAttribute("data-state", data.groups.map(function (g) { return g.id + "=" + state[g.id]; }).join(",") + ",cal=" + calibrated);
      prompt.textContent = "";
      var parts = cur.prompt.split("{tweet}");
      prompt.appendChild(document.createTextNode(parts[0]));
      if (parts.length > 1) {
        prompt.appendChild(h("em", {"class": "w-query", text: "⟨held-out tweet⟩"}));
        prompt.appendChild(document.createTextNode(parts[1]));
      }
    }
    update();
  };
})();
