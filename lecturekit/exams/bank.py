"""The question bank: exams/bank/*.yaml -> validated Question objects."""
from .. import yamlsource
from ..model import Choice, Question, Text
from ..schema import SLUG, TextChecker

TYPES = ("single", "multiple", "truefalse")
DIFFICULTIES = ("easy", "medium", "hard")
REQUIRED = ("id", "type", "chapter", "difficulty", "points", "objective", "stem", "explanation")
OPTIONAL = ("tags", "choices", "answer")


def _question(r, path):
    if r.mapping(path, REQUIRED, OPTIONAL) is None:
        return None
    qtype = r.choice(path + ("type",), TYPES)
    choices = []
    raw = r.get(path)
    if qtype == "truefalse":
        answer = r.typed(path + ("answer",), bool)
        line = r.source.line(path + ("answer",))
        choices = [Choice(Text("True", r.source.file, line), answer is True),
                   Choice(Text("False", r.source.file, line), answer is False)]
    elif qtype in ("single", "multiple"):
        if "choices" not in raw:
            r.fail(path, f"a {qtype} question needs `choices`")
        for i in r.items(path + ("choices",), min_items=2) if "choices" in raw else ():
            p = path + ("choices", i)
            if r.mapping(p, ("text",), ("correct",)) is not None:
                choices.append(Choice(r.text(p + ("text",)), r.typed(p + ("correct",), bool, False, required=False)))
        n_correct = sum(c.correct for c in choices)
        if qtype == "single" and choices and n_correct != 1:
            r.fail(path + ("choices",), f"a single-choice question needs exactly one `correct: true`, found {n_correct}")
        if qtype == "multiple" and choices and n_correct < 1:
            r.fail(path + ("choices",), "a multiple-answer question needs at least one `correct: true`")
    return Question(
        id=r.string(path + ("id",), pattern=SLUG, what="an id like 'ch6-lora-latency'"),
        type=qtype, chapter=r.typed(path + ("chapter",), int),
        difficulty=r.choice(path + ("difficulty",), DIFFICULTIES),
        points=r.typed(path + ("points",), float, 1), objective=r.string(path + ("objective",), ""),
        tags=[r.string(path + ("tags", i)) for i in r.items(path + ("tags",), 0)] if "tags" in raw else [],
        stem=r.text(path + ("stem",)), choices=choices, explanation=r.text(path + ("explanation",)),
        file=r.source.file, line=r.source.line(path))


def load_bank(folder, rel, problems, env):
    """Every question in folder/*.yaml by id; duplicate ids are errors."""
    questions = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        source = yamlsource.load(path, rel(path), problems)
        if source is None:
            continue
        r = TextChecker(source, problems, env)
        if r.mapping((), ("questions",)) is None:
            continue
        for i in r.items(("questions",)):
            q = _question(r, ("questions", i))
            if q is None or q.id is None:
                continue
            if q.id in questions:
                r.fail(("questions", i, "id"), f"duplicate question id '{q.id}' (also in {questions[q.id].file}:{questions[q.id].line})")
            questions[q.id] = q
    return questions
