/* ch3 widget "cot-toggle": direct answer vs step-by-step (and with or without worked
   examples) on the same word problem: the text the model really generated, whether it was
   right, and the accuracy measured over all problems for that prompt. */
(function () {
  "use strict";
  var K = window.LectureWidgetKit, h = K.h, s = K.s, put = K.put, keepKeys = K.keepKeys,
      radios = K.radios, sourceNote = K.sourceNote;   // figures/widgets/widgets.js

  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  window.LectureWidgets = window.LectureWidgets || {};
  window.LectureWidgets["cot-toggle"] = function (root, data) {
    keepKeys(root);
    root.classList.add("w-cot");
    if (!data.conditions.length) {
      root.appendChild(h("p", {"class": "w-missing", text: "Chain-of-thought outputs and accuracy: not measured yet."}));
      root.appendChild(sourceNote(data.source));
      return;
    }
    var cond = {};
    data.conditions.forEach(function (c) { cond[c.id] = c; });
    var cot = false, few = false, problem = 0, timer = null;
    var nProblems = Math.min.apply(null, data.conditions.map(function (c) { return c.samples.length; }));

    var prev = h("button", {type: "button", "aria-label": "Previous problem", text: "◀"});
    var next = h("button", {type: "button", "aria-label": "Next problem", text: "▶"});
    var which = h("span", {"class": "w-v", "aria-live": "polite"});
    prev.addEventListener("click", function () { problem = (problem + nProblems - 1) % nProblems; update(); });
    next.addEventListener("click", function () { problem = (problem + 1) % nProblems; update(); });

    root.appendChild(h("div", {"class": "w-row"}, [
      radios("Reasoning", [{value: "direct", label: "Direct answer"}, {value: "cot", label: "Step by step"}], "direct",
             function (v) { cot = v === "cot"; update(); }, "w-cot-mode"),
      radios("Examples in the prompt", [{value: "none", label: "None"}, {value: "few", label: "3 worked examples"}], "none",
             function (v) { few = v === "few"; update(); }, "w-cot-few"),
      h("div", {"class": "w-cot-nav"}, [prev, which, next])
    ]));
    var question = h("p", {"class": "w-cot-q"});
    var output = h("div", {"class": "w-prompt w-cot-out", tabindex: "0", role: "region", "aria-label": "What the model generated"});
    var verdict = h("p", {"class": "w-cot-verdict", "aria-live": "polite"});
    var big = h("span", {"class": "w-big", "data-key": "accuracy"});
    var err = h("span", {"class": "w-k2", "data-key": "stderr"});
    var tokens = h("span", {"class": "w-v", "data-key": "tokens"});
    var bars = h("div", {"class": "w-hbars", role: "list", "aria-label": "Accuracy of each prompt"});
    root.appendChild(h("div", {"class": "w-cols"}, [
      h("div", {"class": "w-cot-left"}, [h("div", {"class": "w-panel"}, [question]),
        h("p", {"class": "w-k", text: "SmolLM2-135M-Instruct generated (greedy):"}), output, verdict]),
      h("div", {"class": "w-panel w-cot-right"}, [
        h("p", {"class": "w-k", text: "Accuracy over all " + data.n_problems.t + " problems"}),
        h("div", {"class": "w-kv", "aria-live": "polite"}, [big, err]),
        h("div", {"class": "w-kv"}, [h("span", {"class": "w-k", text: "Tokens generated"}), tokens,
          h("span", {"class": "w-k2", text: "mean per answer"})]),
        bars])
    ]));
    root.appendChild(sourceNote(data.source));

    function current() { return cond[(few ? "few_shot_" : cot ? "zero_shot_" : "") + (cot ? "cot" : "direct")]; }

    function type(text, done) {
      if (timer) clearInterval(timer);
      output.textContent = "";
      root.setAttribute("data-typing", "true");
      if (reduceMotion || !text) { output.textContent = text; root.setAttribute("data-typing", "false"); done(); return; }
      var i = 0, step = Math.max(2, Math.ceil(text.length / 45));
      timer = setInterval(function () {
        i = Math.min(text.length, i + step);
        output.textContent = text.slice(0, i);
        output.scrollTop = output.scrollHeight;
        if (i >= text.length) { clearInterval(timer); timer = null; root.setAttribute("data-typing", "false"); done(); }
      }, 22);
    }

    function update() {
      var c = current();
      if (!c) {   // a combination the experiment did not run
        put(big, {v: null, t: "not measured yet"});
        output.textContent = "";
        verdict.textContent = "";
        root.setAttribute("data-condition", "");
        return;
      }
      var sample = c.samples[problem];
      which.textContent = "Problem " + (problem + 1) + " of " + nProblems;
      question.textContent = sample.question;
      put(big, c.accuracy);
      put(err, {v: c.stderr.v, t: "± " + c.stderr.t + " pts (std. error)"});
      put(tokens, c.tokens);
      root.setAttribute("data-condition", c.id);
      verdict.textContent = "";
      verdict.className = "w-cot-verdict";
      type(sample.output, function () {
        var pred = h("strong", {}, []);
        put(pred, sample.prediction);
        var ans = put(h("strong"), sample.answer);
        if (sample.correct) verdict.appendChild(h("span", {}, ["✓ Correct: ", pred]));
        else if (sample.prediction.v === null) verdict.appendChild(h("span", {}, ["✗ No answer found. The answer is ", ans]));
        else verdict.appendChild(h("span", {}, ["✗ Answered ", pred, "; the answer is ", ans]));
        verdict.classList.add(sample.correct ? "w-ok" : "w-bad");
      });
      bars.textContent = "";
      var top = Math.min(1, Math.ceil(Math.max.apply(null, data.conditions.map(function (x) { return x.accuracy.v; })) * 10) / 10 + 0.1);
      data.conditions.forEach(function (x) {
        var on = x.id === c.id;
        bars.appendChild(h("div", {"class": "w-hbar" + (on ? " w-on" : ""), role: "listitem"}, [
          h("span", {"class": "w-hbar-label", text: x.label}),
          h("span", {"class": "w-hbar-track"}, [h("span", {"class": "w-hbar-fill", style: "width:" + (100 * x.accuracy.v / top).toFixed(1) + "%;background:" + x.color})]),
          put(h("span", {"class": "w-hbar-value"}), x.accuracy)]));
      });
      bars.appendChild(h("p", {"class": "w-hint", text: "bar length: 0 to " + Math.round(top * 100) + "%"}));
    }
    update();
  };
})();
