"""Practice quizzes for students: one offline HTML file per chapter, immediate feedback.

These may show answers (they are for practice); exam papers never do.
"""
import json
import random

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


def render_quiz(env, lecture, chapter, items, katex_css):
    """The quiz page; katex_css: the KaTeX rules and fonts its math uses, inlined."""
    return env.get_template("exam/quiz.html.j2").render(
        lecture=lecture, chapter=chapter, items=items, katex_css=katex_css,
        answer_json=lambda q: json.dumps(answer_data(q)))
