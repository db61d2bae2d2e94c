/* ch2 widget "prompt-format": flip one format choice at a time (label words, separators,
   instruction, example order) and contextual calibration; the meter shows the accuracy
   measured for exactly that prompt. */
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
