// In-slide chapter questions: click a choice to mark it and reveal the answer and explanation
// (the same things the fragments reveal when the presenter steps with the keyboard).
(function () {
  function reveal(question) {
    question.querySelectorAll(".fragment").forEach(function (f) { f.classList.add("visible"); });
  }
  document.addEventListener("click", function (event) {
    var li = event.target.closest(".question .choices li");
    var button = event.target.closest(".question .show-answer");
    if (!li && !button) return;
    var question = (li || button).closest(".question");
    if (li) {
      question.querySelectorAll(".choices li").forEach(function (c) { c.classList.remove("picked"); });
      li.classList.add("picked");
      var right = li.classList.contains("highlight-green");
      question.querySelector(".verdict").textContent = right ? "Correct." : "Not this one — the answer is highlighted.";
    }
    reveal(question);
  });
  document.addEventListener("keydown", function (event) {
    var li = event.target.closest && event.target.closest(".question .choices li");
    if (li && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); event.stopPropagation(); li.click(); }
  }, true);
})();
