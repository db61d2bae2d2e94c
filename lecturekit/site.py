"""The student page, and atomic publishing of site/: the old site stays until the new one is complete."""
import ctypes
import os
import shutil
from pathlib import Path

_RENAME_EXCHANGE = 2


def _exchange(a, b):
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD = -100
    return fn(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def publish(staging, site):
    """Replace `site` by the complete `staging` folder; readers never see a half-built site."""
    staging, site = Path(staging), Path(site)
    if site.exists():
        if not _exchange(staging, site):
            old = site.with_name(site.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            site.rename(old)
            staging.rename(site)
            staging = old
        shutil.rmtree(staging, ignore_errors=True)
    else:
        staging.rename(site)


def downloads(site_dir, lecture):
    """What the student page links to, with sizes, in reading order; missing files are left out."""
    site_dir = Path(site_dir)
    items = [("slides/index.html", "Slides (web, works offline)", "slides"),
             ("slides.pdf", "Slides (PDF, one page per slide)", "slides"),
             ("handouts/lecture.pdf", "Lecture notes: the whole lecture (PDF)", "handout")]
    items += [(f"handouts/{ch.number:02d}-{ch.slug}.pdf", f"Chapter {ch.number}: {ch.title}", "chapter")
              for ch in lecture.chapters]
    items += [(f"quizzes/{ch.number:02d}-{ch.slug}.html", f"Practice quiz, chapter {ch.number}: {ch.title}", "quiz")
              for ch in lecture.chapters]
    out = []
    for path, label, group in items:
        f = site_dir / path
        if f.exists():
            size = sum(p.stat().st_size for p in f.parent.rglob("*") if p.is_file()) if path.endswith("index.html") else f.stat().st_size
            out.append({"href": path, "label": label, "group": group, "size": size})
    return out


def render_index(env, lecture, site_dir):
    return env.get_template("site/index.html.j2").render(lecture=lecture, files=downloads(site_dir, lecture))
