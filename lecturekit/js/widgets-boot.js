// Starts every widget on the deck: window.LectureWidgets[id](element, data), data from the JSON beside it.
(function () {
  window.LectureWidgets = window.LectureWidgets || {};
  function start() {
    document.querySelectorAll(".widget[data-widget]").forEach(function (el) {
      var id = el.getAttribute("data-widget"), init = window.LectureWidgets[id];
      var data = JSON.parse(el.querySelector("script.widget-data").textContent);
      if (!init) { console.error("no script registered widget " + id); return; }
      init(el.querySelector(".widget-body"), data);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
