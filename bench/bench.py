#!/usr/bin/env python3
"""Speed of the build as a lecturer feels it. Prints figures; asserts nothing.

    .venv/bin/python bench/bench.py [--repeat N]

Works in a throw-away copy of the project, so the real site/ and cache are untouched.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from conftest import copy_project  # noqa: E402  (the same copy the tests use)

from lecturekit import browser  # noqa: E402


def timed_build(project, *args):
    t = time.perf_counter()
    result = subprocess.run([sys.executable, "build.py", *args], cwd=project, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stderr}")
    return time.perf_counter() - t


def cold_build(project, *args):
    """A build from an empty cache, except the Manim videos (a minute of their own, rendered once per scene)."""
    def remove(path):
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    for path in (project / ".cache").glob("*"):
        if path.name == "artefacts":
            for artefact in path.iterdir():
                if "_animations_" not in artefact.name:
                    remove(artefact)
        else:
            remove(path)
    return timed_build(project, *args)


def deck_ready_times(deck, repeat):
    from playwright.sync_api import sync_playwright
    times = []
    with sync_playwright() as p:
        chromium = browser.launch(p)
        for _ in range(repeat):
            page = chromium.new_page()
            t = time.perf_counter()
            page.goto(deck.as_uri())
            page.wait_for_function("window.Reveal && Reveal.isReady()")
            times.append(time.perf_counter() - t)
            page.close()
        chromium.close()
    return times


def size(folder):
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median reported)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp) / "project")
        first = timed_build(project)
        cold_handouts = cold_build(project, "handouts")
        cold_slides = cold_build(project, "slides")
        cold = [cold_build(project) for _ in range(args.repeat)]
        noop = [timed_build(project) for _ in range(max(5, args.repeat))]
        chapter = project / "content/chapters/03-chain-of-thought.yaml"
        edits = []
        for i in range(args.repeat):
            chapter.write_text(chapter.read_text() + f"\n# edit {i}\n")
            edits.append(timed_build(project))
        t = time.perf_counter()
        subprocess.run([sys.executable, "build.py", "exams", "--paper", "midterm", "--versions", "100"], cwd=project,
                       capture_output=True, check=True, env={**os.environ, "LECTUREKIT_EXAM_SECRET": "bench"})
        exams_100 = time.perf_counter() - t
        t = time.perf_counter()
        subprocess.run([sys.executable, "build.py", "exams", "--check"], cwd=project, capture_output=True, check=True)
        check_200 = time.perf_counter() - t
        site = project / "site"
        ready = deck_ready_times(site / "slides/index.html", 5) if browser.available() else []
        print(f"first build of a fresh copy (Manim too)     {first:7.2f} s")
        print("cold builds below: empty cache but the rendered animations")
        print(f"cold build, handouts (11 PDFs + plots)      {cold_handouts:7.2f} s")
        print(f"cold build, slides (deck + slides.pdf)      {cold_slides:7.2f} s")
        print(f"cold full build (median of {len(cold)})             {statistics.median(cold):7.2f} s   (target 3 s)")
        print(f"no-op rebuild (median of {len(noop)})              {statistics.median(noop):7.3f} s   (target 0.2 s)")
        print(f"rebuild after editing one chapter (median)  {statistics.median(edits):7.2f} s")
        if ready:
            print(f"deck load to Reveal.isReady() (median of 5) {statistics.median(ready):7.3f} s   (target 1 s)")
        print(f"exams: midterm x 100 versions + keys + CSV + LMS exports {exams_100:7.2f} s   (target 60 s)")
        print(f"exams --check (200 draws of every question) {check_200:7.2f} s")
        student = size(site) - size(site / "exams")
        print(f"student site size (without exams/)          {student / 1e6:7.2f} MB  (budget 15 MB)")
        for part in ("slides", "slides.pdf", "handouts", "quizzes"):
            path = site / part
            print(f"  {part + '/' if path.is_dir() else part:42s} {(size(path) if path.is_dir() else path.stat().st_size) / 1e6:7.2f} MB")


if __name__ == "__main__":
    main()
