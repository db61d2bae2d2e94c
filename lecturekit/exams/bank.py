"""The question bank: exams/bank/*.yaml -> validated templates, and instances drawn from them.

A template with `params:` is a family (R/exams style): each draw picks values, and the
stem, answer, distractors, solution and explanation are computed from the same values.
"""
import hashlib
import math
import random
import re
from dataclasses import dataclass, field

from .. import expr, numfmt, yamlsource
from ..model import Choice, Question, Text
from ..schema import SLUG, Checker

TYPES = ("single", "multiple", "truefalse", "numeric", "short", "essay")
DIFFICULTIES = ("easy", "medium", "hard")
REQUIRED = ("id", "type", "chapter", "difficulty", "points", "objective", "stem", "explanation")
BY_TYPE = {
    "single": ("choices", "answer", "distractors", "format"),
    "multiple": ("choices",),
    "truefalse": ("answer",),
    "numeric": ("answer", "tolerance", "unit"),
    "short": ("accepted",),
    "essay": ("rubric", "sample_answer"),
}
COMMON_OPTIONAL = ("tags", "params", "where", "solution")
MAX_DRAWS = 1000


class DrawError(ValueError):
    """A template could not be instantiated (a failing expression, an impossible `where`)."""


@dataclass
class Field:
    """A text field kept raw until a draw supplies the parameters."""
    raw: str
    file: str
    line: int | None

    def render(self, env):
        return Text(expr.interpolate(self.raw, env), self.file, self.line)


@dataclass
class Param:
    name: str
    choices: list | None = None
    lo: float = 0
    hi: float = 0
    step: float = 1

    def draw(self, rng):
        if self.choices is not None:
            return rng.choice(self.choices)
        n = int(round((self.hi - self.lo) / self.step))
        value = self.lo + rng.randint(0, n) * self.step
        if all(isinstance(v, int) for v in (self.lo, self.hi, self.step)):
            return int(value)
        decimals = max(0, -math.floor(math.log10(self.step))) if self.step < 1 else 0
        return round(value, decimals + 2)


@dataclass
class Template:
    id: str
    type: str
    chapter: int
    difficulty: str
    points: float
    objective: str
    tags: list
    file: str
    line: int | None
    stem: Field
    explanation: Field
    solution: Field | None = None
    params: dict = field(default_factory=dict)
    where: object = None
    choices: list = field(default_factory=list)      # (Field, correct) for fixed choices
    answer: object = None                             # compiled expression, number or bool
    distractors: list = field(default_factory=list)  # (compiled expression, why)
    format: str = "num"
    tolerance: float = 0.0
    relative: bool = False
    unit: str = ""
    accepted: list = field(default_factory=list)
    rubric: list = field(default_factory=list)        # (points, Field)
    sample_answer: Field | None = None

    @property
    def is_family(self):
        return bool(self.params)


def seed_for(*parts):
    """A stable integer seed from any strings (the same on every machine and run)."""
    return int.from_bytes(hashlib.sha256(":".join(map(str, parts)).encode()).digest()[:8], "big")


def draw_params(t, env, rng):
    for _ in range(MAX_DRAWS):
        values = {name: p.draw(rng) for name, p in t.params.items()}
        if t.where is None or expr.evaluate(t.where, {**env, **values}):
            return values
    raise DrawError(f"{t.id}: `where` rejected {MAX_DRAWS} draws in a row")


def _number_text(x):
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    if isinstance(x, int):
        return numfmt.num(x)
    return f"{x:.4g}" if abs(x) < 1e6 else numfmt.num(x)


def instantiate(t, env, rng):
    """One drawn Question from template t. Raises DrawError or ExprError."""
    values = draw_params(t, env, rng) if t.params else {}
    scope = {**env, **values}
    q = Question(id=t.id, type=t.type, chapter=t.chapter, difficulty=t.difficulty, points=t.points,
                 objective=t.objective, tags=t.tags, stem=t.stem.render(scope), choices=[],
                 explanation=t.explanation.render(scope), file=t.file, line=t.line,
                 solution=t.solution.render(scope) if t.solution else None, unit=t.unit, params=values)
    if t.type == "truefalse":
        q.answer = t.answer
        q.choices = [Choice(Text("True", t.file, t.line), t.answer is True),
                     Choice(Text("False", t.file, t.line), t.answer is False)]
    elif t.type in ("single", "multiple") and t.choices:
        q.choices = [Choice(f.render(scope), correct) for f, correct in t.choices]
    elif t.type == "single":
        fmt = numfmt.FORMATTERS[t.format]
        answer = expr.evaluate(t.answer, scope)
        q.answer = answer
        q.choices = [Choice(Text(fmt(answer), t.file, t.line), True)]
        q.choices += [Choice(Text(fmt(expr.evaluate(d, scope)), t.file, t.line), False, why) for d, why in t.distractors]
        rng.shuffle(q.choices)   # the computed answer must not always come first
    elif t.type == "numeric":
        answer = expr.evaluate(t.answer, scope) if not isinstance(t.answer, (int, float)) else t.answer
        q.answer = answer
        q.tolerance = abs(answer) * t.tolerance if t.relative else t.tolerance
    elif t.type == "short":
        q.answer = list(t.accepted)
    elif t.type == "essay":
        q.rubric = [(pts, f.render(scope)) for pts, f in t.rubric]
        q.sample_answer = t.sample_answer.render(scope) if t.sample_answer else None
    q.answer_text = answer_text(q)
    return q


def answer_text(q):
    """The answer as a key or a grading sheet shows it."""
    if q.choices:
        return ", ".join(f"{chr(65 + i)}. {c.text.md}" for i, c in enumerate(q.choices) if c.correct)
    if q.type == "numeric":
        tol = f" (± {_number_text(q.tolerance)})" if q.tolerance else ""
        return f"{_number_text(q.answer)}{' ' + q.unit if q.unit else ''}{tol}"
    if q.type == "short":
        return " | ".join(q.answer)
    return "see rubric" if q.type == "essay" else ""


def canonical(t, env):
    """The instance chapters show: the same draw on every build."""
    return instantiate(t, env, random.Random(seed_for("canonical", t.id)))


class _Reader(Checker):
    """Checks one bank file; text fields are vetted now and computed at each draw."""

    def __init__(self, source, problems, env):
        super().__init__(source, problems)
        self.env = env

    def field(self, path, names, required=True):
        raw = self.typed(path, str, required=required)
        if raw is None:
            return None
        for match in re.finditer(r"\{\{(.*?)\}\}", raw, re.S):
            try:
                expr.compile_expr(match.group(1), names)
            except expr.ExprError as exc:
                self.fail(path, f"in {{{{ }}}}: {exc}")
        return Field(raw, self.source.file, self.source.line(path))

    def expression(self, path, names):
        value = self.get(path)
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.fail(path, f"expected an expression or a number, got {type(value).__name__}")
            return None
        if not isinstance(value, str):
            return value
        try:
            return expr.compile_expr(value, names)
        except expr.ExprError as exc:
            self.fail(path, str(exc))
            return None

    def params(self, path):
        out = {}
        if not isinstance(self.get(path), dict):
            self.fail(path, "expected a mapping of parameter names to {choices: [...]} or {range: [lo, hi], step: s}")
            return out
        for name in self.get(path):
            p = path + (name,)
            if not re.match(r"^[A-Za-z][A-Za-z0-9_]*$", str(name)):
                self.fail(p, "parameter names are identifiers like d, r or n_tasks")
                continue
            if name in self.env:
                self.fail(p, f"parameter '{name}' would hide the formula-module name '{name}'")
                continue
            spec = self.mapping(p, (), ("choices", "range", "step"))
            if spec is None:
                continue
            if "choices" in spec and "range" not in spec:
                choices = self.typed(p + ("choices",), list, [])
                if not choices or any(isinstance(c, bool) or not isinstance(c, (int, float, str)) for c in choices):
                    self.fail(p + ("choices",), "expected a non-empty list of numbers or strings")
                    continue
                out[name] = Param(name, choices=choices)
            elif "range" in spec and "choices" not in spec:
                bounds = self.typed(p + ("range",), list, [])
                step = self.typed(p + ("step",), float, 1, required=False)
                if len(bounds) != 2 or any(isinstance(b, bool) or not isinstance(b, (int, float)) for b in bounds) \
                        or bounds[0] > bounds[1] or not step or step <= 0:
                    self.fail(p, "expected range: [lo, hi] with lo <= hi and a positive step")
                    continue
                out[name] = Param(name, lo=bounds[0], hi=bounds[1], step=step)
            else:
                self.fail(p, "give exactly one of `choices:` or `range:`")
        return out

    def template(self, path):
        raw = self.get(path)
        if not isinstance(raw, dict):
            self.fail(path, "expected a question: a mapping with " + ", ".join(REQUIRED))
            return None
        qtype = self.choice(path + ("type",), TYPES) if "type" in raw else None
        optional = COMMON_OPTIONAL + (BY_TYPE[qtype] if qtype else tuple(k for v in BY_TYPE.values() for k in v))
        if self.mapping(path, REQUIRED, optional) is None or qtype is None:
            return None
        params = self.params(path + ("params",)) if "params" in raw else {}
        names = set(self.env) | set(params)
        t = Template(
            id=self.string(path + ("id",), pattern=SLUG, what="an id like 'ch6-lora-latency'"),
            type=qtype, chapter=self.typed(path + ("chapter",), int),
            difficulty=self.choice(path + ("difficulty",), DIFFICULTIES),
            points=self.typed(path + ("points",), float, 1), objective=self.string(path + ("objective",), ""),
            tags=[self.string(path + ("tags", i)) for i in self.items(path + ("tags",), 0)] if "tags" in raw else [],
            file=self.source.file, line=self.source.line(path),
            stem=self.field(path + ("stem",), names), explanation=self.field(path + ("explanation",), names),
            solution=self.field(path + ("solution",), names) if "solution" in raw else None, params=params)
        if "where" in raw:
            t.where = self.expression(path + ("where",), names)
        getattr(self, f"_{qtype}")(t, path, raw, names)
        return t

    def _choices(self, t, path, raw, names):
        for i in self.items(path + ("choices",), min_items=2):
            p = path + ("choices", i)
            if self.mapping(p, ("text",), ("correct",)) is not None:
                t.choices.append((self.field(p + ("text",), names), self.typed(p + ("correct",), bool, False, required=False)))
        return sum(correct for _, correct in t.choices)

    def _single(self, t, path, raw, names):
        if "choices" in raw and "answer" not in raw:
            n = self._choices(t, path, raw, names)
            if t.choices and n != 1:
                self.fail(path + ("choices",), f"a single-choice question needs exactly one `correct: true`, found {n}")
        elif "answer" in raw and "distractors" in raw and "choices" not in raw:
            t.answer = self.expression(path + ("answer",), names)
            for i in self.items(path + ("distractors",), min_items=2):
                p = path + ("distractors", i)
                if self.mapping(p, ("value", "why")) is not None:
                    t.distractors.append((self.expression(p + ("value",), names), self.string(p + ("why",), "")))
            t.format = self.choice(path + ("format",), ("num", "si", "nbytes", "pct", "usd", "times"), "num") \
                if "format" in raw else "num"
        else:
            self.fail(path, "a single-choice question needs either `choices:` or `answer:` with `distractors:`")

    def _multiple(self, t, path, raw, names):
        if "choices" not in raw:
            self.fail(path, "a multiple-answer question needs `choices:`")
        elif self._choices(t, path, raw, names) < 1:
            self.fail(path + ("choices",), "a multiple-answer question needs at least one `correct: true`")

    def _truefalse(self, t, path, raw, names):
        t.answer = self.typed(path + ("answer",), bool)

    def _numeric(self, t, path, raw, names):
        if "answer" not in raw:
            self.fail(path, "a numeric question needs `answer:` (an expression or a number)")
        else:
            t.answer = self.expression(path + ("answer",), names)
        tol = raw.get("tolerance", 0)
        if isinstance(tol, str) and re.match(r"^\d+(\.\d+)?%$", tol.strip()):
            t.tolerance, t.relative = float(tol.strip()[:-1]) / 100, True
        elif isinstance(tol, (int, float)) and not isinstance(tol, bool) and tol >= 0:
            t.tolerance = tol
        else:
            self.fail(path + ("tolerance",), f"expected a number >= 0 or a percentage like '2%', got {tol!r}")
        t.unit = self.string(path + ("unit",), "") if "unit" in raw else ""

    def _short(self, t, path, raw, names):
        t.accepted = [a for i in self.items(path + ("accepted",)) if (a := self.string(path + ("accepted", i)))]

    def _essay(self, t, path, raw, names):
        total = 0
        for i in self.items(path + ("rubric",)):
            p = path + ("rubric", i)
            if self.mapping(p, ("points", "criterion")) is not None:
                pts = self.typed(p + ("points",), float, 0)
                total += pts or 0
                t.rubric.append((pts, self.field(p + ("criterion",), names)))
        if t.rubric and t.points is not None and abs(total - t.points) > 1e-9:
            self.fail(path + ("rubric",), f"rubric points add up to {total:g}, but the question is worth {t.points:g}")
        t.sample_answer = self.field(path + ("sample_answer",), names) if "sample_answer" in raw else None


def load_bank(folder, rel, problems, env):
    """Every template in folder/*.yaml by id, and its canonical instance. Duplicate ids are errors."""
    templates, questions = {}, {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        source = yamlsource.load(path, rel(path), problems)
        if source is None:
            continue
        r = _Reader(source, problems, env)
        if r.mapping((), ("questions",)) is None:
            continue
        for i in r.items(("questions",)):
            before = len(problems.items)
            t = r.template(("questions", i))
            if t is None or t.id is None:
                continue
            if t.id in templates:
                r.fail(("questions", i, "id"), f"duplicate question id '{t.id}' (also in {templates[t.id].file}:{templates[t.id].line})")
                continue
            templates[t.id] = t
            if len(problems.items) > before:
                continue  # already reported; a draw would only fail again
            try:
                questions[t.id] = canonical(t, env)
            except (expr.ExprError, DrawError) as exc:
                problems.add(t.file, t.line, f"questions[{i}]", f"cannot instantiate '{t.id}': {exc}")
    return templates, questions
