"""Paper specs (exams/papers/*.yaml) and the versions drawn from them.

A version is a pure function of (paper, version number, secret): the same inputs
always give the same paper, and without the secret nobody can recompute a key.
"""
import hashlib
import hmac
import os
import random
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from .. import yamlsource
from ..schema import SLUG, Checker
from .bank import DIFFICULTIES, TYPES, instantiate, seed_for

SECRET_ENV = "LECTUREKIT_EXAM_SECRET"
DIFFICULTY_SCORE = {"easy": 1, "medium": 2, "hard": 3}
CANDIDATE_DRAWS = 40     # draws tried per version to keep difficulty close to the paper's target


def exam_secret(root):
    """The secret behind every exam seed: $LECTUREKIT_EXAM_SECRET, or exams/.secret (git-ignored), made on first use."""
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV]
    path = Path(root) / "exams" / ".secret"
    if not path.exists():
        path.write_text(secrets.token_hex(32) + "\n")
        path.chmod(0o600)
    return path.read_text().strip()


@dataclass
class Rule:
    chapters: list
    tags: list
    types: list
    difficulty: list
    ids: list
    points: list
    count: int
    line: int | None

    def matches(self, t):
        return ((not self.ids or t.id in self.ids) and (not self.chapters or t.chapter in self.chapters)
                and (not self.points or t.points in self.points)
                and (not self.tags or set(self.tags) & set(t.tags)) and (not self.types or t.type in self.types)
                and (not self.difficulty or t.difficulty in self.difficulty))


@dataclass
class Section:
    title: str
    points_each: float | None
    rules: list


@dataclass
class Paper:
    name: str
    file: str
    title: str
    instructions: str
    time_minutes: int
    versions: int
    max_difficulty_spread: float
    shuffle_questions: bool
    sections: list


@dataclass
class Slot:
    """One question as it stands on one version."""
    number: int
    section: str
    question: object          # model.Question
    points: float
    order: list = field(default_factory=list)   # choice indices as printed


@dataclass
class Version:
    paper: Paper
    number: int
    code: str
    slots: list

    @property
    def points(self):
        return sum(s.points for s in self.slots)

    @property
    def difficulty(self):
        return sum(DIFFICULTY_SCORE[s.question.difficulty] for s in self.slots) / len(self.slots)

    def fingerprint(self):
        return tuple((s.question.id, tuple(sorted(s.question.params.items())), tuple(s.order)) for s in self.slots)


def load_papers(folder, rel, problems, bank):
    papers = {}
    for path in sorted(Path(folder).glob("*.yaml")) if Path(folder).is_dir() else ():
        source = yamlsource.load(path, rel(path), problems)
        if source is None:
            continue
        c = Checker(source, problems)
        if c.mapping((), ("title", "sections"), ("instructions", "time_minutes", "versions",
                                                  "max_difficulty_spread", "shuffle_questions")) is None:
            continue
        sections = []
        for i in c.items(("sections",)):
            p = ("sections", i)
            if c.mapping(p, ("title", "draw"), ("points_each",)) is None:
                continue
            rules = []
            for j in c.items(p + ("draw",)):
                q = p + ("draw", j)
                if c.mapping(q, ("count",), ("chapters", "tags", "types", "difficulty", "ids", "points")) is None:
                    continue
                rule = Rule(chapters=c.typed(q + ("chapters",), list, [], required=False),
                            tags=c.typed(q + ("tags",), list, [], required=False),
                            types=c.typed(q + ("types",), list, [], required=False),
                            difficulty=c.typed(q + ("difficulty",), list, [], required=False),
                            ids=c.typed(q + ("ids",), list, [], required=False),
                            points=c.typed(q + ("points",), list, [], required=False),
                            count=c.typed(q + ("count",), int, 1), line=source.line(q))
                for key, allowed in (("types", TYPES), ("difficulty", DIFFICULTIES)):
                    for bad in set(getattr(rule, key)) - set(allowed):
                        c.fail(q + (key,), f"unknown {key} {bad!r}; expected {', '.join(allowed)}")
                for bad in set(rule.ids) - set(bank):
                    c.fail(q + ("ids",), f"no question '{bad}' in the bank")
                pool = [t for t in bank.values() if rule.matches(t)]
                if rule.count is not None and len(pool) < rule.count:
                    c.fail(q, f"asks for {rule.count} question(s) but only {len(pool)} in the bank match")
                rules.append(rule)
            sections.append(Section(c.string(p + ("title",), ""), c.typed(p + ("points_each",), float, None, required=False), rules))
        name = path.stem
        if not SLUG.match(name):
            problems.add(rel(path), None, "", "paper file names must be slugs like midterm.yaml")
        papers[name] = Paper(name=name, file=rel(path), title=c.string(("title",), name),
                             instructions=c.typed(("instructions",), str, "", required=False),
                             time_minutes=c.typed(("time_minutes",), int, 0, required=False),
                             versions=c.typed(("versions",), int, 1, required=False),
                             max_difficulty_spread=c.typed(("max_difficulty_spread",), float, 0.5, required=False),
                             shuffle_questions=c.typed(("shuffle_questions",), bool, True, required=False),
                             sections=sections)
    return papers


def version_code(secret, paper, number):
    tag = hmac.new(secret.encode(), f"{paper}:{number}".encode(), hashlib.sha256).hexdigest()[:4].upper()
    return f"{number:02d}-{tag}"


def _target_difficulty(paper, bank):
    total, n = 0.0, 0
    for section in paper.sections:
        for rule in section.rules:
            pool = [t for t in bank.values() if rule.matches(t)]
            total += rule.count * sum(DIFFICULTY_SCORE[t.difficulty] for t in pool) / len(pool)
            n += rule.count
    return total / n


def _draw_ids(paper, bank, rng):
    chosen = []
    for section in paper.sections:
        ids = []
        for rule in section.rules:
            pool = sorted(t.id for t in bank.values() if rule.matches(t) and t.id not in chosen + ids)
            ids += rng.sample(pool, rule.count)
        if paper.shuffle_questions:
            rng.shuffle(ids)
        chosen += ids
        yield section, ids


def make_version(paper, number, lecture, secret):
    """Version `number` (1-based) of `paper`: questions, parameters, choice order and all."""
    rng = random.Random(seed_for(secret, paper.name, number))
    target = _target_difficulty(paper, lecture.bank)
    best = None
    for _ in range(CANDIDATE_DRAWS):
        draw = list(_draw_ids(paper, lecture.bank, rng))
        ids = [i for _, section_ids in draw for i in section_ids]
        score = abs(sum(DIFFICULTY_SCORE[lecture.bank[i].difficulty] for i in ids) / len(ids) - target)
        if best is None or score < best[0]:
            best = (score, draw)
        if score == 0:
            break
    slots = []
    for section, ids in best[1]:
        for qid in ids:
            t = lecture.bank[qid]
            q = instantiate(t, lecture.env, random.Random(seed_for(secret, paper.name, number, qid)))
            slots.append(Slot(len(slots) + 1, section.title, q, section.points_each or t.points,
                              _choice_order(q, number, paper.name, rng)))
    return Version(paper, number, version_code(secret, paper.name, number), slots)


def _choice_order(q, number, paper, rng):
    """Shuffled choices; for single choice the correct one rotates through every position across versions."""
    n = len(q.choices)
    if n == 0 or q.type == "truefalse":
        return list(range(n))
    order = list(range(n))
    rng.shuffle(order)
    if q.type == "single":
        correct = next(i for i, c in enumerate(q.choices) if c.correct)
        order.remove(correct)
        order.insert((number + seed_for(paper, q.id)) % n, correct)
    return order


def make_versions(paper, lecture, secret, count=None):
    """All versions, checked: pairwise distinct, equal points, difficulty within the paper's bound."""
    versions = [make_version(paper, v, lecture, secret) for v in range(1, (count or paper.versions) + 1)]
    complaints = []
    if len({v.fingerprint() for v in versions}) < len(versions):
        complaints.append("some versions are identical: widen the draws")
    if len({round(v.points, 6) for v in versions}) > 1:
        complaints.append("versions differ in total points: set `points_each` on every section")
    spread = max(v.difficulty for v in versions) - min(v.difficulty for v in versions)
    if spread > paper.max_difficulty_spread + 1e-9:
        complaints.append(f"mean difficulty differs by {spread:.2f} between versions "
                          f"(max_difficulty_spread is {paper.max_difficulty_spread})")
    return versions, complaints, spread
