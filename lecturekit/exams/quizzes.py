"""Practice quizzes for students: one offline HTML file per chapter, immediate feedback.

These may show answers (they are for practice); exam papers never do.
"""
import base64
import json
import random
import re
from pathlib import Path

from ..handouts import trimmed_css
from ..model import question_texts
from .bank import instantiate, seed_for

DRAWS_PER_FAMILY = 5


def quiz_questions(lecture, chapter):
    """[(template, [instances])] for a chapter: several draws of each family, one of the others."""
    out = []
    for t in sorted((t for t in lecture.bank.values() if t.chapter == chapter.number), key=lambda t: t.id):
        n = DRAWS_PER_FAMILY if t.is_family else 1
        draws = [instantiate(t, lecture.env, random.Random(seed_for("practice", t.id, i))) for i in range(n)]
        out.append((t, draws))
    return out


def quiz_texts(items):
    return [text for _, draws in items for q in draws for text in question_texts(q)]


def answer_data(q):
    """What the page's script checks a response against."""
    if q.choices:
        return {"correct": [i for i, c in enumerate(q.choices) if c.correct]}
    if q.type == "numeric":
        return {"value": q.answer, "tolerance": q.tolerance}
    if q.type == "short":
        return {"accepted": [" ".join(a.lower().split()) for a in q.answer]}
    return {}


def inline_katex_css(node_modules, html):
    """KaTeX's rules that html uses, with the woff2 fonts they name inlined: one quiz file works alone and offline.

    Inlining all twenty fonts made every quiz ~450 KB; a chapter's math needs a handful of them.
    """
    import tinycss2
    dist = Path(node_modules) / "katex" / "dist"
    rules = tinycss2.parse_stylesheet(trimmed_css((dist / "katex.min.css").read_text(), [html]),
                                      skip_whitespace=True, skip_comments=True)
    faces = [r for r in rules if r.type == "at-rule" and r.lower_at_keyword == "font-face"]
    others = "\n".join(tinycss2.serialize([r]) for r in rules if r not in faces)
    kept = []
    for face in faces:
        text = tinycss2.serialize([face])
        family = re.search(r"font-family:\s*\"?([\w-]+)", text).group(1)
        if family not in others:
            continue
        woff2 = re.search(r"url\(fonts/([\w-]+\.woff2)\)", text).group(1)
        data = base64.b64encode((dist / "fonts" / woff2).read_bytes()).decode()
        # only the woff2 source: every browser that runs the quiz reads it
        kept.append(re.sub(r"src:[^;}]*", f'src:url(data:font/woff2;base64,{data}) format("woff2")', text))
    return "\n".join([*kept, others])


def render_quiz(env, lecture, chapter, items, node_modules):
    template = env.get_template("exam/quiz.html.j2")

    def render(katex_css):
        return template.render(lecture=lecture, chapter=chapter, items=items, katex_css=katex_css,
                               answer_json=lambda q: json.dumps(answer_data(q)))
    return render(inline_katex_css(node_modules, render("")))
