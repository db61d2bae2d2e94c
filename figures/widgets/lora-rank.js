/* ch6 widget "lora-rank": W (frozen) beside the update B·A drawn to the same scale; the rank
   slider reshapes B (d × r) and A (r × k), the counter compares r(d + k) with dk, and the
   accuracy we measured at that rank shows where we ran it. */
(function () {
  "use strict";
  var K = window.LectureWidgetKit, h = K.h, s = K.s, put = K.put, keepKeys = K.keepKeys,
      radios = K.radios, sourceNote = K.sourceNote;   // figures/widgets/widgets.js

  var ORANGE = "#E69F00", FROZEN = "#c9ced4", INK = "#1d2733";

  window.LectureWidgets = window.LectureWidgets || {};
  window.LectureWidgets["lora-rank"] = function (root, data) {
    keepKeys(root);
    root.classList.add("w-lora");
    var mat = data.matrices[0], rIndex = data.ranks.indexOf(data.default_r);

    var pick = radios("Weight matrix", data.matrices.map(function (m) { return {value: m.id, label: m.label + " (" + m.shape + ")"}; }),
      mat.id, function (v) { mat = data.matrices.filter(function (m) { return m.id === v; })[0]; update(); }, "w-lora-mat");
    var slider = h("input", {type: "range", min: 0, max: data.ranks.length - 1, step: 1, value: rIndex, "aria-label": "LoRA rank r"});
    slider.addEventListener("input", function () { rIndex = Number(slider.value); update(); });
    var ticks = h("div", {"class": "w-ticks", "aria-hidden": "true"}, data.ranks.map(function (r) { return h("span", {text: String(r)}); }));
    var rLabel = h("span", {"class": "w-big", "data-key": "r"});
    var pic = s("svg", {width: 620, height: 320, viewBox: "0 0 620 320", role: "img", "class": "w-lora-svg"});
    var lora = h("span", {"class": "w-v", "data-key": "lora"}), full = h("span", {"class": "w-v", "data-key": "full"});
    var ratio = h("span", {"class": "w-big", "data-key": "ratio"}), frac = h("span", {"class": "w-k2", "data-key": "fraction"});
    var measured = h("div", {"class": "w-panel w-lora-measured", "aria-live": "polite"});

    root.appendChild(pick);
    root.appendChild(h("div", {"class": "w-cols"}, [
      h("div", {"class": "w-lora-left"}, [pic]),
      h("div", {"class": "w-lora-right"}, [
        h("div", {}, [h("div", {"class": "w-kv"}, [h("label", {"class": "w-k", text: "Rank"}), rLabel]), slider, ticks]),
        h("div", {"class": "w-panel", "aria-live": "polite"}, [
          h("div", {"class": "w-kv"}, [h("span", {"class": "w-k", text: "LoRA: r(d + k)"}), lora]),
          h("div", {"class": "w-kv"}, [h("span", {"class": "w-k", text: "Full update: dk"}), full]),
          h("div", {"class": "w-kv"}, [h("span", {"class": "w-k", text: "Reduction"}), ratio]),
          h("div", {"class": "w-kv"}, [h("span", {"class": "w-k", text: "LoRA / full"}), frac])]),
        measured])
    ]));
    root.appendChild(sourceNote(data.source));

    function draw(q) {
      pic.textContent = "";
      var S = 210, y0 = 40;   // W is S x S px (square matrices); B is S * r / k px wide, A S * r / d px tall
      var bw = S * q.r / mat.k, shown = Math.max(bw, 2);
      var xW = 10, xB = xW + S + 50, xA = xB + shown + 40;
      pic.appendChild(s("rect", {x: xW, y: y0, width: S, height: S, fill: FROZEN, stroke: INK, "stroke-width": 1.5}));
      pic.appendChild(s("text", {x: xW + S / 2, y: y0 + S / 2 - 4, "text-anchor": "middle", "font-size": 34, "font-style": "italic", text: "W"}));
      pic.appendChild(s("text", {x: xW + S / 2, y: y0 + S / 2 + 24, "text-anchor": "middle", "font-size": 17, text: "frozen, " + mat.shape}));
      pic.appendChild(s("text", {x: xW + S + 25, y: y0 + S / 2 + 10, "text-anchor": "middle", "font-size": 34, text: "+"}));
      pic.appendChild(s("rect", {x: xB, y: y0, width: shown, height: S, fill: ORANGE, stroke: INK, "stroke-width": 1}));
      pic.appendChild(s("text", {x: xB + shown / 2, y: y0 - 12, "text-anchor": "middle", "font-size": 24, "font-style": "italic", "font-weight": 700, text: "B"}));
      pic.appendChild(s("text", {x: xB + shown / 2, y: y0 + S + 24, "text-anchor": "middle", "font-size": 16, text: q.b_shape}));
      pic.appendChild(s("text", {x: xB + shown + 20, y: y0 + 16, "text-anchor": "middle", "font-size": 40, "font-weight": 700, text: "·"}));
      var ah = Math.max(S * q.r / mat.d, 2);
      pic.appendChild(s("rect", {x: xA, y: y0, width: S, height: ah, fill: ORANGE, stroke: INK, "stroke-width": 1}));
      pic.appendChild(s("text", {x: xA + S / 2, y: y0 - 12, "text-anchor": "middle", "font-size": 24, "font-style": "italic", "font-weight": 700, text: "A"}));
      pic.appendChild(s("text", {x: xA + S / 2, y: y0 + ah + 24, "text-anchor": "middle", "font-size": 16, text: q.a_shape}));
      if (bw < 2) pic.appendChild(s("text", {x: xA, y: y0 + ah + 60, "font-size": 15, fill: "#5b6673",
        text: "drawn 2 px thick; to scale " + bw.toFixed(2) + " px"}));
      pic.appendChild(s("text", {x: xA + 20, y: y0 + S - 4, "font-size": 16, fill: "#5b6673", text: "trained: B starts at 0,"}));
      pic.appendChild(s("text", {x: xA + 20, y: y0 + S + 16, "font-size": 16, fill: "#5b6673", text: "so B·A = 0 at the start"}));
    }

    function update() {
      var q = mat.ranks[rIndex];
      put(rLabel, {v: q.r, t: "r = " + q.r});
      slider.setAttribute("aria-valuetext", "r = " + q.r);
      put(lora, q.lora); put(full, q.full); put(ratio, q.ratio);
      put(frac, {v: q.fraction.v, t: q.fraction.t + " of the full update"});
      root.setAttribute("data-state", mat.id + ",r=" + q.r);
      draw(q);
      measured.textContent = "";
      measured.appendChild(h("p", {"class": "w-k", text: data.tested.length ? "Measured: SmolLM2-135M, LoRA on " + data.targets +
        " in all " + data.layers.t + " layers" : "Measured: SmolLM2-135M on tweet sentiment"}));
      var hit = data.measured[String(q.r)], accNode = h("span", {"class": "w-big", "data-key": "accuracy"});
      if (hit) {
        put(accNode, hit.accuracy);
        var tr = put(h("span", {"class": "w-k2", "data-key": "trainable"}), {v: hit.trainable.v,
          t: hit.trainable.t + " trainable (" + hit.fraction.t + ") · full fine-tuning: " + data.full_ft.t});
        measured.appendChild(h("div", {"class": "w-kv"}, [h("span", {"class": "w-k", text: "Accuracy at r = " + q.r}), accNode]));
        measured.appendChild(tr);
      } else {
        put(accNode, {v: null, t: data.tested.length ? "not tested at r = " + q.r : "not measured yet"});
        measured.appendChild(h("div", {"class": "w-kv"}, [h("span", {"class": "w-k", text: "Accuracy at r = " + q.r}), accNode]));
        if (data.tested.length) measured.appendChild(h("p", {"class": "w-k2", text: "tested: r = " + data.tested.join(", ")}));
      }
    }
    update();
  };
})();
