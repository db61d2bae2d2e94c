"""Model -> printable HTML -> PDF (WeasyPrint): the whole lecture, and one PDF per chapter."""
import gc
import logging
import re
from datetime import date

_MATHML = re.compile(r'<span class="katex-mathml">.*?</math></span>', re.S)


def question_numbers(chapters):
    """Chapter questions numbered N.k in reading order: {id: (question, 'N.k')}."""
    out = {}
    for ch in chapters:
        for k, block in enumerate(ch.blocks("question"), 1):
            out[block.data["value"]] = f"{ch.number}.{k}"
    return out


def handout_html(env, lecture, chapters, title):
    numbers = question_numbers(chapters)
    questions = [(lecture.questions[qid], n) for qid, n in numbers.items()]
    corrections = [(s, ch) for ch in chapters for s in ch.sections if s.corrections]
    return env.get_template("handout/handout.html.j2").render(
        lecture=lecture, chapters=chapters, title=title, built=date.today().isoformat(),
        question_numbers={qid: (lecture.questions[qid], n) for qid, n in numbers.items()},
        questions=questions, corrections=corrections)


# Per worker process: stylesheets parsed once, and one font configuration that holds their
# @font-face fonts (KaTeX's). A stylesheet parsed without it has its fonts silently ignored.
_parsed = {}
_font_config = None


def write_pdf(html, base_url, stylesheets, out):
    """One PDF. Runs in a worker process, so WeasyPrint is imported here, not at start-up."""
    global _font_config
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    _font_config = _font_config or FontConfiguration()
    new = [s for s in stylesheets if s not in _parsed]
    for s in new:
        _parsed[s] = CSS(filename=s, font_config=_font_config)
    if new:
        # Layout allocates millions of short-lived objects: keep the cyclic collector off what lives
        # for the whole process (WeasyPrint, parsed stylesheets) and let it run less often (-10% time).
        gc.freeze()
        gc.set_threshold(50_000, 20, 100)
    css = [_parsed[s] for s in stylesheets]
    # Print has no screen reader: drop KaTeX's hidden MathML copy, which WeasyPrint would still parse and style.
    document = HTML(string=_MATHML.sub("", html), base_url=base_url).render(stylesheets=css, font_config=_font_config)
    document.write_pdf(out)
    return len(document.pages)
