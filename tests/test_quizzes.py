"""Practice quizzes as a student uses them: offline page, immediate feedback, no network."""
import json

import pytest

from conftest import watch
from lecturekit import browser

pytestmark = pytest.mark.skipif(not browser.available(), reason="needs /usr/bin/chromium and playwright")


@pytest.fixture(scope="module")
def quiz(built):
    from playwright.sync_api import sync_playwright
    path = sorted((built / "site/quizzes").glob("06-*.html"))[0]
    with sync_playwright() as p:
        chromium = browser.launch(p)
        page = chromium.new_page()
        errors, requests = watch(page)
        page.goto(path.as_uri())
        yield page, errors, requests
        chromium.close()


def first_visible(page, kind):
    return page.locator(f".variant[data-type='{kind}']:not([hidden])").first


def test_one_quiz_per_chapter_linked_from_student_page(built, lecture):
    html = (built / "site/index.html").read_text()
    for ch in lecture.chapters:
        href = f"quizzes/{ch.number:02d}-{ch.slug}.html"
        assert (built / "site" / href).is_file() and f'href="{href}"' in html


def test_single_choice_feedback(quiz):
    page, errors, _ = quiz
    v = first_visible(page, "single")
    answer = json.loads(v.get_attribute("data-answer"))["correct"][0]
    wrong = next(i for i in range(v.locator("input").count()) if i != answer)
    v.locator("input").nth(wrong).check()
    v.locator("button.check").click()
    assert "Not quite" in v.locator(".verdict").inner_text()
    v.locator("input").nth(answer).check()
    v.locator("button.check").click()
    assert v.locator(".verdict").inner_text().startswith("Correct")
    assert v.locator(".explain").is_visible()
    assert errors == []


def test_numeric_feedback_within_tolerance(quiz):
    page, errors, _ = quiz
    v = first_visible(page, "numeric")
    answer = json.loads(v.get_attribute("data-answer"))
    v.locator("input").fill(str(answer["value"] + 10 * answer["tolerance"] + 1))
    v.locator("button.check").click()
    assert "Not quite" in v.locator(".verdict").inner_text()
    v.locator("input").fill(repr(answer["value"]))
    v.locator("button.check").click()
    assert v.locator(".verdict").inner_text().startswith("Correct")
    assert errors == []


def test_new_numbers_shows_another_draw(quiz):
    page, _, _ = quiz
    card = page.locator("section.card:has(button.next)").first
    before = card.locator(".variant:not([hidden]) .stem").inner_text()
    card.locator(".variant:not([hidden]) button.next").click()
    after = card.locator(".variant:not([hidden]) .stem").inner_text()
    assert after != before


def test_quiz_is_offline(quiz):
    page, _, requests = quiz
    assert page.locator(".katex").count() >= 0
    assert [u for u in requests if not u.startswith(("file://", "data:"))] == []
