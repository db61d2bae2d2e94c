"""gather + validate -> render -> write: the build a lecturer runs.

Nothing is written to site/ until every part has rendered; the new site then
replaces the old one in one step. Unchanged outputs are reused from the cache.
"""
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from . import browser, content, handouts, render, site, slides
from .cache import Inputs, Store
from .errors import Problems
from .markup import MathRenderer

PARTS = ("slides", "handouts")


class Progress:
    """One line per finished step, with its time; a header for work that takes longer."""

    def __init__(self, echo=print):
        self.echo = echo
        self.start = time.perf_counter()
        self.times = {}

    def done(self, what, since):
        self.times[what] = time.perf_counter() - since
        self.echo(f"  {what:<52} {self.times[what]:6.2f} s")


def load(root, cache_dir):
    """Load, validate and pre-render math. Raises LectureError with every problem at once."""
    problems = Problems()
    lecture = content.gather(root, problems)
    math = MathRenderer(root, cache_dir / "katex.json")
    math.prepare(lecture.texts(), problems)
    problems.check()
    return lecture, math


def build(root, parts=PARTS, clean=False, echo=print):
    """Build the requested parts and publish site/. Returns the Progress (step times), or None if up to date."""
    root = Path(root)
    cache_dir, site_dir = root / ".cache", root / "site"
    inputs = Inputs(root)
    build_key = inputs.key(inputs.everything(), extra=",".join(sorted(parts)) + str(browser.available()))
    stamp = cache_dir / "last-build"
    if clean:
        shutil.rmtree(cache_dir, ignore_errors=True)
    elif site_dir.is_dir() and stamp.is_file() and stamp.read_text() == build_key:
        echo("Nothing changed: site/ is up to date.")
        return None

    progress = Progress(echo)
    t = time.perf_counter()
    lecture, math = load(root, cache_dir)
    progress.done(f"load + validate ({len(lecture.chapters)} chapters)", t)
    env = render.environment(root / "templates", math)
    store = Store(cache_dir)
    node_modules = root / "node_modules"

    # Render every stale output in memory first ...
    deck_key = inputs.key(inputs.engine, inputs.common, inputs.chapters, inputs.slides)
    deck_html = None
    if "slides" in parts and not store.fresh("slides", deck_key):
        t = time.perf_counter()
        deck_html = slides.render_deck(env, lecture, lecture.questions)
        progress.done(f"render deck ({slides.total_slides(lecture)} slides)", t)
    pdf_jobs = {}
    if "handouts" in parts:
        t = time.perf_counter()
        key = inputs.key(inputs.engine, inputs.common, inputs.chapters, inputs.handout)
        if not store.fresh("handouts/lecture.pdf", key):
            pdf_jobs[("handouts/lecture.pdf", key)] = handouts.handout_html(env, lecture, lecture.chapters, lecture.title)
        for ch, path in zip(lecture.chapters, inputs.chapters):
            name = f"handouts/{path.name.removesuffix('.yaml')}.pdf"
            key = inputs.key(inputs.engine, inputs.common, [path], inputs.handout)
            if not store.fresh(name, key):
                pdf_jobs[(name, key)] = handouts.handout_html(env, lecture, [ch], f"{lecture.title}, chapter {ch.number}: {ch.title}")
        if pdf_jobs:
            progress.done(f"render handout HTML ({len(pdf_jobs)} documents)", t)

    # ... then write artefacts into the cache ...
    store.dir.mkdir(parents=True, exist_ok=True)
    if deck_html is not None:
        t = time.perf_counter()
        deck_dir = store.path("slides", deck_key)
        tmp = deck_dir.with_name(deck_dir.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        slides.copy_assets(node_modules, tmp / "assets")
        shutil.copyfile(root / "templates/slides/deck.css", tmp / "assets/deck.css")
        (tmp / "index.html").write_text(deck_html, encoding="utf-8")
        tmp.rename(deck_dir)
        progress.done("write deck + assets", t)
    if "slides" in parts:
        store.record("slides", deck_key)
        if deck_html is not None and pdf_jobs:
            # The deck is what a lecturer editing in `serve` looks at: show it before the PDFs.
            _publish(root, store, env, lecture, progress, "publish deck (PDFs follow)")
    _write_pdfs(root, store, pdf_jobs, deck_key if "slides" in parts else None, progress)

    # ... and last, publish the whole site in one step.
    _publish(root, store, env, lecture, progress, "publish site/")
    stamp.write_text(build_key)
    echo(f"Built site/ in {time.perf_counter() - progress.start:.2f} s: open site/index.html")
    return progress


def _publish(root, store, env, lecture, progress, what):
    """Assemble the site from the latest artefacts in a staging folder, then swap it in."""
    t = time.perf_counter()
    staging = root / f".site-staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    for name, artefact in store.latest().items():
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if artefact.is_dir() else shutil.copyfile)(artefact, target)
    (staging / "index.html").write_text(site.render_index(env, lecture, staging), encoding="utf-8")
    site.publish(staging, root / "site")
    store.save()
    progress.done(what, t)


def _write_pdfs(root, store, jobs, deck_key, progress):
    """Handout PDFs in worker processes, the slides PDF in Chromium meanwhile."""
    slides_pdf = deck_key is not None and not store.fresh("slides.pdf", deck_key) and browser.available()
    if not jobs and not slides_pdf:
        if deck_key is not None and store.fresh("slides.pdf", deck_key):
            store.record("slides.pdf", deck_key)
        return
    stylesheets = [str(root / "node_modules/katex/dist/katex.min.css"), str(root / "templates/handout/handout.css")]
    total = len(jobs) + slides_pdf
    progress.echo(f"  writing {total} PDF(s) on {os.cpu_count()} cores ...")
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1) or 1) as pool:
        futures = {pool.submit(handouts.write_pdf, html, str(root), stylesheets, str(store.path(name, key))): (name, key)
                   for (name, key), html in jobs.items()}
        if slides_pdf:
            browser.print_slides_pdf(store.path("slides", deck_key) / "index.html", store.path("slides.pdf", deck_key))
            store.record("slides.pdf", deck_key)
            progress.done(f"[1/{total}] slides.pdf (Chromium)", t0)
        for n, future in enumerate(as_completed(futures), 1 + slides_pdf):
            name, key = futures[future]
            pages = future.result()
            store.record(name, key)
            progress.done(f"[{n}/{total}] {name} ({pages} pages)", t0)
    if deck_key is not None and not slides_pdf and not browser.available():
        progress.echo("  (slides.pdf skipped: Chromium or Playwright is not installed)")
