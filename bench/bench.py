#!/usr/bin/env python3
"""Speed of the build as a lecturer feels it. Prints figures; asserts nothing.

    .venv/bin/python bench/bench.py [--repeat N]

Works in a throw-away copy of the project, so the real site/ and cache are untouched.
"""
import argparse
import os
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
        cold_handouts = timed_build(project, "handouts", "--clean")
        cold_slides = timed_build(project, "slides")
        cold = [timed_build(project, "--clean") for _ in range(args.repeat)]
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
        print(f"cold build, handouts only (--clean)         {cold_handouts:7.2f} s")
        print(f"cold build, then slides (deck + slides.pdf) {cold_slides:7.2f} s")
        print(f"cold full build (median of {len(cold)}, --clean)   {statistics.median(cold):7.2f} s")
        print(f"no-op rebuild (median of {len(noop)})              {statistics.median(noop):7.3f} s")
        print(f"rebuild after editing one chapter (median)  {statistics.median(edits):7.2f} s")
        if ready:
            print(f"deck load to Reveal.isReady() (median of 5) {statistics.median(ready):7.3f} s")
        print(f"exams: midterm x 100 versions + keys + CSV + LMS exports {exams_100:7.2f} s")
        print(f"exams --check (200 draws of every question) {check_200:7.2f} s")
        student = size(site) - size(site / "exams")
        print(f"student site size (without exams/)          {student / 1e6:7.2f} MB"
              f"  (slides/ {size(site / 'slides') / 1e6:.2f} MB, quizzes/ {size(site / 'quizzes') / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
