/* ch5 widget "adapter-architecture": a transformer block with two adapters (frozen parts grey,
   adapters orange); expand an adapter to see its bottleneck, whose width follows the slider.
   Parameter counts come from the formula module, accuracy from our runs at the tested m. */
(function () {
  "use strict";
  var K = window.LectureWidgetKit, h = K.h, s = K.s, put = K.put, keepKeys = K.keepKeys,
      radios = K.radios, sourceNote = K.sourceNote;   // figures/widgets/widgets.js

  var ORANGE = "#E69F00", FROZEN = "#c9ced4", INK = "#1d2733";

  window.LectureWidgets = window.LectureWidgets || {};
  window.LectureWidgets["adapter-architecture"] = function (root, data) {
    keepKeys(root);
    root.classList.add("w-ad");
    var model = data.models[0], mIndex = data.bottlenecks.indexOf(data.default_m), expanded = false;

    var expand = h("button", {type: "button", "aria-expanded": "false", "class": "w-ad-expand", text: "Expand adapter"});
    expand.addEventListener("click", function () {
      expanded = !expanded;
      expand.setAttribute("aria-expanded", String(expanded));
      expand.textContent = expanded ? "Collapse adapter" : "Expand adapter";
      draw();
    });
    var diagram = s("svg", {width: 470, height: 430, viewBox: "0 0 470 430", role: "img", "class": "w-ad-svg"});
    var slider = h("input", {type: "range", min: 0, max: data.bottlenecks.length - 1, step: 1, value: mIndex,
                             "aria-label": "Bottleneck size m"});
    slider.addEventListener("input", function () { mIndex = Number(slider.value); update(); });
    var mLabel = h("span", {"class": "w-big", "data-key": "m"});
    var params = h("span", {"class": "w-v", "data-key": "params"}), exact = h("span", {"class": "w-k2", "data-key": "params-exact"});
    var frac = h("span", {"class": "w-v", "data-key": "fraction"}), per = h("span", {"class": "w-v", "data-key": "per-adapter"});
    var count = h("span", {"class": "w-k2"}), ofModel = h("span", {"class": "w-k2"});
    var measured = h("div", {"class": "w-panel w-ad-measured", "aria-live": "polite"});

    var modelPick = radios("Model", data.models.map(function (x) { return {value: x.id, label: x.label}; }), model.id,
      function (v) { model = data.models.filter(function (x) { return x.id === v; })[0]; update(); }, "w-ad-model");

    root.appendChild(h("div", {"class": "w-cols"}, [
      h("div", {"class": "w-ad-left"}, [expand, diagram]),
      h("div", {"class": "w-ad-right"}, [
        modelPick,
        h("div", {"class": "w-kv"}, [h("label", {"class": "w-k", text: "Bottleneck size"}), mLabel]),
        slider,
        h("div", {"class": "w-ticks", "aria-hidden": "true"}, data.bottlenecks.map(function (m) { return h("span", {text: String(m)}); })),
        h("div", {"class": "w-panel", "aria-live": "polite"}, [
          h("div", {"class": "w-kv"}, [h("span", {"class": "w-k", text: "Trainable (all adapters)"}), params, exact]),
          h("div", {"class": "w-kv"}, [h("span", {"class": "w-k", text: "Share of the model"}), frac, ofModel]),
          h("div", {"class": "w-kv"}, [h("span", {"class": "w-k", text: "Per adapter"}), per, count])]),
        measured])
    ]));
    root.appendChild(sourceNote(data.source));

    function box(y, label, fill, hgt, extra) {
      var g = s("g", extra || {});
      g.appendChild(s("rect", {x: 20, y: y, width: 220, height: hgt || 40, rx: 8, fill: fill, stroke: INK, "stroke-width": 1.5}));
      g.appendChild(s("text", {x: 130, y: y + (hgt || 40) / 2 + 7, "text-anchor": "middle", "font-size": 19,
                               "font-weight": fill === ORANGE ? 700 : 400, text: label}));
      diagram.appendChild(g);
      return g;
    }

    function draw() {
      diagram.textContent = "";
      var size = model.sizes[mIndex], d = model.d.v;
      var ys = [10, 62, 114, 166, 218, 270, 322, 374];
      var names = ["Input", "Multi-head attention", "Adapter", "Add & LayerNorm", "Feed-forward", "Adapter", "Add & LayerNorm", "Output"];
      for (var i = 0; i < ys.length - 1; i++) diagram.appendChild(s("line", {x1: 130, x2: 130, y1: ys[i] + 40, y2: ys[i + 1], stroke: INK, "stroke-width": 2}));
      names.forEach(function (nm, i) {
        var fill = nm === "Adapter" ? ORANGE : (nm === "Input" || nm === "Output") ? "#fff" : FROZEN;
        box(ys[i], nm + (nm === "Adapter" ? " (trainable)" : ""), fill, 40,
            nm === "Adapter" ? {"class": "w-ad-adapter"} : null);
      });
      diagram.appendChild(s("text", {x: 20, y: 428, "font-size": 15, fill: "#5b6673", text: "grey: frozen  ·  orange: trained"}));
      if (!expanded) return;
      // the inside of the first adapter, to the right: d -> m -> d with a skip connection
      var x0 = 270, top = 20, full = 180, narrow = Math.max(6, full * size.m / d);
      diagram.appendChild(s("path", {d: "M240 134 L" + x0 + " " + (top + 10) + " M240 134 L" + x0 + " " + (top + 390), stroke: ORANGE, "stroke-width": 2, "stroke-dasharray": "5 4", fill: "none"}));
      diagram.appendChild(s("rect", {x: x0, y: top, width: 195, height: 400, rx: 10, fill: "#fff8e8", stroke: ORANGE, "stroke-width": 2}));
      var cx = x0 + 97, ya = top + 60, yb = top + 160, yc = top + 240, yd = top + 340;
      diagram.appendChild(s("text", {x: cx, y: top + 26, "text-anchor": "middle", "font-size": 17, "font-weight": 700, text: "inside an adapter"}));
      diagram.appendChild(s("polygon", {points: [cx - full / 2 + 6, ya, cx + full / 2 - 6, ya, cx + narrow / 2, yb, cx - narrow / 2, yb].join(" "), fill: ORANGE, opacity: 0.85}));
      diagram.appendChild(s("polygon", {points: [cx - narrow / 2, yc, cx + narrow / 2, yc, cx + full / 2 - 6, yd, cx - full / 2 + 6, yd].join(" "), fill: ORANGE, opacity: 0.85}));
      diagram.appendChild(s("rect", {x: cx - narrow / 2, y: yb, width: narrow, height: yc - yb, fill: "#fff", stroke: INK, "stroke-dasharray": "3 3"}));
      diagram.appendChild(s("text", {x: cx, y: ya - 8, "text-anchor": "middle", "font-size": 15, text: "down-project d → m"}));
      diagram.appendChild(s("text", {x: cx, y: (yb + yc) / 2 + 5, "text-anchor": "middle", "font-size": 15, text: "GELU, m = " + size.m}));
      diagram.appendChild(s("text", {x: cx, y: yd + 20, "text-anchor": "middle", "font-size": 15, text: "up-project m → d"}));
      diagram.appendChild(s("text", {x: cx, y: yd + 42, "text-anchor": "middle", "font-size": 15, text: "+ skip connection (x)"}));
    }

    function update() {
      var size = model.sizes[mIndex];
      put(mLabel, {v: size.m, t: "m = " + size.m});
      slider.setAttribute("aria-valuetext", "m = " + size.m);
      put(params, size.params);
      put(exact, {v: size.params_exact.v, t: "(" + size.params_exact.t + ")"});
      put(frac, size.fraction);
      ofModel.textContent = "of " + model.total.t + " parameters";
      put(per, size.per_adapter);
      count.textContent = model.adapters.t + " adapters · " + model.formula + ", d = " + model.d.t;
      root.setAttribute("data-state", model.id + ",m=" + size.m);
      measured.textContent = "";
      var tested = data.tested.join(", ");
      measured.appendChild(h("p", {"class": "w-k", text: "Measured: SmolLM2-135M on tweet sentiment" + (tested ? " (tested m = " + tested + ")" : "")}));
      var hit = data.measured[String(size.m)];
      var accNode = h("span", {"class": "w-big", "data-key": "accuracy"});
      if (hit) {
        put(accNode, hit.accuracy);
        measured.appendChild(h("div", {"class": "w-kv"}, [h("span", {"class": "w-k", text: "Accuracy at m = " + size.m}), accNode,
          h("span", {"class": "w-k2", text: "full fine-tuning: " + data.full_ft.t + " · forward pass +" + hit.latency.t + "%"})]));
      } else {
        put(accNode, {v: null, t: data.tested.length ? "not tested at m = " + size.m : "not measured yet"});
        measured.appendChild(h("div", {"class": "w-kv"}, [h("span", {"class": "w-k", text: "Accuracy at m = " + size.m}), accNode]));
      }
      if (data.tested.length) {
        measured.appendChild(h("div", {"class": "w-row w-ad-jump"}, [h("span", {"class": "w-k2", text: "Go to a tested m:"})].concat(
          data.tested.map(function (m) {
            return h("button", {type: "button", "data-m": m, "aria-pressed": String(m === size.m), text: "m = " + m, onclick: function () {
              mIndex = data.bottlenecks.indexOf(m);
              slider.value = mIndex;
              update();
            }});
          }))));
      }
      draw();
    }
    update();
  };
})();
