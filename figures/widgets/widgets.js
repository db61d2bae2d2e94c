/* Helpers every slide widget uses, loaded once before the widget scripts:
   window.LectureWidgetKit = {h, s, put, keepKeys, radios, sourceNote}. */
(function () {
  "use strict";
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
  window.LectureWidgetKit = {h: h, s: s, put: put, keepKeys: keepKeys, radios: radios, sourceNote: sourceNote};
})();
