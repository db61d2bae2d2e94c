/* ch0 widget "cost-vs-size": one bar per model size; focus, hover or click a bar for its
   GPU-hours, cost, checkpoint size and training memory (all computed at build time). */
(function () {
  "use strict";
  var K = window.LectureWidgetKit, h = K.h, s = K.s, put = K.put, keepKeys = K.keepKeys,
      radios = K.radios, sourceNote = K.sourceNote;   // figures/widgets/widgets.js

  var METRICS = [
    {value: "gpu_hours", label: "GPU-hours", unit: "GPU-hours"},
    {value: "cost", label: "Cost", unit: ""},
    {value: "memory", label: "Training memory", unit: "to train"}
  ];

  window.LectureWidgets = window.LectureWidgets || {};
  window.LectureWidgets["cost-vs-size"] = function (root, data) {
    keepKeys(root);
    root.classList.add("w-cost");
    if (!data.models.length) {
      root.appendChild(h("p", {"class": "w-missing", text: "Cost figures: not measured yet."}));
      root.appendChild(sourceNote(data.source));
      return;
    }
    var metric = "gpu_hours", selected = data.models.length - 1;
    var chart = h("div", {"class": "w-bars", role: "group", "aria-label": "Models, smallest to largest"});
    var details = h("div", {"class": "w-panel w-details", "aria-live": "polite"});
    var top = h("div", {"class": "w-row"}, [
      radios("Bar height (log scale)", METRICS, metric, function (v) { metric = v; draw(); }),
    ]);
    root.appendChild(top);
    root.appendChild(h("div", {"class": "w-cols"}, [chart, details]));
    root.appendChild(sourceNote(data.source));

    var bars = data.models.map(function (m, i) {
      var fill = h("span", {"class": "w-bar-fill"});
      var value = h("span", {"class": "w-bar-value"});
      var b = h("button", {type: "button", "class": "w-bar", "data-index": i},
                [h("span", {"class": "w-bar-track"}, [value, fill]), h("span", {"class": "w-bar-name", text: m.name})]);
      ["mouseenter", "focus", "click"].forEach(function (ev) { b.addEventListener(ev, function () { pick(i); }); });
      chart.appendChild(b);
      return {button: b, fill: fill, value: value};
    });

    function draw() {
      var vals = data.models.map(function (m) { return m[metric].v; });
      var lo = Math.log10(Math.min.apply(null, vals)) - 0.3, hi = Math.log10(Math.max.apply(null, vals));
      bars.forEach(function (b, i) {
        var m = data.models[i], q = m[metric];
        var frac = (Math.log10(q.v) - lo) / (hi - lo);
        b.fill.style.height = (8 + 92 * frac).toFixed(1) + "%";
        put(b.value, q);
        b.button.setAttribute("aria-label", m.name + ": " + q.t + (metric === "gpu_hours" ? " GPU-hours" : ""));
      });
    }

    function row(label, q, extra) {
      return h("div", {"class": "w-kv"}, [h("span", {"class": "w-k", text: label}),
        put(h("span", {"class": "w-v"}), q), extra ? h("span", {"class": "w-k2", text: extra}) : null]);
    }

    function pick(i) {
      selected = i;
      bars.forEach(function (b, j) { b.button.classList.toggle("w-on", j === i); });
      var m = data.models[i];
      details.textContent = "";
      details.appendChild(h("p", {"class": "w-title", text: m.name}));
      details.appendChild(row("Parameters", m.params));
      details.appendChild(row("GPU-hours", m.gpu_hours, "one fine-tune (A100)"));
      details.appendChild(row("Cost", m.cost, "at " + data.price.t + " per A100-hour"));
      details.appendChild(row("Checkpoint", m.checkpoint, "fp16 weights"));
      details.appendChild(row("Training memory", m.memory, "Adam, " + data.bytes_per_param.t + " bytes/param"));
      details.appendChild(row("A100s needed", m.a100s, data.a100_gb.t + " GB each"));
      details.appendChild(row("With PEFT", m.peft_memory, data.peft_fraction.t + " trainable → " + m.peft_a100s.t + " A100" + (m.peft_a100s.v === 1 ? "" : "s")));
      details.setAttribute("data-selected", m.name);
    }
    draw();
    pick(selected);
  };
})();
