"""Exams as a TA uses them: 30 versions, keys, grading sheet, LMS exports parsed back, no leaks."""
import csv
import io
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

import pytest

from conftest import ROOT, copy_project

SECRET = "test-secret-not-for-real-exams"
VERSIONS = 30


def exams_run(project, *args, secret=SECRET):
    env = {**os.environ, "LECTUREKIT_EXAM_SECRET": secret}
    return subprocess.run([sys.executable, "build.py", "exams", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def midterm(built, tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("exams") / "p", source=built, with_outputs=True)
    result = exams_run(project, "--paper", "midterm", "--versions", str(VERSIONS))
    assert result.returncode == 0, result.stdout + result.stderr
    return project, project / "site/exams/midterm"


@pytest.fixture(scope="module")
def versions(midterm):
    """The same versions, drawn again through the library (generation is deterministic)."""
    from lecturekit import pipeline
    from lecturekit.exams import papers
    project, _ = midterm
    lecture, _, specs = pipeline.load(project, project / ".cache")
    vs, complaints, _ = papers.make_versions(specs["midterm"], lecture, SECRET, VERSIONS)
    assert complaints == []
    return vs


def pdftext(path):
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def plain(md):
    return " ".join(re.sub(r"[*_`$\\]", "", md).split())


def test_thirty_papers_thirty_keys_and_exports(midterm, versions):
    _, out = midterm
    assert len(list(out.glob("version-*.pdf"))) == VERSIONS
    assert len(list((out / "keys").glob("key-*.pdf"))) == VERSIONS
    for name in ("grading.csv", "moodle.xml", "canvas-qti.zip", "questions.gift.txt"):
        assert (out / name).stat().st_size > 0
    assert {p.name for p in out.glob("version-*.pdf")} == {f"version-{v.code}.pdf" for v in versions}


def test_student_papers_reveal_no_answers(midterm, versions):
    _, out = midterm
    for v in versions:
        text = " ".join(pdftext(out / f"version-{v.code}.pdf").split())
        assert "ANSWER KEY" not in text and "Solution." not in text
        assert v.code in text and "Student ID" in text
        body = re.sub(r"Page \d+ of \d+|Version \d+-\w{4}|Midterm — Efficient Adaptation", " ", text)
        chunks = re.split(r"Question \d+ \(\d+ points?\)", body)[1:]
        assert len(chunks) == len(v.slots)
        for slot, chunk in zip(v.slots, chunks):
            q = slot.question
            visible = plain(q.stem.md) + " ".join(plain(c.text.md) for c in q.choices)
            explanation = plain(q.explanation.md)[:60]
            assert explanation not in text, f"explanation of {q.id} leaked into version {v.code}"
            if q.type == "numeric":
                shown = q.answer_text.split(" (")[0].split(" ")[0]
                if shown not in visible:
                    assert not re.search(rf"(?<![\d.,]){re.escape(shown)}(?![\d.,])", chunk), \
                        f"answer {shown} of {q.id} in version {v.code}"
            if q.type == "short":
                for accepted in q.answer:
                    if accepted.lower() not in visible.lower():
                        assert accepted.lower() not in chunk.lower(), f"answer of {q.id} in version {v.code}"


def test_keys_have_answers_and_explanations(midterm, versions):
    _, out = midterm
    v = versions[0]
    text = " ".join(pdftext(out / "keys" / f"key-{v.code}.pdf").split())
    assert "ANSWER KEY" in text
    assert text.count("Answer:") >= len(v.slots)
    families = [s for s in v.slots if s.question.solution]
    assert families, "the midterm should draw at least one worked solution"


def test_versions_differ_and_balance(versions):
    fingerprints = [v.fingerprint() for v in versions]
    assert len(set(fingerprints)) == len(fingerprints)
    assert len({v.points for v in versions}) == 1
    positions = [s.order.index(next(i for i, c in enumerate(s.question.choices) if c.correct))
                 for v in versions for s in v.slots if s.question.type == "single"]
    counts = [positions.count(k) for k in range(4)]
    assert min(counts) > 0.15 * len(positions), f"correct answers bunch up: {counts}"


def test_grading_csv_matches_versions(midterm, versions):
    _, out = midterm
    rows = list(csv.DictReader(io.StringIO((out / "grading.csv").read_text())))
    assert len(rows) == sum(len(v.slots) for v in versions)
    by_key = {(r["version"], int(r["question"])): r for r in rows}
    for v in versions:
        for s in v.slots:
            row = by_key[(v.code, s.number)]
            assert row["question_id"] == s.question.id and float(row["points"]) == s.points
            if s.question.type == "numeric":
                assert float(row["correct_answer"]) == pytest.approx(s.question.answer)


MOODLE_ELEMENTS = {"quiz", "question", "category", "text", "name", "questiontext", "generalfeedback", "defaultgrade",
                   "penalty", "hidden", "idnumber", "single", "shuffleanswers", "answernumbering", "answer",
                   "feedback", "tolerance", "unitgradingtype", "showunits", "usecase", "responseformat",
                   "responserequired", "responsefieldlines", "graderinfo"}


def test_moodle_xml_parses_back(midterm, versions):
    _, out = midterm
    root = ET.parse(out / "moodle.xml").getroot()
    assert {el.tag for el in root.iter()} <= MOODLE_ELEMENTS
    questions = {q.findtext("idnumber"): q for q in root.findall("question") if q.get("type") != "category"}
    kinds = {"single": "multichoice", "multiple": "multichoice", "truefalse": "truefalse",
             "numeric": "numerical", "short": "shortanswer", "essay": "essay"}
    for v in versions:
        for s in v.slots:
            el = questions[f"midterm-{v.code}-{s.number:02d}"]
            q = s.question
            assert el.get("type") == kinds[q.type]
            assert float(el.findtext("defaultgrade")) == s.points
            answers = el.findall("answer")
            if q.type == "numeric":
                assert float(answers[0].findtext("text")) == pytest.approx(q.answer)
                assert float(answers[0].findtext("tolerance")) == pytest.approx(q.tolerance)
            elif q.type == "single":
                right = [i for i, a in enumerate(answers) if float(a.get("fraction")) == 100]
                assert right == [s.order.index(next(i for i, c in enumerate(q.choices) if c.correct))]
            elif q.type == "multiple":
                positive = sum(float(a.get("fraction")) for a in answers if float(a.get("fraction")) > 0)
                assert positive == pytest.approx(100, abs=0.01)
            elif q.type == "truefalse":
                assert [a.findtext("text") for a in answers if a.get("fraction") == "100"] == [str(q.answer).lower()]
            elif q.type == "short":
                assert [a.findtext("text") for a in answers] == q.answer


QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
QTI_ELEMENTS = {"questestinterop", "assessment", "qtimetadata", "qtimetadatafield", "fieldlabel", "fieldentry",
                "section", "selection_ordering", "selection", "selection_number", "selection_extension",
                "points_per_item", "item", "itemmetadata", "presentation", "material", "mattext", "response_lid",
                "render_choice", "response_label", "response_str", "render_fib", "resprocessing", "outcomes",
                "decvar", "respcondition", "conditionvar", "varequal", "vargte", "varlte", "and", "or", "not",
                "other", "setvar", "itemfeedback", "flow_mat"}


def test_qti_zip_parses_back(midterm, versions):
    _, out = midterm
    with zipfile.ZipFile(out / "canvas-qti.zip") as z:
        manifest = ET.fromstring(z.read("imsmanifest.xml"))
        hrefs = [f.get("href") for f in manifest.iter() if f.tag.endswith("file")]
        assert len(hrefs) == 1
        root = ET.fromstring(z.read(hrefs[0]))
    assert {el.tag.removeprefix(QTI) for el in root.iter()} <= QTI_ELEMENTS
    items = {i.get("ident"): i for i in root.iter(QTI + "item")}
    assert len(items) == sum(len(v.slots) for v in versions)
    kinds = {"single": "multiple_choice_question", "multiple": "multiple_answers_question",
             "truefalse": "true_false_question", "numeric": "numerical_question",
             "short": "short_answer_question", "essay": "essay_question"}
    for v in versions:
        for s in v.slots:
            item = items[f"midterm_quiz_q{s.number:02d}_v{v.number:03d}"]
            meta = {f.findtext(QTI + "fieldlabel"): f.findtext(QTI + "fieldentry") for f in item.iter(QTI + "qtimetadatafield")}
            assert meta["question_type"] == kinds[s.question.type]
            assert float(meta["points_possible"]) == s.points
            if s.question.type == "numeric":
                assert float(item.find(f".//{QTI}varequal").text) == pytest.approx(s.question.answer)


def test_gift_parses_back(midterm, versions):
    _, out = midterm
    text = (out / "questions.gift.txt").read_text()
    blocks = re.findall(r"// points: ([\d.]+)\n::(.+?)::\[html\](.*?)\n(\{.*?\n?\})\n", text, re.S)
    assert len(blocks) == sum(len(v.slots) for v in versions)
    by_name = {name.replace("\\", ""): (float(points), answer) for points, name, _, answer in blocks}
    for v in versions:
        for s in v.slots:
            points, answer = by_name[f"midterm Q{s.number:02d} v{v.code} {s.question.id}"]
            assert points == s.points
            q = s.question
            if q.type == "numeric":
                assert float(re.match(r"\{#([-\d.e+]+):", answer).group(1)) == pytest.approx(q.answer)
            elif q.type == "truefalse":
                assert answer.startswith("{T" if q.answer else "{F")
            elif q.type == "single":
                assert len(re.findall(r"^\s+=", answer, re.M)) == 1


def test_same_secret_same_papers_other_secret_other_papers(midterm, versions, tmp_path):
    project, out = midterm
    before = (out / "grading.csv").read_text()
    again = copy_project(tmp_path / "a", source=project)
    assert exams_run(again, "--paper", "midterm", "--versions", "3").returncode == 0
    first_three = {v.code for v in versions[:3]}
    rows = [r for r in before.splitlines()[1:] if r.split(",")[0] in first_three]
    assert (again / "site/exams/midterm/grading.csv").read_text().splitlines()[1:] == rows
    other = copy_project(tmp_path / "o", source=project)
    assert exams_run(other, "--paper", "midterm", "--versions", "3", secret="another secret").returncode == 0
    codes = {r["version"] for r in csv.DictReader(io.StringIO((other / "site/exams/midterm/grading.csv").read_text()))}
    assert codes.isdisjoint(v.code for v in versions[:3])
    assert SECRET not in before


def test_several_papers_in_one_run_each_get_their_own_questions(midterm, tmp_path):
    project, _ = midterm
    copy = copy_project(tmp_path / "s", source=project)
    assert exams_run(copy, "--paper", "quiz-ch03", "--paper", "quiz-ch07", "--versions", "2").returncode == 0
    for name, chapter in (("quiz-ch03", 3), ("quiz-ch07", 7)):
        out = copy / "site/exams" / name
        assert len(list(out.glob("version-*.pdf"))) == len(list((out / "keys").glob("key-*.pdf"))) == 2
        ids = {r["question_id"] for r in csv.DictReader(io.StringIO((out / "grading.csv").read_text()))}
        assert ids and all(i.startswith(f"ch{chapter}-") for i in ids), ids
        for pdf in out.glob("version-*.pdf"):
            assert f"Quiz — Chapter {chapter}:" in pdftext(pdf)


def test_secret_file_is_git_ignored():
    ignored = subprocess.run(["git", "check-ignore", "-q", "exams/.secret"], cwd=ROOT).returncode
    assert ignored == 0


def test_stress_check_passes_for_every_question(built):
    result = subprocess.run([sys.executable, "build.py", "exams", "--check", "--seeds", "200"], cwd=built,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "0 problem(s)" in result.stdout


@pytest.mark.parametrize("expression, message", [
    ("__import__('os')", "unknown name '__import__'"),
    ("__import__('os').system('true')", "only named functions may be called"),
    ("GPT3_PARAMS.real", "attribute access is not allowed"),
    ("no_such_formula(1)", "unknown name 'no_such_formula'"),
])
def test_unsafe_or_unknown_expressions_are_rejected(built, tmp_path, expression, message):
    project = copy_project(tmp_path / "p", source=built)
    bank = project / "exams/bank/ch06.yaml"
    text = bank.read_text()
    bad = f"""  - id: ch6-evil
    type: numeric
    chapter: 6
    difficulty: easy
    points: 1
    objective: none
    stem: What is it?
    explanation: Nothing.
    answer: "{expression}"
"""
    bank.write_text(text.replace("questions:\n", "questions:\n" + bad, 1))
    line = text.split("questions:\n")[0].count("\n") + 1 + 9
    result = subprocess.run([sys.executable, "build.py", "check"], cwd=project, capture_output=True, text=True)
    assert result.returncode != 0
    assert re.search(rf"exams/bank/ch06.yaml:{line}: questions\[0\]\.answer: .*{re.escape(message)}", result.stderr), result.stderr
    assert "Traceback" not in result.stderr
