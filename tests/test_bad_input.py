"""Bad input: every problem reported at once as file:line, a non-zero exit, and site/ left as it was."""
import hashlib
import re

import pytest

from conftest import copy_project, run_build


def tree_digest(folder):
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return h.hexdigest()


@pytest.fixture
def project(built, tmp_path):
    """A copy of the built project, site/ included, to break."""
    return copy_project(tmp_path / "p", source=built, with_outputs=True)


CHAPTER = "content/chapters/00-why-adapt.yaml"


def edit(project, rel, old, new, count=1):
    path = project / rel
    text = path.read_text()
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, count))


def lines_with(project, rel, needle):
    return [i for i, line in enumerate((project / rel).read_text().splitlines(), 1) if needle in line]


def check_rejected(project, before, *patterns):
    result = run_build(project)
    assert result.returncode != 0
    for pattern in patterns:
        assert re.search(pattern, result.stderr), f"{pattern!r} not in:\n{result.stderr}"
    assert "Traceback" not in result.stderr
    assert tree_digest(project / "site") == before, "site/ changed after a failed build"
    return result.stderr


def test_missing_field(project):
    before = tree_digest(project / "site")
    edit(project, CHAPTER, "summary:", "abstract:")   # the required key is gone, an unknown one appears
    check_rejected(project, before, rf"{CHAPTER}:\d+: missing required key 'summary'",
                   rf"{CHAPTER}:\d+: abstract: unknown key 'abstract'")


def test_wrong_type(project):
    before = tree_digest(project / "site")
    line = lines_with(project, CHAPTER, "title:")[0]
    edit(project, CHAPTER, (project / CHAPTER).read_text().splitlines()[line - 1], "title: [not, a, string]")
    check_rejected(project, before, rf"{CHAPTER}:{line}: title: expected a string, got a list")


def test_yaml_syntax_error(project):
    before = tree_digest(project / "site")
    text = (project / CHAPTER).read_text().splitlines()
    text.insert(3, "  : bad: [unclosed")
    (project / CHAPTER).write_text("\n".join(text))
    check_rejected(project, before, rf"{CHAPTER}:\d+: YAML syntax error")


def test_unknown_block_kind(project):
    before = tree_digest(project / "site")
    line = lines_with(project, CHAPTER, "- prose:")[0]
    edit(project, CHAPTER, "- prose:", "- poetry:")
    check_rejected(project, before, rf"{CHAPTER}:{line}: sections\[\d+\]\.blocks\[\d+\]: expected exactly one block kind")


def test_all_errors_reported_together(project):
    before = tree_digest(project / "site")
    edit(project, CHAPTER, "summary:", "abstract:")
    edit(project, "content/chapters/01-in-context-learning.yaml", "- prose:", "- poetry:")
    edit(project, "exams/bank/ch00.yaml", "difficulty:", "dificulty:")
    stderr = check_rejected(project, before, "00-why-adapt.yaml", "01-in-context-learning.yaml", "ch00.yaml")
    assert re.search(r"error: \d+ problem", stderr)


def test_bad_expression_names_its_place(project):
    before = tree_digest(project / "site")
    text = (project / CHAPTER).read_text()
    (project / CHAPTER).write_text(text.replace("summary:", "summary: '{{ __import__(\"os\") }}'\nx_summary:", 1))
    check_rejected(project, before, rf"{CHAPTER}:\d+: summary: in \{{\{{ \}}\}}: unknown name '__import__'")


def test_bad_math_reported_with_other_errors(project):
    before = tree_digest(project / "site")
    line = lines_with(project, CHAPTER, "summary:")[0]
    edit(project, CHAPTER, "summary:", "summary: 'broken $\\frac{1}{$ math' \nx_summary:")
    check_rejected(project, before, rf"{CHAPTER}:{line}: math \$\\frac\{{1\}}\{{\$: KaTeX parse error",
                   rf"{CHAPTER}:\d+: x_summary: unknown key")
