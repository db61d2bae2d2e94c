"""The printed notes, read back with pdftotext as a student's PDF reader would show them."""
import re
import subprocess

import pytest


def pdftotext(path, *args):
    return subprocess.run(["pdftotext", "-layout", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def pages(path):
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def squash(text):
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def lecture_text(built):
    return squash(pdftotext(built / "site/handouts/lecture.pdf"))


def test_more_than_twenty_pages(built):
    assert pages(built / "site/handouts/lecture.pdf") > 20


def test_every_chapter_title_appears(lecture_text, lecture):
    for ch in lecture.chapters:
        assert squash(ch.title) in lecture_text


def test_every_table_caption_appears(lecture_text, lecture):
    from lecturekit.markup import split_math
    captions = [b for ch in lecture.chapters for b in ch.blocks("table") if b.in_handout]
    assert len(captions) >= 15
    for block in captions:
        assert f"{block.label}." in lecture_text
        plain = re.sub(r"[*_`]|\\(?=\$)", "", split_math(block.data["caption"].md)[0])
        first_words = " ".join(plain.split()[:4])
        if "\ue000" not in first_words:
            assert first_words in lecture_text, block.label


def test_toc_lists_page_numbers(built, lecture):
    toc = pdftotext(built / "site/handouts/lecture.pdf", "-f", "2", "-l", "3")
    for ch in lecture.chapters:
        assert re.search(rf"{ch.number}\. {re.escape(ch.title)}\s*\.+\s*\d+", toc), ch.title


def test_running_footer_counts_pages(built):
    n = pages(built / "site/handouts/lecture.pdf")
    assert f"Page 5 of {n}" in pdftotext(built / "site/handouts/lecture.pdf", "-f", "5", "-l", "5")


def test_answers_appendix(lecture_text, lecture):
    assert "Answers to the chapter questions" in lecture_text
    assert lecture_text.count("Answer:") >= len(lecture.chapters)


def test_one_pdf_per_chapter(built, lecture):
    for ch in lecture.chapters:
        pdf = built / f"site/handouts/{ch.number:02d}-{ch.slug}.pdf"
        text = squash(pdftotext(pdf))
        assert f"Chapter {ch.number}: {ch.title}" in text
        assert pages(pdf) >= 3


def test_slides_pdf_one_page_per_slide(built, lecture):
    from lecturekit import browser
    from lecturekit.slides import total_slides
    if not browser.available():
        pytest.skip("needs Chromium")
    assert pages(built / "site/slides.pdf") == total_slides(lecture)


def test_math_is_set_in_katex_fonts(built):
    # A stylesheet parsed without WeasyPrint's font configuration drops its @font-face rules:
    # the formulas then fall back to DejaVu, still readable but with the wrong glyphs and spacing.
    fonts = subprocess.run(["pdffonts", str(built / "site/handouts/lecture.pdf")],
                           capture_output=True, text=True, check=True).stdout
    assert "KaTeX_Main" in fonts and "KaTeX_Math" in fonts


def test_every_widget_has_a_static_twin(lecture_text, lecture):
    # On paper each simulation becomes a table or figure of the same data, never a placeholder.
    widgets = [b for ch in lecture.chapters for b in ch.blocks("widget") if b.in_handout]
    assert len(widgets) >= len(lecture.chapters)
    assert lecture_text.count("(Interactive in the slides.)") == len(widgets)
    assert "simulation to come" not in lecture_text
    for block in widgets:
        assert f"{block.label}." in lecture_text
