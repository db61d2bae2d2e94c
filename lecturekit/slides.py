"""Model -> reveal.js deck: one vertical stack per chapter, one slide per section (or more)."""
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import katex_css, render

# Files copied from node_modules into site/slides/assets: the deck runs with no network.
REVEAL_ASSETS = {
    "reveal.js/dist/reveal.css": "reveal.css",
    "reveal.js/dist/reveal.js": "reveal.js",
    "reveal.js/dist/theme/white.css": "theme-white.css",
    "reveal.js/dist/plugin/notes.js": "notes.js",
}


@dataclass
class Slide:
    section: object
    blocks: list
    part: int                      # 0 for the first slide of a section, 1.. for continuations
    notes: list = field(default_factory=list)        # Text
    corrections: list = field(default_factory=list)


def section_slides(section):
    """Split a section's deck blocks at `new_slide: true`; notes travel with their blocks."""
    if not section.slide:
        return []
    slides = [Slide(section, [], 0, [section.notes] if section.notes else [], list(section.corrections))]
    for block in (b for b in section.blocks if b.on_slides):
        if block.new_slide and slides[-1].blocks:
            slides.append(Slide(section, [], len(slides)))
        slides[-1].blocks.append(block)
        if block.notes:
            slides[-1].notes.append(block.notes)
    return slides


def deck_outline(lecture):
    """[(chapter, [Slide, ...]), ...]: what the deck template walks."""
    return [(ch, [s for sec in ch.sections for s in section_slides(sec)]) for ch in lecture.chapters]


def total_slides(lecture):
    """Title slide + per chapter its title slide and section slides (what Reveal.getTotalSlides() says)."""
    return 1 + sum(1 + len(slides) for _, slides in deck_outline(lecture))


def copy_assets(node_modules, dest, html):
    """reveal.js, the code colours, and KaTeX's rules and fonts that the deck's html uses."""
    dest = Path(dest)
    for src, name in REVEAL_ASSETS.items():
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(node_modules) / src, target)
    (dest / "code.css").write_text(render.deck_code_css())
    css, fonts = katex_css.web_css(node_modules, [html])
    (dest / "katex" / "fonts").mkdir(parents=True)
    (dest / "katex" / "katex.css").write_text(css)
    for name in fonts:
        shutil.copyfile(katex_css.katex_dist(node_modules) / "fonts" / name, dest / "katex" / "fonts" / name)


def render_deck(env, lecture, questions_by_id):
    return env.get_template("slides/deck.html.j2").render(
        lecture=lecture, outline=deck_outline(lecture), questions=questions_by_id)
