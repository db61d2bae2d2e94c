"""The deck as a student's browser sees it: Debian's Chromium from file://, no network."""
import pytest

from conftest import watch
from lecturekit import browser
from lecturekit.slides import total_slides

pytestmark = pytest.mark.skipif(not browser.available(), reason="needs /usr/bin/chromium and playwright")


@pytest.fixture(scope="module")
def deck(built):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        chromium = browser.launch(p)
        page = chromium.new_page()
        errors, requests = watch(page)
        page.goto((built / "site/slides/index.html").as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        yield page, errors, requests
        chromium.close()


def test_slide_count_matches_content_model(deck, lecture):
    page, _, _ = deck
    assert page.evaluate("Reveal.getTotalSlides()") == total_slides(lecture)


def test_no_console_errors(deck):
    _, errors, _ = deck
    assert errors == []


def test_no_request_leaves_the_machine(deck):
    _, _, requests = deck
    assert requests, "the deck loaded nothing?"
    assert [u for u in requests if not u.startswith(("file://", "data:"))] == []


def test_math_is_rendered_by_katex(deck):
    page, _, _ = deck
    assert page.locator(".katex").count() > 10
    assert page.locator(".katex-error").count() == 0


def test_every_chapter_has_speaker_notes(deck, lecture):
    page, _, _ = deck
    for ch in lecture.chapters:
        notes = page.locator(f"section[data-chapter='{ch.number}'] aside.notes")
        assert notes.count() >= len(ch.sections), f"chapter {ch.number}: a section slide without notes"
        assert all(t.strip() for t in notes.all_text_contents()), f"empty speaker notes in chapter {ch.number}"


def test_speaker_notes_reach_the_api(deck):
    page, _, _ = deck
    page.evaluate("Reveal.slide(1, 1)")
    assert page.evaluate("Reveal.getSlideNotes()").strip()


def test_code_is_highlighted_and_steps_are_fragments(deck, lecture):
    page, _, _ = deck
    assert page.locator("pre code.hljs").count() >= 5
    assert page.locator("pre code.hljs span.k").count() >= 5          # keywords, coloured at build time
    assert page.locator(".steps li.fragment").count() >= 5
    stepped = [b for ch in lecture.chapters for b in ch.blocks("code") if b.on_slides and b.data["steps"]]
    assert stepped
    # one copy of the code per step, the later ones fragments, each marking its own lines
    assert page.locator("pre code.hljs.fragment").count() == sum(len(b.data["steps"]) - 1 for b in stepped)
    first = stepped[0].data["steps"][0]
    marked = page.locator(f'pre code.hljs[data-line-numbers="{first}"]').first.locator("tr.highlight-line td.hljs-ln-numbers")
    from lecturekit.render import step_lines
    assert [int(n) for n in marked.all_inner_texts()] == sorted(step_lines(first))


def test_chapter_question_answer_is_a_fragment(deck, lecture):
    page, _, _ = deck
    questions = page.locator(".question")
    assert questions.count() >= len(lecture.chapters)
    assert page.locator(".question li.fragment.highlight-green").count() == questions.count()


def test_no_slide_is_taller_than_the_screen(deck):
    page, _, _ = deck
    too_tall = page.evaluate("""() => Reveal.getSlides().map(s => {
        Reveal.slide(...Object.values(Reveal.getIndices(s)), 99);
        return [s.offsetHeight, (s.querySelector('h3, h2') || {}).textContent];
      }).filter(([h]) => h > Reveal.getConfig().height)""")
    assert too_tall == []


def test_clicking_a_choice_reveals_answer_and_explanation(deck):
    page, errors, _ = deck
    question = page.locator(".question:has(.choices)").first
    # fragment index -1: the slide as it first appears, nothing revealed yet
    page.evaluate("q => { const i = Reveal.getIndices(q.closest('section')); Reveal.slide(i.h, i.v, -1); }",
                  question.element_handle())
    explanation = question.locator(".explanation")
    assert "visible" not in (explanation.get_attribute("class") or "")
    wrong = question.locator(".choices li:not(.highlight-green)").first
    wrong.click()
    assert question.locator(".verdict").inner_text().startswith("Not this one")
    assert "visible" in explanation.get_attribute("class")
    question.locator(".choices li.highlight-green").click()
    assert question.locator(".verdict").inner_text() == "Correct."
    assert errors == []


def test_student_site_fits_the_size_budget(built):
    # The deck-spine budget: everything a student downloads (site/ without the staff-only exams/) <= 15 MB.
    site = built / "site"
    files = [p for p in site.rglob("*") if p.is_file() and "exams" not in p.relative_to(site).parts]
    assert sum(p.stat().st_size for p in files) <= 15_000_000
