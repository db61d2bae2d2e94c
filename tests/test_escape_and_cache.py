"""Text is data: HTML in YAML is shown, never run. And unchanged inputs are not rebuilt."""
import shutil
import subprocess

import pytest
import yaml

from conftest import copy_project, run_build

CHAPTER = "content/chapters/00-why-adapt.yaml"
PAYLOAD = '<script>alert("owned")</script>'


@pytest.fixture(scope="module")
def rebuilt(built, tmp_path_factory):
    """The built project with a script tag typed into a chapter's summary and a prose block."""
    project = copy_project(tmp_path_factory.mktemp("escape") / "p", source=built, with_outputs=True)
    path = project / CHAPTER
    data = yaml.safe_load(path.read_text())
    data["summary"] = f"{PAYLOAD} {data['summary']}"
    data["sections"][0]["blocks"].insert(0, {"prose": PAYLOAD, "slide": PAYLOAD})
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return project, result.stdout


def test_script_is_escaped_in_deck(rebuilt):
    project, _ = rebuilt
    html = (project / "site/slides/index.html").read_text()
    assert PAYLOAD not in html
    assert '&lt;script&gt;alert(&#34;owned&#34;)&lt;/script&gt;' in html or "&lt;script&gt;alert" in html


def test_script_is_text_in_handout(rebuilt):
    project, _ = rebuilt
    text = subprocess.run(["pdftotext", str(project / "site/handouts/lecture.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert '<script>alert("owned")</script>' in text


def test_only_changed_outputs_are_rebuilt(rebuilt):
    _, stdout = rebuilt
    assert "handouts/00-why-adapt.pdf" in stdout
    assert "handouts/lecture.pdf" in stdout
    assert "01-in-context-learning.pdf" not in stdout


def test_noop_rebuild_does_nothing(built, tmp_path):
    project = copy_project(tmp_path / "p", source=built, with_outputs=True)
    result = run_build(project)
    assert result.returncode == 0
    assert "Nothing changed" in result.stdout


def test_clean_rebuilds_everything(built, tmp_path):
    project = copy_project(tmp_path / "p", source=built, with_outputs=True)
    shutil.rmtree(project / "figures" / "scenes", ignore_errors=True)   # re-rendering videos is not the point here
    result = run_build(project, "handouts", "--clean")
    assert result.returncode == 0, result.stderr
    assert "01-in-context-learning.pdf" in result.stdout and "lecture.pdf" in result.stdout


def test_student_page_links_everything_with_sizes(built, lecture):
    html = (built / "site/index.html").read_text()
    for href in ["slides/index.html", "slides.pdf", "handouts/lecture.pdf",
                 *[f"handouts/{ch.number:02d}-{ch.slug}.pdf" for ch in lecture.chapters]]:
        if href == "slides.pdf" and not (built / "site/slides.pdf").exists():
            continue
        assert f'href="{href}"' in html
        assert (built / "site" / href).is_file()
    assert html.count(' KB<') + html.count(' MB<') >= len(lecture.chapters) + 2


def test_check_writes_nothing(built, tmp_path):
    project = copy_project(tmp_path / "p", source=built)
    result = run_build(project, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK:")
    assert not (project / "site").exists()
