/* ch0 widget "cost-vs-size": one bar per model size; focus, hover or click a bar for its
   GPU-hours, cost, checkpoint size and training memory (all computed at build time). */
(function () {
  "use strict";
  // --- shared preamble (the same in every widget file: each file stands alone) ---
  var SVGNS = "http://www.w3.org/2000/svg";
  function build(node, attrs, kids) {
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = v;
      else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    });
    [].concat(kids || []).forEach(function (c) {
      if (c !== null && c !== undefined) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function h(tag, attrs, kids) { return build(document.createElement(tag), attrs, kids); }
  function s(tag, attrs, kids) { return build(document.createElementNS(SVGNS, tag), attrs, kids); }
  // Show a precomputed value {v: number or null, t: text}; the number rides along for tests and tools.
  function put(node, q) {
    node.textContent = q.t;
    node.setAttribute("data-value", q.v === null || q.v === undefined ? "" : String(q.v));
    node.classList.toggle("w-none", q.v === null || q.v === undefined);
    return node;
  }
  // Space and Enter on a widget's own button act on the button, not on reveal.js; arrows still
  // change slides from a button, and reveal.js ignores keys typed into inputs by itself.
  // When the slide changes, focus leaves the widget, so the keys go back to reveal.js.
  function keepKeys(root) {
    root.addEventListener("keydown", function (e) {
      var t = e.target;
      if ((e.key === " " || e.key === "Enter") && (t.tagName === "BUTTON" || t.getAttribute("role") === "button")) e.stopPropagation();
    });
    if (window.Reveal && typeof window.Reveal.on === "function") {
      window.Reveal.on("slidechanged", function () {
        if (root.contains(document.activeElement)) document.activeElement.blur();
      });
    }
  }
  // A group of radio buttons drawn as a segmented control; onchange(value) on every change.
  var groupCount = 0;
  function radios(legend, options, current, onchange, cls) {
    var name = "w-radio-" + (++groupCount);
    var box = h("fieldset", {"class": "w-seg " + (cls || "")}, [h("legend", {text: legend})]);
    options.forEach(function (o) {
      var input = h("input", {type: "radio", name: name, value: o.value, checked: o.value === current});
      input.addEventListener("change", function () { if (input.checked) onchange(o.value); });
      box.appendChild(h("label", {"data-option": o.value}, [input, h("span", {text: o.label})]));
    });
    box.select = function (value) {
      box.querySelectorAll("input").forEach(function (i) { i.checked = i.value === String(value); });
    };
    return box;
  }
  function sourceNote(src) {
    return h("p", {"class": "w-source" + (src.measured ? "" : " w-missing-note"), text: src.note});
  }
  // --- end of preamble ---

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
