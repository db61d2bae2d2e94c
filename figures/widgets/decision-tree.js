/* ch8 widget "decision-tree": answer the questions in order (data, weight access, tasks,
   latency, memory); the path lights up and ends at the decision-matrix row it leads to,
   with that row's method and reason. */
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
  window.LectureWidgets["decision-tree"] = function (root, data) {
    keepKeys(root);
    root.classList.add("w-dt");
    var path = [];          // [{node, option index}]
    var strip = h("ol", {"class": "w-dt-path", "aria-label": "Your path through the tree"});
    var card = h("div", {"class": "w-dt-card", "aria-live": "polite"});
    root.appendChild(strip);
    root.appendChild(card);
    var stageIndex = {};
    data.stages.forEach(function (st, i) { stageIndex[st.id] = i; });

    function currentNode() {
      if (!path.length) return data.start;
      var last = path[path.length - 1], opt = data.nodes[last.node].options[last.option];
      return opt.next || null;
    }
    function leaf() {
      if (!path.length) return null;
      var last = path[path.length - 1], opt = data.nodes[last.node].options[last.option];
      return opt.leaf ? data.leaves[opt.leaf] : null;
    }

    function drawStrip() {
      strip.textContent = "";
      var answered = {};
      path.forEach(function (p, i) { answered[data.nodes[p.node].stage] = {step: i, text: data.nodes[p.node].options[p.option].label}; });
      var now = currentNode(), nowStage = now ? data.nodes[now].stage : null, done = leaf();
      data.stages.forEach(function (st) {
        var a = answered[st.id], cls = a ? "w-dt-done" : st.id === nowStage ? "w-dt-now" : "w-dt-skip";
        var content = [h("span", {"class": "w-dt-stage", text: st.label}), h("span", {"class": "w-dt-answer", text: a ? a.text : st.id === nowStage ? "?" : "—"})];
        var item = a ? h("button", {type: "button", "class": "w-dt-node " + cls, "aria-label": st.label + ": " + a.text + ". Change this answer",
                                    onclick: function () { path = path.slice(0, a.step); draw(); }}, content)
                     : h("span", {"class": "w-dt-node " + cls, "aria-current": st.id === nowStage ? "step" : null}, content);
        strip.appendChild(h("li", {}, [item]));
      });
      strip.appendChild(h("li", {}, [h("span", {"class": "w-dt-node w-dt-result " + (done ? "w-dt-done" : "w-dt-skip")}, [
        h("span", {"class": "w-dt-stage", text: "Method"}), h("span", {"class": "w-dt-answer", text: done ? "✓" : "—"})])]));
    }

    function draw() {
      drawStrip();
      card.textContent = "";
      var l = leaf(), nodeId = currentNode();
      root.setAttribute("data-node", l ? "leaf" : nodeId);
      if (l) {
        card.appendChild(h("div", {"class": "w-dt-leaf"}, [
          h("p", {"class": "w-k", text: "Recommended"}),
          h("p", {"class": "w-dt-method", "data-key": "method", text: l.method}),
          h("p", {"class": "w-dt-why"}, [h("strong", {text: data.header[2] + ": "}), l.why]),
          h("p", {"class": "w-hint", "data-key": "scenario", text: "Decision-matrix row: " + l.scenario})]));
      } else {
        var node = data.nodes[nodeId];
        card.appendChild(h("p", {"class": "w-dt-q", id: "w-dt-q", text: node.question}));
        var opts = h("div", {"class": "w-dt-options", role: "group", "aria-labelledby": "w-dt-q"});
        node.options.forEach(function (o, i) {
          opts.appendChild(h("button", {type: "button", "class": "w-dt-option", "data-option": o.label,
                                        onclick: function () { path.push({node: nodeId, option: i}); draw(); focusFirst(); }, text: o.label}));
        });
        card.appendChild(opts);
      }
      var nav = h("div", {"class": "w-row w-dt-nav"});
      if (path.length) {
        nav.appendChild(h("button", {type: "button", text: "◀ Back", onclick: function () { path.pop(); draw(); focusFirst(); }}));
        nav.appendChild(h("button", {type: "button", text: "Start over", onclick: function () { path = []; draw(); focusFirst(); }}));
      }
      card.appendChild(nav);
    }
    function focusFirst() {
      if (!root.contains(document.activeElement) && document.activeElement !== document.body) return;
      var b = card.querySelector(".w-dt-option") || card.querySelector(".w-dt-nav button");
      if (b) b.focus();
    }
    draw();
  };
})();
