"""The command line lecturers use. Heavy libraries are imported only by the commands that need them."""
import argparse
import sys
from pathlib import Path

from .errors import LectureError, ToolError

COMMANDS = {
    "all": "build the student site: slides, handouts, practice quizzes, download page (default)",
    "slides": "build the reveal.js deck (and slides.pdf when Chromium is installed)",
    "handouts": "build the PDF lecture notes: whole lecture and one per chapter",
    "quizzes": "build the practice quizzes (one offline page per chapter)",
    "animations": "render changed Manim scenes (--quality low|high), then rebuild slides and handouts",
    "exams": "generate exam papers, keys, grading CSV and LMS exports (staff only; see --paper, --versions, --check)",
    "figures": "run experiments with no results (or --rerun NAME ...), then rebuild slides and handouts",
    "check": "validate content, question bank and exam papers; write nothing",
    "serve": "serve site/ on localhost; rebuild and reload the page when sources change",
}


def parser():
    p = argparse.ArgumentParser(
        prog="build.py", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Build the lecture site from content/*.yaml, templates/ and exams/bank/.",
        epilog="commands:\n" + "\n".join(f"  {k:<10} {v}" for k, v in COMMANDS.items())
        + "\n\nThe site is written to site/; open site/index.html. Unchanged outputs are reused (content-hash cache).")
    p.add_argument("command", nargs="?", default="all", choices=COMMANDS, metavar="command")
    p.add_argument("--clean", action="store_true", help="ignore the cache and rebuild everything")
    p.add_argument("--port", type=int, default=8000, help="port for `serve` (default 8000)")
    p.add_argument("--quality", choices=("low", "high"), help="animations: 480p15 (default) or 1080p60; remembered")
    p.add_argument("--rerun", nargs="*", metavar="NAME", help="figures: run these experiments again (none named: all)")
    p.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"), help="figures: where experiments run")
    p.add_argument("--paper", action="append", metavar="NAME", help="exams: only this paper (exams/papers/NAME.yaml); repeatable")
    p.add_argument("--versions", type=int, metavar="N", help="exams: number of versions (default: the paper's own)")
    p.add_argument("--check", action="store_true", help="exams: draw every question --seeds times and check each draw")
    p.add_argument("--seeds", type=int, default=200, metavar="N", help="exams --check: draws per question (default 200)")
    p.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent, help=argparse.SUPPRESS)
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        if args.command == "check":
            from .pipeline import load
            lecture, _, specs = load(args.root, args.root / ".cache")
            from .slides import total_slides
            n_sections = sum(len(ch.sections) for ch in lecture.chapters)
            print(f"OK: {len(lecture.chapters)} chapters, {n_sections} sections, "
                  f"{total_slides(lecture)} slides, {len(lecture.questions)} questions, {len(specs)} exam papers.")
        elif args.command == "exams" and args.check:
            from .exams.check import stress
            from .pipeline import load
            lecture, math, _ = load(args.root, args.root / ".cache")
            stress(lecture, math, seeds=args.seeds).check()
            print("exams --check: every draw of every question passed.")
        elif args.command == "figures":
            from .pipeline import PARTS, animation_quality, build, run_experiments
            if run_experiments(args.root, args.rerun, args.device) != 0:
                print("error: an experiment failed (see above); the site was not rebuilt", file=sys.stderr)
                return 1
            build(args.root, PARTS, clean=args.clean, quality=animation_quality(args.root, args.quality))
        elif args.command == "serve":
            from .serve import serve
            serve(args.root, args.port)
        else:
            from .pipeline import PARTS, animation_quality, build
            if args.versions is not None and args.versions < 1:
                raise SystemExit("error: --versions must be at least 1")
            parts = {"all": PARTS, "animations": ("animations", "slides", "handouts")}.get(args.command, (args.command,))
            build(args.root, parts, clean=args.clean, paper_names=args.paper, versions=args.versions,
                  quality=animation_quality(args.root, args.quality))
    except LectureError as exc:
        print(f"error: {len(exc.problems)} problem(s) found; nothing was written:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except ToolError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0
