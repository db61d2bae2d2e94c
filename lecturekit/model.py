"""The validated lecture model: plain data the renderers read and never change."""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Text:
    """Markdown with its numbers already computed, and where it came from (for math errors)."""
    md: str
    file: str
    line: int | None

    def __bool__(self):
        return bool(self.md.strip())


@dataclass
class Block:
    kind: str
    data: dict              # kind-specific fields; text fields hold Text
    notes: Text | None
    only: str | None        # 'slides', 'handout' or None (both)
    new_slide: bool
    label: str = ""         # "Table 6.2" / "Figure 1.1", set for numbered blocks

    @property
    def on_slides(self):
        if self.only == "handout":
            return False
        return self.kind != "prose" or bool(self.data.get("slide"))

    @property
    def in_handout(self):
        return self.only != "slides"


@dataclass
class Correction:
    source: Text
    fix: Text


@dataclass
class Section:
    title: str
    anchor: str
    notes: Text | None
    corrections: list
    blocks: list
    slide: bool = True


@dataclass
class Chapter:
    number: int
    slug: str
    file: str
    title: str
    summary: Text
    sections: list

    @property
    def anchor(self):
        return f"ch{self.number}"

    def blocks(self, kind=None):
        return [b for s in self.sections for b in s.blocks if kind is None or b.kind == kind]


@dataclass
class Choice:
    text: Text
    correct: bool
    why: str = ""          # for a computed distractor: the mistake it stands for


@dataclass
class Question:
    """One drawn instance of a bank question: every text and value already computed."""
    id: str
    type: str
    chapter: int
    difficulty: str
    points: float
    objective: str
    tags: list
    stem: Text
    choices: list                     # Choice, for single/multiple/truefalse
    explanation: Text
    file: str
    line: int | None
    solution: Text | None = None      # worked solution (keys only)
    answer: object = None             # numeric value, bool, or accepted strings
    answer_text: str = ""             # the answer as a key shows it
    tolerance: float = 0.0            # absolute, for numeric
    unit: str = ""
    rubric: list = field(default_factory=list)    # (points, Text) for essays
    sample_answer: Text | None = None
    params: dict = field(default_factory=dict)

    @property
    def correct_letters(self):
        return [chr(65 + i) for i, c in enumerate(self.choices) if c.correct]


@dataclass
class Lecture:
    course: str
    number: int
    title: str
    subtitle: str
    prerequisites: str
    chapters: list
    questions: dict = field(default_factory=dict)   # id -> Question: the bank's canonical instances
    bank: dict = field(default_factory=dict)        # id -> bank.Template, for drawing exam versions
    env: dict = field(default_factory=dict)         # the expression namespace (formulas + formatters)
    figures_dir: object = None                       # the lecture's experiments/plots/scenes folder, if any
    formulas: object = None                          # the lecture's formula module (for widget data)

    def texts(self):
        """Every Text in the lecture (the math renderer pre-renders them all at once)."""
        for ch in self.chapters:
            yield from _texts_in([ch.summary, [(s.notes, s.corrections, s.blocks) for s in ch.sections]])
        for q in self.questions.values():
            yield from question_texts(q)


def question_texts(q):
    """The Texts of one question instance (for math pre-rendering)."""
    return _texts_in([q.stem, q.explanation, q.choices, q.solution, q.sample_answer, [t for _, t in q.rubric]])


def _texts_in(value):
    """Every Text inside nested lists, dicts and model objects (a partial model may hold None)."""
    if isinstance(value, Text):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts_in(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _texts_in(v)
    elif isinstance(value, (Block, Correction, Choice)):
        yield from _texts_in(list(vars(value).values()))
