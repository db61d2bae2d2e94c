/* ch8 widget "decision-tree": answer the questions in order (data, weight access, tasks,
   latency, memory); the path lights up and ends at the decision-matrix row it leads to,
   with that row's method and reason. */
(function () {
  "use strict";
  var K = window.LectureWidgetKit, h = K.h, s = K.s, put = K.put, keepKeys = K.keepKeys,
      radios = K.radios, sourceNote = K.sourceNote;   // figures/widgets/widgets.js

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
