"""`build.py exams --check`: draw every question many times and check each draw (like R/exams stresstest)."""
import math
import random
from collections import Counter

from .. import expr
from ..errors import Problems
from ..model import question_texts
from .bank import DrawError, instantiate, seed_for

MAX_ABS = 1e15


def _norm(text):
    return " ".join(text.md.split()).lower()


def check_instance(q):
    """What is wrong with one drawn question (empty when it is fine)."""
    wrong = []
    if q.type == "numeric":
        if not isinstance(q.answer, (int, float)) or isinstance(q.answer, bool) or not math.isfinite(q.answer):
            wrong.append(f"answer {q.answer!r} is not a finite number")
        elif abs(q.answer) > MAX_ABS:
            wrong.append(f"answer {q.answer:g} is out of a sane range")
    if q.choices:
        texts = [_norm(c.text) for c in q.choices]
        dupes = [t for t, n in Counter(texts).items() if n > 1]
        if dupes:
            wrong.append(f"choices repeat: {dupes[0]!r} (params {q.params})")
        if not all(texts):
            wrong.append("an empty choice")
        if q.type in ("single", "truefalse") and sum(c.correct for c in q.choices) != 1:
            wrong.append("not exactly one correct choice")
    if not q.stem:
        wrong.append("empty stem")
    return wrong


def stress(lecture, math_renderer, seeds=200, echo=print):
    """Instantiate every template `seeds` times; returns Problems (empty when all pass)."""
    problems = Problems()
    rows, texts = [], []
    for t in lecture.bank.values():
        draws = seeds if t.is_family else 1
        answers, failures = set(), 0
        for s in range(draws):
            try:
                q = instantiate(t, lecture.env, random.Random(seed_for("check", t.id, s)))
            except (expr.ExprError, DrawError) as exc:
                problems.add(t.file, t.line, t.id, f"draw {s}: {exc}")
                failures += 1
                continue
            for message in check_instance(q):
                problems.add(t.file, t.line, t.id, f"draw {s}: {message}")
                failures += 1
            answers.add(q.answer_text)
            texts.extend(question_texts(q))
        rows.append((t.id, t.type, draws, len(answers), failures))
    math_renderer.prepare(texts, problems)   # every choice and stem must render, math included
    families = sum(1 for t in lecture.bank.values() if t.is_family)
    echo(f"{'question':<36} {'type':<9} {'draws':>5} {'answers':>7} {'failed':>6}")
    for row in rows:
        echo(f"{row[0]:<36} {row[1]:<9} {row[2]:>5} {row[3]:>7} {row[4]:>6}")
    by_type = Counter(t.type for t in lecture.bank.values())
    echo(f"{len(rows)} questions ({families} parameterized families, {seeds} draws each); "
         + ", ".join(f"{n} {k}" for k, n in sorted(by_type.items()))
         + f"; {len(problems.items)} problem(s).")
    return problems
