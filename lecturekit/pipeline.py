"""gather + validate -> render -> write: the build a lecturer runs.

Nothing is written to site/ until every part has rendered; the new site then
replaces the old one in one step. Unchanged outputs are reused from the cache.
"""
import hashlib
import itertools
import os
import shutil
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from . import animations, browser, content, figures, handouts, katex_css, render, site, slides, widgets
from .cache import Inputs, Store
from .errors import LectureError, Problem, Problems
from .exams import generate, papers, quizzes
from .markup import MathRenderer

PARTS = ("slides", "handouts", "quizzes")      # what `build.py` makes; `exams` is asked for by name


def animation_quality(root, asked=None):
    """The quality asked for, else the last one asked for (kept in .cache), else low."""
    setting = Path(root) / ".cache" / "animation-quality"
    if asked:
        setting.parent.mkdir(parents=True, exist_ok=True)
        setting.write_text(asked)
        return asked
    return setting.read_text().strip() if setting.is_file() else "low"


class Progress:
    """One line per finished step, with its time."""

    def __init__(self, echo=print):
        self.echo = echo
        self.start = time.perf_counter()
        self.times = {}

    def done(self, what, since):
        self.times[what] = time.perf_counter() - since
        self.echo(f"  {what:<52} {self.times[what]:6.2f} s")


@dataclass
class PdfJob:
    label: str
    html: str
    stylesheets: list
    out: Path


def load(root, cache_dir):
    """Load and validate content, bank and papers; pre-render math. Raises LectureError with every problem."""
    problems = Problems()
    lecture = content.gather(root, problems)
    math = MathRenderer(root, cache_dir / "katex.json")
    math.prepare(lecture.texts(), problems)
    rel = lambda p: str(Path(p).relative_to(root))  # noqa: E731
    specs = papers.load_papers(Path(root) / "exams" / "papers", rel, problems, lecture.bank)
    problems.check()
    return lecture, math, specs


def build(root, parts=PARTS, clean=False, echo=print, paper_names=None, versions=None, quality="low"):
    """Build the requested parts and publish site/. Returns the Progress, or None if up to date."""
    root = Path(root)
    cache_dir, site_dir = root / ".cache", root / "site"
    inputs = Inputs(root)
    options = f"{sorted(parts)}{paper_names}{versions}{quality}{browser.available()}{animations.available()}"
    build_key = inputs.key(inputs.everything(), extra=options)
    stamp = cache_dir / "last-build"
    if clean:
        shutil.rmtree(cache_dir, ignore_errors=True)
    elif site_dir.is_dir() and stamp.is_file() and stamp.read_text() == build_key:
        echo("Nothing changed: site/ is up to date.")
        return None

    progress = Progress(echo)
    t = time.perf_counter()
    lecture, math, specs = load(root, cache_dir)
    progress.done(f"load + validate ({len(lecture.chapters)} chapters, {len(lecture.bank)} questions)", t)
    env = render.environment(root / "templates", math)
    store = Store(cache_dir)
    store.dir.mkdir(parents=True, exist_ok=True)
    # pdf_jobs: lists or generators of PdfJob (exam HTML is rendered while earlier PDFs are written);
    # finish: (name, key, tmp dir or None) recorded once the PDFs exist
    pdf_jobs, pdf_count, finish = [], 0, []
    visual = bool({"slides", "handouts", "animations"} & set(parts))
    plots = _plot_figures(root, lecture, store, progress) if visual else {}
    videos = _render_animations(root, lecture, store, quality, progress) if visual else {}
    live = {}
    if visual and lecture.figures_dir:
        problems = Problems()
        live = widgets.build_widgets(lecture.figures_dir, lecture.formulas, problems, lambda p: str(Path(p).relative_to(root)))
        problems.check()
    env.globals["figures"], env.globals["videos"], env.globals["widgets"] = plots, videos, live
    plots_key = ",".join(f"{i}:{f['key']}" for i, f in sorted({**plots, **videos}.items()))
    plots_key += inputs.key(widgets.input_files(lecture.figures_dir), extra=widgets.data_json({i: w["data"] for i, w in live.items()}))

    # Render every stale output in memory first ...
    deck_key = inputs.key(inputs.engine, inputs.common, inputs.chapters, inputs.slides, extra=plots_key)
    deck_html = None
    if "slides" in parts and not store.fresh("slides", deck_key):
        t = time.perf_counter()
        deck_html = slides.render_deck(env, lecture, lecture.questions)
        progress.done(f"render deck ({slides.total_slides(lecture)} slides)", t)
    if "handouts" in parts:
        t = time.perf_counter()
        jobs = []
        key = inputs.key(inputs.engine, inputs.common, inputs.chapters, inputs.handout, extra=plots_key)
        if not store.fresh("handouts/lecture.pdf", key):
            html = handouts.handout_html(env, lecture, lecture.chapters, lecture.title)
            jobs.append(PdfJob("handouts/lecture.pdf", html, None, store.path("handouts/lecture.pdf", key)))
            finish.append(("handouts/lecture.pdf", key, None))
        for ch, path in zip(lecture.chapters, inputs.chapters):
            name = f"handouts/{path.name.removesuffix('.yaml')}.pdf"
            key = inputs.key(inputs.engine, inputs.common, [path], inputs.handout, extra=plots_key)
            if not store.fresh(name, key):
                html = handouts.handout_html(env, lecture, [ch], f"{lecture.title}, chapter {ch.number}: {ch.title}")
                jobs.append(PdfJob(name, html, None, store.path(name, key)))
                finish.append((name, key, None))
        if jobs:
            css = _print_css(root, [j.html for j in jobs], "templates/handout/handout.css")
            for job in jobs:
                job.stylesheets = css
            pdf_jobs.append(jobs)
            pdf_count += len(jobs)
            progress.done(f"render handout HTML ({len(jobs)} documents)", t)
    quiz_pages, quiz_key = {}, inputs.key(inputs.engine, inputs.common, inputs.chapters, inputs.exam)
    if "quizzes" in parts and not store.fresh("quizzes", quiz_key):
        t = time.perf_counter()
        quiz_pages = _render_quizzes(root, env, lecture, math)
        progress.done(f"render practice quizzes ({len(quiz_pages)} chapters)", t)
    meanwhile = []    # (label, fn): main-process work done while the workers write PDFs
    if "exams" in parts:
        exports, exam_jobs, count = _render_exams(root, env, lecture, math, specs, store, inputs, paper_names,
                                                  versions, finish, progress)
        meanwhile += exports
        pdf_jobs += exam_jobs
        pdf_count += count

    # ... then write artefacts into the cache ...
    if deck_html is not None:
        t = time.perf_counter()
        _write_dir(store.path("slides", deck_key), lambda tmp: _write_deck(root, tmp, deck_html, plots, videos, live))
        progress.done("write deck + assets", t)
    if "slides" in parts:
        store.record("slides", deck_key)
        if deck_html is not None and pdf_count:
            # The deck is what a lecturer editing in `serve` looks at: show it before the PDFs.
            _publish(root, store, env, lecture, progress, "publish deck (PDFs follow)")
    if quiz_pages:
        _write_dir(store.path("quizzes", quiz_key), lambda tmp: _write_files(tmp, quiz_pages))
    if "quizzes" in parts:
        store.record("quizzes", quiz_key)
    if "slides" in parts and not store.fresh("slides.pdf", deck_key) and browser.available():
        meanwhile.append(("slides.pdf (Chromium)", lambda: browser.print_slides_pdf(
            store.path("slides", deck_key) / "index.html", store.path("slides.pdf", deck_key))))
    _write_pdfs(root, itertools.chain.from_iterable(pdf_jobs), pdf_count, meanwhile, progress)
    if "slides" in parts and store.fresh("slides.pdf", deck_key):
        store.record("slides.pdf", deck_key)
    elif "slides" in parts and not browser.available():
        echo("  (slides.pdf skipped: Chromium or Playwright is not installed)")
    for name, key, tmp in finish:
        if tmp is not None:
            tmp.rename(store.path(name, key))
        store.record(name, key)

    # ... and last, publish the whole site in one step.
    _publish(root, store, env, lecture, progress, "publish site/")
    stamp.write_text(build_key)
    echo(f"Built site/ in {time.perf_counter() - progress.start:.2f} s: open site/index.html")
    return progress


def run_experiments(root, rerun=None, device="auto", echo=print):
    """Run the lecture's experiments: those named in `rerun` ([] = all), plus any whose results are missing."""
    root = Path(root)
    lecture, _, _ = load(root, root / ".cache")
    if lecture.figures_dir is None or not (lecture.figures_dir / "run.py").is_file():
        raise LectureError([Problem("content/lecture.yaml", None, "figures", "no figures folder with a run.py runner")])
    available = figures.discover(lecture.figures_dir)
    missing = sorted({f.results.stem for f in available.values() if not f.results.is_file()})
    if rerun is not None:
        names = rerun or sorted({f.results.stem for f in available.values()})
        unknown = set(names) - {f.results.stem for f in available.values()}
        if unknown:
            raise LectureError([Problem(str(lecture.figures_dir / "plots"), None, "",
                                        f"no experiment named {', '.join(sorted(unknown))}")])
        code = figures.run_experiments(lecture.figures_dir / "run.py", names, device, True, root)
    elif missing:
        echo(f"running experiments with no results yet: {', '.join(missing)}")
        code = figures.run_experiments(lecture.figures_dir / "run.py", missing, device, False, root)
    else:
        echo("every experiment has results (use --rerun NAME to run one again)")
        code = 0
    return code


def _plot_figures(root, lecture, store, progress):
    """{figure id: {svg, png, alt, key}} for every figure block whose results exist; stale ones replotted."""
    if lecture.figures_dir is None:
        return {}
    available = figures.discover(lecture.figures_dir)
    used = {b.data["id"] for ch in lecture.chapters for b in ch.blocks("figure")}
    missing = sorted({available[i].results.stem for i in used & set(available) if not available[i].results.is_file()})
    if missing:
        progress.echo(f"  note: no results yet for {', '.join(missing)}: their figures show placeholders "
                      f"(python build.py figures runs them)")
    for path, reason in figures.stale_results(lecture.figures_dir, root):
        progress.echo(f"  warning: {path.relative_to(root)} is stale: {reason} "
                      f"(rerun: python build.py figures --rerun {path.stem})")
    out, todo = {}, []
    for fig_id in sorted(used & set(available)):
        spec = available[fig_id]
        if not spec.results.is_file():
            continue    # `build.py figures` runs the experiment; until then the deck shows a placeholder
        key = figures.figure_key(spec, lecture.figures_dir)
        folder = store.path(f"_figures/{fig_id}", key)
        if not folder.exists():
            todo.append((spec, folder))
        store.record(f"_figures/{fig_id}", key)
        out[fig_id] = {"svg": folder / f"{fig_id}.svg", "png": folder / f"{fig_id}.png", "key": key, "folder": folder}
    if todo:
        t = time.perf_counter()
        with ProcessPoolExecutor(max_workers=min(len(todo), os.cpu_count() or 1)) as pool:
            failures = [f for f in pool.map(_plot_one, todo) if f]
        problems = Problems()
        for module, line, message in failures:
            problems.add(Path(module).relative_to(root), line, "", message)
        problems.check()
        progress.done(f"plot {len(todo)} figure(s) from frozen results", t)
    for plot in out.values():
        plot["alt"] = (plot.pop("folder") / f"{plot['svg'].stem}.alt.txt").read_text()
    return out


def _plot_one(item):
    """Draw one figure (in a worker). A failure in the lecture's plot code comes back as (file, line, message)."""
    spec, folder = item
    try:
        _write_dir(folder, lambda tmp: figures.render([spec], tmp))
    except Exception as exc:  # noqa: BLE001 (any error in the lecturer's code is reported, not a crash)
        lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename) == spec.module]
        return str(spec.module), lines[-1] if lines else None, f"figure '{spec.id}': {type(exc).__name__}: {exc}"


def _render_animations(root, lecture, store, quality, progress):
    """{scene id: {webm, poster, key}} for every animation block; changed scenes re-rendered (Manim)."""
    if lecture.figures_dir is None:
        return {}
    scenes = animations.discover(lecture.figures_dir / "scenes", root)
    used = sorted({b.data["id"] for ch in lecture.chapters for b in ch.blocks("animation")} & set(scenes))
    out, todo = {}, []
    for scene_id in used:
        # scenes may read the formula module too (parameter counters): its changes re-render them
        key = animations.scene_key(scenes[scene_id], quality, [lecture.formulas.__file__] if lecture.formulas else [])
        folder = store.path(f"_animations/{scene_id}", key)
        if not folder.exists():
            todo.append((scenes[scene_id], folder, key))
        out[scene_id] = {"key": key, "webm": folder / f"{scene_id}.webm", "poster": folder / f"{scene_id}.jpg"}
    if todo and not animations.available():
        progress.echo(f"  note: Manim is not installed: {len(todo)} animation(s) show placeholders")
        return {i: v for i, v in out.items() if v["poster"].parent.exists()}
    if todo:
        progress.echo(f"  rendering {len(todo)} animation(s) at {quality} quality with Manim ...")

    def one(item):
        scene, folder, _ = item
        t = time.perf_counter()
        _write_dir(folder, lambda tmp: animations.render(scene, quality, tmp, root))
        return scene.id, t

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:   # each render is its own process
        for scene_id, t in pool.map(one, todo):
            progress.done(f"animation {scene_id} ({quality})", t)
    for scene_id in used:
        store.record(f"_animations/{scene_id}", out[scene_id]["key"])
    return out


def _render_quizzes(root, env, lecture, math):
    problems, pages = Problems(), {}
    for ch in lecture.chapters:
        items = quizzes.quiz_questions(lecture, ch)
        if not items:
            continue
        texts = quizzes.quiz_texts(items)
        math.prepare(texts, problems)
        problems.check()
        # every formula on the page is in these texts: their KaTeX HTML says which rules and fonts to inline
        css = katex_css.inline_css(root / "node_modules", math.rendered(texts))
        pages[f"{ch.number:02d}-{ch.slug}.html"] = quizzes.render_quiz(env, lecture, ch, items, css)
    return pages


def _render_exams(root, env, lecture, math, specs, store, inputs, paper_names, count, finish, progress):
    """Stale papers: draw versions. Their exports, and their PDFs' HTML, are made while earlier PDFs are written.

    Returns ([(label, fn writing the exports)], [generators of PdfJob], number of PDFs).
    """
    unknown = [p for p in paper_names or () if p not in specs]
    if unknown:
        raise LectureError([Problem("exams/papers", None, "", f"no paper '{p}'; the papers are: "
                                    f"{', '.join(sorted(specs)) or 'none'}") for p in unknown])
    secret = papers.exam_secret(root)
    secret_id = hashlib.sha256(secret.encode()).hexdigest()[:12]
    exports, jobs, total = [], [], 0
    for name in paper_names or sorted(specs):
        paper = specs[name]
        n = count or paper.versions
        key = inputs.key(inputs.engine, inputs.common, inputs.papers, inputs.exam, extra=f"{n}:{secret_id}")
        artefact = f"exams/{name}"
        if store.fresh(artefact, key):
            store.record(artefact, key)
            continue
        t = time.perf_counter()
        versions, complaints, spread = papers.make_versions(paper, lecture, secret, n)
        if complaints:
            raise LectureError([Problem(paper.file, None, "", c) for c in complaints])
        problems, texts = Problems(), generate.version_texts(versions)
        math.prepare(texts, problems)
        problems.check()
        tmp = store.path(artefact, key).with_name(store.path(artefact, key).name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        (tmp / "keys").mkdir(parents=True)
        # KaTeX's rules trimmed to what this paper's math uses, known before any page is rendered
        css = _print_css(root, math.rendered(texts), "templates/exam/exam.css")
        jobs.append(_paper_jobs(name, tmp, css, generate.pdf_jobs(env, lecture, paper, versions)))
        total += 2 * len(versions)
        exports.append((f"{name}: grading CSV, Moodle XML, QTI, GIFT",
                        lambda tmp=tmp, paper=paper, versions=versions: _write_files(
                            tmp, generate.text_exports(paper, versions, math, lecture.course))))
        finish.append((artefact, key, tmp))
        progress.done(f"draw {name}: {n} versions (difficulty spread {spread:.2f})", t)
    return exports, jobs, total


def _paper_jobs(name, tmp, css, pages):
    for rel, html in pages:
        yield PdfJob(f"exams/{name}/{rel}", html, css, tmp / rel)


def _print_css(root, htmls, sheet):
    """Stylesheets for a group of PDFs: the KaTeX rules that htmls use (not all 230), then sheet."""
    return [katex_css.print_css(root / "node_modules", htmls, root / ".cache"), str(root / sheet)]


def _write_dir(final, fill):
    """Fill a fresh temporary folder, then move it into place: a cache entry is whole or absent."""
    tmp = final.with_name(final.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    fill(tmp)
    shutil.rmtree(final, ignore_errors=True)
    tmp.rename(final)


def _write_files(folder, files):
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data) if isinstance(data, bytes) else path.write_text(data, encoding="utf-8")


def _write_deck(root, folder, html, plots, videos, live):
    slides.copy_assets(root / "node_modules", folder / "assets", html)
    if plots:
        (folder / "figures").mkdir()
        for fig_id, plot in plots.items():
            shutil.copyfile(plot["svg"], folder / "figures" / f"{fig_id}.svg")
    if live:
        (folder / "widgets").mkdir()
        shutil.copyfile(Path(__file__).parent / "js" / "widgets-boot.js", folder / "widgets" / "boot.js")
        for path in {w["script"].parent / name for w in live.values()
                     for name in (w["script"].name, "widgets.css", "widgets.js")}:
            if path.is_file():
                shutil.copyfile(path, folder / "widgets" / path.name)
    if videos:
        (folder / "media").mkdir()
        for scene_id, video in videos.items():
            for path in (video["webm"], video["poster"]):
                shutil.copyfile(path, folder / "media" / path.name)
    shutil.copyfile(root / "templates/slides/deck.css", folder / "assets/deck.css")
    shutil.copyfile(Path(__file__).parent / "js" / "quiz.js", folder / "assets/quiz.js")
    (folder / "index.html").write_text(html, encoding="utf-8")


def _publish(root, store, env, lecture, progress, what):
    """Assemble the site from the latest artefacts in a staging folder, then swap it in."""
    t = time.perf_counter()
    staging = root / f".site-staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    for name, artefact in store.latest().items():
        if name.startswith("_"):
            continue    # intermediate artefacts (plots) reach the site inside the deck and handouts
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if artefact.is_dir() else shutil.copyfile)(artefact, target)
    (staging / "index.html").write_text(site.render_index(env, lecture, staging), encoding="utf-8")
    site.publish(staging, root / "site")
    store.save()
    progress.done(what, t)


def _write_pdfs(root, jobs, count, meanwhile, progress):
    """The `count` PDFs that jobs yields, in worker processes (WeasyPrint); meanwhile's (label, fn) run here."""
    if not count and not meanwhile:
        return
    progress.echo(f"  writing {count} PDF(s) on {os.cpu_count()} cores ...")
    t0, done = time.perf_counter(), 0
    with ProcessPoolExecutor(max_workers=max(1, min(count, os.cpu_count() or 1))) as pool:
        # taking a job from an exam's generator renders its HTML: here, while the workers write earlier PDFs
        futures = {pool.submit(handouts.write_pdf, j.html, str(root), j.stylesheets, str(j.out)): j
                   for j in jobs}
        for label, fn in meanwhile:
            t = time.perf_counter()
            fn()
            progress.done(label, t)
        for future in as_completed(futures):
            pages = future.result()
            done += 1
            if count <= 24 or done % 10 == 0 or done == count:   # long exam runs: every tenth
                progress.done(f"[{done}/{count}] {futures[future].label} ({pages} pages)", t0)
