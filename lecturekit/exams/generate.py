"""Write one paper's outputs: student PDFs, key PDFs, grading CSV and the LMS exports."""
import csv
import io

from ..model import question_texts
from . import lms


def paper_html(env, lecture, paper, version, key):
    return env.get_template("exam/paper.html.j2").render(lecture=lecture, paper=paper, version=version, key=key)


def version_texts(versions):
    return [t for v in versions for s in v.slots for t in question_texts(s.question)]


def pdf_jobs(env, lecture, paper, versions):
    """(relative path, HTML) for every student paper and key, each rendered when it is asked for."""
    for v in versions:
        yield f"version-{v.code}.pdf", paper_html(env, lecture, paper, v, key=False)
        yield f"keys/key-{v.code}.pdf", paper_html(env, lecture, paper, v, key=True)


def grading_csv(versions):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["version", "question", "question_id", "type", "correct_answer", "tolerance", "points"])
    for v in versions:
        for s in v.slots:
            q = s.question
            if q.choices:
                letters = "ABCDEFGHIJ"
                answer = ",".join(letters[k] for k, i in enumerate(s.order) if q.choices[i].correct)
            else:
                answer = lms.plain_number(q.answer) if q.type == "numeric" else q.answer_text
            w.writerow([v.code, s.number, q.id, q.type, answer, lms.plain_number(q.tolerance) if q.type == "numeric" else "",
                        f"{s.points:g}"])
    return buf.getvalue()


def text_exports(paper, versions, math, course):
    """{file name: str or bytes} for the grading sheet and the three LMS formats."""
    return {"grading.csv": grading_csv(versions),
            "moodle.xml": lms.moodle_xml(paper, versions, math, course),
            "canvas-qti.zip": lms.qti_zip(paper, versions, math, course),
            "questions.gift.txt": lms.gift(paper, versions, math, course),
            "README.txt": STAFF_README.format(title=paper.title, n=len(versions))}


STAFF_README = """{title}: {n} versions. STAFF ONLY: keys/ and the exports contain the answers.

version-CODE.pdf      student papers (no answers)
keys/key-CODE.pdf     answer keys with explanations and worked solutions
grading.csv           version, question, correct answer, points
moodle.xml            Moodle XML: one category per question position, one variant per version
canvas-qti.zip        QTI 1.2 for Canvas: one quiz, one question group per position (1 drawn)
questions.gift.txt    GIFT for Moodle, one category per position

Versions are a function of (paper, version number, secret); the secret is exams/.secret
or $LECTUREKIT_EXAM_SECRET. Keep it out of git: without it nobody can regenerate a key.
"""
