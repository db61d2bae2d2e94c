"""YAML -> validated Lecture model. Gathers every problem in every file, then aborts once."""
import importlib.util
import re
import sys
import traceback
from pathlib import Path

from . import expr, numfmt, yamlsource
from .errors import Problems
from .exams import bank
from .model import Block, Chapter, Correction, Lecture, Section, Text
from .schema import SLUG, Checker, TextChecker

CHAPTER_FILE = re.compile(r"^(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml$")
COMMON_KEYS = ("notes", "only", "new_slide")
# kind -> (shape, required keys, optional keys); shape 'text'/'string' means the kind's value is a scalar
BLOCK_KINDS = {
    "prose": ("text", (), ("slide",)),
    "math": ("string", (), ()),
    "question": ("string", (), ()),
    "table": ("mapping", ("caption", "header", "rows"), ("note",)),
    "code": ("mapping", ("language", "source"), ("caption", "steps")),
    "callout": ("mapping", ("text",), ("title", "kind")),
    "steps": ("mapping", ("items",), ("title", "repeat")),
    "figure": ("mapping", ("id", "caption"), ("alt",)),
    "widget": ("mapping", ("id", "title"), ("description",)),
    "animation": ("mapping", ("id", "caption"), ()),
}
CALLOUT_KINDS = ("insight", "note", "warning")
LINE_STEPS = re.compile(r"^\d+(-\d+)?(,\d+(-\d+)?)*$")


def slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def load_formulas(path, problems, file):
    """Import the lecture's formula module from its file; its names feed the evaluator."""
    spec = importlib.util.spec_from_file_location("lecture_formulas", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # the lecturer's own code: report where it broke, don't crash
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == str(path)]
        line = frames[-1].lineno if frames else getattr(exc, "lineno", None)
        problems.add(file, line, "", f"formula module failed to load: {type(exc).__name__}: {exc}")
        return None
    sys.modules["lecture_formulas"] = module
    return module


class _Reader(TextChecker):
    """Checks one chapter file and builds model objects from it."""

    def corrections(self, path):
        out = []
        for i in self.items(path, min_items=0):
            p = path + (i,)
            if self.mapping(p, ("source", "fix")) is not None:
                src, fix = self.text(p + ("source",)), self.text(p + ("fix",))
                if src and fix:
                    out.append(Correction(src, fix))
        return out

    def block(self, path):
        raw = self.get(path)
        if not isinstance(raw, dict):
            self.fail(path, f"expected a block: a mapping with one of {', '.join(BLOCK_KINDS)}")
            return None
        kinds = [k for k in raw if k in BLOCK_KINDS]
        if len(kinds) != 1:
            found = ", ".join(map(str, raw)) or "nothing"
            self.fail(path, f"expected exactly one block kind ({', '.join(BLOCK_KINDS)}); found keys: {found}")
            return None
        kind = kinds[0]
        shape, required, optional = BLOCK_KINDS[kind]
        extra = optional if shape != "mapping" else ()
        self.mapping(path, (kind,), COMMON_KEYS + extra)
        notes = self.text(path + ("notes",), required=False)
        only = self.choice(path + ("only",), ("slides", "handout")) if "only" in raw else None
        new_slide = self.typed(path + ("new_slide",), bool, False, required=False)
        data = self._block_data(kind, shape, path, raw)
        return None if data is None else Block(kind, data, notes, only, new_slide)

    def _block_data(self, kind, shape, path, raw):
        p = path + (kind,)
        if shape == "text":
            return {"text": self.text(p), "slide": self.text(path + ("slide",), required=False)}
        if shape == "string":
            value = self.string(p)
            if value is None:
                return None
            if kind == "math":  # display math is Markdown `$$...$$`: one path to KaTeX for all math
                return {"text": Text(f"$${value}$$", self.source.file, self.source.line(p))}
            return {"value": value, "line": self.source.line(p)}
        _, required, optional = BLOCK_KINDS[kind]
        if self.mapping(p, required, optional) is None:
            return None
        return getattr(self, f"_{kind}")(p)

    def _table(self, p):
        header = [self.text(p + ("header", i)) for i in self.items(p + ("header",))]
        rows = []
        for r in self.items(p + ("rows",)):
            cells = [self.text(p + ("rows", r, c)) for c in self.items(p + ("rows", r))]
            if header and cells and len(cells) != len(header):
                self.fail(p + ("rows", r), f"expected {len(header)} cells (one per header column), got {len(cells)}")
            rows.append(cells)
        return {"caption": self.text(p + ("caption",)), "header": header, "rows": rows,
                "note": self.text(p + ("note",), required=False)}

    def _code(self, p):
        source = self.string(p + ("source",), "")
        steps = [self.string(p + ("steps", i), pattern=LINE_STEPS, what="line numbers like '1-4' or '2,5-7'")
                 for i in self.items(p + ("steps",), min_items=0)] if "steps" in self.get(p) else []
        n_lines = len(source.rstrip("\n").splitlines())
        for i, step in enumerate(steps):
            if step and max(int(x) for x in re.findall(r"\d+", step)) > n_lines:
                self.fail(p + ("steps", i), f"line {step} is past the end of the code ({n_lines} lines)")
        return {"language": self.string(p + ("language",), "text"), "source": source.rstrip("\n"),
                "caption": self.text(p + ("caption",), required=False), "steps": [s for s in steps if s]}

    def _callout(self, p):
        return {"title": self.text(p + ("title",), required=False), "text": self.text(p + ("text",)),
                "kind": self.choice(p + ("kind",), CALLOUT_KINDS, "insight") if "kind" in self.get(p) else "insight"}

    def _steps(self, p):
        items = []
        for i in self.items(p + ("items",)):
            q = p + ("items", i)
            if self.mapping(q, ("title", "text")) is not None:
                items.append({"title": self.text(q + ("title",)), "text": self.text(q + ("text",))})
        return {"title": self.text(p + ("title",), required=False), "items": items,
                "repeat": self.text(p + ("repeat",), required=False)}

    def _figure(self, p):
        return {"id": self.string(p + ("id",), pattern=SLUG, what="a slug like 'lora-rank-sweep'"),
                "caption": self.text(p + ("caption",)), "alt": self.string(p + ("alt",), "") if "alt" in self.get(p) else ""}

    def _widget(self, p):
        return {"id": self.string(p + ("id",), pattern=SLUG, what="a slug like 'lora-rank'"),
                "title": self.text(p + ("title",)), "description": self.text(p + ("description",), required=False)}

    def _animation(self, p):
        return {"id": self.string(p + ("id",), pattern=SLUG, what="a slug like 'lora-decomposition'"),
                "caption": self.text(p + ("caption",))}


def _chapter(source, number, slug, problems, env):
    r = _Reader(source, problems, env)
    if r.mapping((), ("title", "summary", "sections")) is None:
        return None
    anchors, sections = set(), []
    for i in r.items(("sections",)):
        p = ("sections", i)
        if r.mapping(p, ("title", "blocks"), ("notes", "corrections", "slide")) is None:
            continue
        title = r.string(p + ("title",), "Untitled")
        anchor = f"ch{number}-{slugify(title)}"
        while anchor in anchors:
            anchor += "-2"
        anchors.add(anchor)
        blocks = [b for j in r.items(p + ("blocks",)) if (b := r.block(p + ("blocks", j)))]
        slide = r.typed(p + ("slide",), bool, True, required=False)
        if slide and blocks and not any(b.on_slides for b in blocks):
            r.fail(p, "nothing of this section shows on its slide: give a prose block a `slide:` text, "
                      "add a table/code/callout, or set `slide: false`")
        sections.append(Section(title, anchor, r.text(p + ("notes",), required=False),
                                r.corrections(p + ("corrections",)) if "corrections" in r.get(p) else [],
                                blocks, slide))
    return Chapter(number, slug, source.file, r.string(("title",), "Untitled"), r.text(("summary",)), sections)


def _number_blocks(chapter):
    """'Table 6.2', 'Figure 1.1' in handout order; a slides-only block (a condensed twin) has no number."""
    counters = {}
    for block in chapter.blocks():
        if not block.in_handout:
            continue
        name = {"table": "Table", "figure": "Figure", "widget": "Figure", "animation": "Figure"}.get(block.kind)
        if name:
            counters[name] = counters.get(name, 0) + 1
            block.label = f"{name} {chapter.number}.{counters[name]}"


def load_lecture(root):
    """Load and validate content/ and exams/bank/ under root. Raises LectureError with every problem."""
    problems = Problems()
    lecture = gather(root, problems)
    problems.check()
    return lecture


def gather(root, problems):
    """The lecture as far as it is valid; every problem found is recorded in `problems`."""
    root = Path(root)

    def rel(path):
        return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)

    lecture_path = root / "content" / "lecture.yaml"
    meta = yamlsource.load(lecture_path, rel(lecture_path), problems)
    env = dict(numfmt.FORMATTERS)
    figures_dir = module = None
    if meta is not None:
        c = Checker(meta, problems)
        if c.mapping((), ("course", "number", "title", "formulas"), ("subtitle", "prerequisites", "figures")) is not None:
            if "figures" in meta.data and c.string(("figures",)):
                figures_dir = (lecture_path.parent / meta.data["figures"]).resolve()
                if not figures_dir.is_dir():
                    c.fail(("figures",), f"no such folder: {meta.data['figures']}")
            formulas_name = c.string(("formulas",))
            if formulas_name:
                formulas_path = lecture_path.parent / formulas_name
                if not formulas_path.is_file():
                    c.fail(("formulas",), f"no such file: {rel(formulas_path)}")
                elif module := load_formulas(formulas_path, problems, rel(formulas_path)):
                    env.update(expr.namespace_of(module))

    chapters = []
    chapter_dir = root / "content" / "chapters"
    files = sorted(chapter_dir.glob("*.yaml")) if chapter_dir.is_dir() else []
    if not files:
        problems.add(rel(chapter_dir), None, "", "no chapter files (expected NN-slug.yaml)")
    numbers = set()
    for path in files:
        m = CHAPTER_FILE.match(path.name)
        if not m:
            problems.add(rel(path), None, "", "chapter file names must look like 00-why-adapt.yaml")
            continue
        number = int(m.group(1))
        if number in numbers:
            problems.add(rel(path), None, "", f"a second chapter numbered {number:02d}")
        numbers.add(number)
        source = yamlsource.load(path, rel(path), problems)
        if source is not None and (chapter := _chapter(source, number, m.group(2), problems, env)):
            _number_blocks(chapter)
            chapters.append(chapter)

    templates, questions = bank.load_bank(root / "exams" / "bank", rel, problems, env)
    for chapter in chapters:
        for block in chapter.blocks("question"):
            qid = block.data["value"]
            if qid not in templates:
                problems.add(chapter.file, block.data.get("line"), "", f"question '{qid}' is not in the bank (exams/bank/*.yaml)")
    m = meta.data if meta is not None and isinstance(meta.data, dict) else {}
    return Lecture(course=str(m.get("course", "")), number=m.get("number", 0), title=str(m.get("title", "")),
                   subtitle=m.get("subtitle", ""), prerequisites=m.get("prerequisites", ""),
                   chapters=chapters, questions=questions, bank=templates, env=env,
                   figures_dir=figures_dir if figures_dir and figures_dir.is_dir() else None, formulas=module)
