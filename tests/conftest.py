"""Shared fixtures: a throw-away copy of the project, built once per test session."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ["lecturekit", "templates", "content", "exams", "figures", "build.py", "package.json", "package-lock.json"]


def copy_project(dest, source=ROOT, with_outputs=False):
    """The project's sources (and, if asked, its site/ and cache) in dest; node_modules is linked."""
    dest.mkdir(parents=True, exist_ok=True)
    parts = PROJECT_PARTS + ([".cache", "site"] if with_outputs else [])
    for name in parts:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", ".secret"), symlinks=True)
        elif src.exists():
            shutil.copy2(src, dest / name)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return dest


def watch(page):
    """(console errors, requested URLs) of a Playwright page, filled as it runs."""
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    return errors, requests


def run_build(project, *args):
    return subprocess.run([sys.executable, str(project / "build.py"), *args],
                          cwd=project, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """A full build of the real lecture in a copy of the project."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project


@pytest.fixture(scope="session")
def lecture():
    from lecturekit.content import load_lecture
    return load_lecture(ROOT)
