"""House style of the lecture's Manim scenes: palette, fonts, sizes and small helpers.

Every scene module in this folder imports it (`from style import ...`; Manim puts the
scene's folder on sys.path, and each scene module does the same so a plain import works
too). The look matches the white slide theme: white background, black text, the
Okabe-Ito colour-blind-safe palette. Text goes through Pango (`Text`) only: no LaTeX.

Roles used by every scene:
  frozen weights      BLUE          trainable weights   VERMILLION
  result / merged     GREEN         highlight / focus   ORANGE
  attention           PURPLE        light fills         SKY
"""
from __future__ import annotations

import importlib.util
import json
import logging
import math
import os
import random
from pathlib import Path

import numpy as np
from manim import (
    BOLD, DOWN, DR, LEFT, NORMAL, RIGHT, UP,
    FadeIn, Line, Rectangle, RoundedRectangle, Scene, SurroundingRectangle, Text, UpdateFromAlphaFunc,
    VectorizedPoint, VGroup,
)

ROOT = Path(__file__).resolve().parents[2]  # the repository root (figures/scenes/style.py)

# Files every scene depends on besides its own module: a render cache should hash them too.
SHARED_CODE = ["figures/scenes/style.py", "content/formulas.py"]

# --- Palette (Okabe & Ito 2008) --------------------------------------------------
BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
ORANGE = "#E69F00"
SKY = "#56B4E9"
PURPLE = "#CC79A7"
INK = "#000000"
BG = "#FFFFFF"
MUTED = "#595959"   # secondary text: 7:1 contrast on white
FAINT = "#D9D9D9"   # outlines of empty / removed things

FROZEN, TRAINABLE, RESULT, FOCUS, ATTENTION = BLUE, VERMILLION, GREEN, ORANGE, PURPLE

# --- Type ------------------------------------------------------------------------
FONT = "DejaVu Sans"        # fonts-dejavu-core: present wherever the build runs
MONO = "DejaVu Sans Mono"
# Sizes in Manim font units, chosen to stay readable at 854x480 (the -ql render):
# 28 is the smallest size any scene uses.
TITLE, BODY, LABEL, SMALL = 42, 34, 30, 28

# Calm pacing for a lecture hall (seconds).
BEAT = 1.0       # one ordinary animation
HOLD = 1.5       # a pause to let the room read


def txt(s: str, size: float = BODY, color: str = INK, bold: bool = False, mono: bool = False, **kw) -> Text:
    """A Pango text in the house font, black on white by default."""
    return Text(s, font=MONO if mono else FONT, font_size=size, color=color,
                weight=BOLD if bold else NORMAL, **kw)


def fmt_int(n: float) -> str:
    """12,345,678 (thin spacing is not in every font: use commas)."""
    return f"{round(n):,}"


def fmt_pct(x: float) -> str:
    """A fraction as a percentage with two significant digits below 1%: 0.0013 -> '0.13%'."""
    p = 100 * x
    if p >= 10:
        return f"{p:.0f}%"
    if p >= 1:
        return f"{p:.1f}%"
    digits = 1
    while p < 10 ** (-digits + 1) and digits < 8:
        digits += 1
    return f"{p:.{digits}f}%"


def superscript(n: int) -> str:
    """10 to a power with Unicode superscripts (no LaTeX): superscript(-3) -> '10⁻³'."""
    table = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
    return "10" + str(n).translate(table)


# --- The lecture's formula module and results -------------------------------------
def load_formulas():
    """content/formulas.py, imported by path (the engine names it; scenes never retype a count)."""
    path = ROOT / "content" / "formulas.py"
    spec = importlib.util.spec_from_file_location("lecture_formulas", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_results(rel: str):
    """The parsed JSON of a results file (path relative to the repo root), or None if absent/unreadable.

    A scene that gets None shows a clearly labelled illustration and no measured numbers.
    SCENES_RESULTS_DIR (tests only) reads the same file name from another folder.
    """
    override = os.environ.get("SCENES_RESULTS_DIR")
    path = Path(override) / Path(rel).name if override else ROOT / rel
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        logging.getLogger("scenes").warning("cannot read %s (%s): showing the illustration", rel, exc)
        return None


def find_dict(obj, *keys):
    """The first dict (breadth-first) inside obj that has all the keys, or None.

    Results files wrap their numbers with provenance; this finds the numbers wherever the
    wrapper put them.
    """
    queue = [obj]
    while queue:
        item = queue.pop(0)
        if isinstance(item, dict):
            if all(k in item for k in keys):
                return item
            queue.extend(item.values())
        elif isinstance(item, list):
            queue.extend(x for x in item if isinstance(x, (dict, list)))
    return None


def seeded(seed: int) -> random.Random:
    return random.Random(seed)


# --- Scene base ---------------------------------------------------------------
class LectureScene(Scene):
    """White background, a title helper and a corner tag saying where the numbers come from."""

    def setup(self):
        self.camera.background_color = BG

    def show_title(self, title: str, subtitle: str | None = None):
        head = txt(title, TITLE, bold=True).to_edge(UP, buff=0.35).to_edge(LEFT, buff=0.5)
        group = VGroup(head)
        if subtitle:
            sub = txt(subtitle, SMALL, MUTED).next_to(head, DOWN, buff=0.15, aligned_edge=LEFT)
            group.add(sub)
        self.play(FadeIn(group, shift=0.2 * DOWN), run_time=BEAT)
        self.title_group = group
        return group

    def source_tag(self, text: str, illustration: bool = False, corner=DR):
        """Bottom-right tag: the results file the numbers come from, or ILLUSTRATION in orange."""
        tag = txt(text, SMALL, VERMILLION if illustration else MUTED)
        if illustration:
            tag = VGroup(tag, SurroundingRectangle(tag, color=VERMILLION, buff=0.1, corner_radius=0.08))
        tag.to_corner(corner, buff=0.25)
        self.add(tag)
        return tag


# --- Building blocks -----------------------------------------------------------
def matrix_block(name: str, width: float, height: float, color: str, fill_opacity: float = 0.25,
                 name_size: float = BODY, rows: str | None = None, cols: str | None = None,
                 dim_size: float = SMALL) -> VGroup:
    """A labelled matrix: a filled rectangle, its name inside, optional row/column sizes outside.

    The group's parts are reachable as .box, .name, .rows, .cols (None when not given).
    """
    box = Rectangle(width=width, height=height, color=color, fill_color=color,
                    fill_opacity=fill_opacity, stroke_width=3)
    label = txt(name, name_size, INK, bold=True).move_to(box)
    if label.width > 0.9 * width or label.height > 0.9 * height:
        # too thin to hold its name: put the name next to the block instead
        label.next_to(box, DOWN, buff=0.15)
    group = VGroup(box, label)
    group.box, group.name, group.rows, group.cols = box, label, None, None
    if rows:
        group.rows = txt(rows, dim_size, MUTED).next_to(box, LEFT, buff=0.15)
        group.add(group.rows)
    if cols:
        group.cols = txt(cols, dim_size, MUTED).next_to(box, UP, buff=0.12)
        group.add(group.cols)
    return group


def place(block: VGroup, point) -> VGroup:
    """Move a matrix_block so that its rectangle (not its labels) is centred on point."""
    return block.shift([point[0], point[1], 0] - block.box.get_center())


def block_box(label: str, width: float, height: float, color: str, size: float = LABEL,
              fill_opacity: float = 0.18) -> VGroup:
    """A rounded box with a centred label (a layer of a network, a step of a pipeline)."""
    box = RoundedRectangle(width=width, height=height, corner_radius=0.12, color=color,
                           fill_color=color, fill_opacity=fill_opacity, stroke_width=3)
    text = txt(label, size).move_to(box)
    if text.width > width - 0.2:
        text.scale_to_fit_width(width - 0.2)
    group = VGroup(box, text)
    group.box, group.label = box, text
    return group


def legend_item(label: str, color: str, size: float = SMALL) -> VGroup:
    """A filled swatch and a word in the same colour."""
    swatch = Rectangle(width=0.3, height=0.3, color=color, fill_color=color, fill_opacity=0.35, stroke_width=2)
    return VGroup(swatch, txt(label, size, color)).arrange(RIGHT, buff=0.12)


class _Shared:
    """State that copies of a mobject share rather than duplicate (Manim deep-copies mobjects)."""

    def __deepcopy__(self, memo):
        return self


class Counter(VGroup):
    """A readout on one line: a fixed caption and a number that rolls to new values.

    `counter.to(value)` gives the animation that rolls the number to value (the text is
    rebuilt only while that animation plays, so waits stay cheap to render). The line is one
    Pango text, so caption and number share a baseline; it is left-aligned on an invisible
    anchor that moves with the group. fmt turns the value into the number's text.
    """

    def __init__(self, caption: str, value: float, fmt=fmt_int, size: float = BODY,
                 color: str = INK, caption_color: str = MUTED, **kw):
        super().__init__(**kw)
        self.value, self.size = value, size
        self.color, self.caption_color, self.head = color, caption_color, caption + " "
        self.shared = _Shared()          # fmt may be a scene's bound method: never deep-copy it
        self.shared.fmt, self.shared.cache = fmt, {}
        self.anchor = VectorizedPoint()
        self.line = self._line(value)
        self.add(self.anchor, self.line)

    def _line(self, value: float) -> Text:
        number, cache = self.shared.fmt(value), self.shared.cache
        if number not in cache:
            a, b = len(self.head), len(self.head) + len(number)
            cache[number] = Text(self.head + number, font=FONT, font_size=self.size, color=self.caption_color,
                                       t2c={f"[{a}:{b}]": self.color}, t2w={f"[{a}:{b}]": BOLD})
        return cache[number].copy().move_to(self.anchor.get_center(), aligned_edge=LEFT)

    def place(self, point) -> "Counter":
        """Put the line's left end at point."""
        self.anchor.move_to([point[0], point[1], 0])
        self.line.move_to(self.anchor.get_center(), aligned_edge=LEFT)
        return self

    def to(self, value: float, steps: int = 10, **kw):
        """Roll to value through `steps` intermediate values (each distinct text is built once)."""
        start, self.value = self.value, value
        shown = [self.shared.fmt(start)]

        def roll(mob, alpha):
            v = start + (value - start) * round(alpha * steps) / steps
            if self.shared.fmt(v) != shown[0]:
                shown[0] = self.shared.fmt(v)
                mob.become(self._line(v))

        return UpdateFromAlphaFunc(self.line, roll, **kw)


class Chart(VGroup):
    """Plain axes drawn with Pango labels (Manim's Axes number labels need LaTeX).

    origin is the lower-left corner in scene units; x and y are (low, high) data ranges;
    log_x maps x through log10. `chart.point(x, y)` gives the scene point of a data point.
    x_ticks / y_ticks are lists of (value, label text).
    """

    def __init__(self, origin, width, height, x, y, x_ticks=(), y_ticks=(), x_title="", y_title="",
                 log_x=False, size=SMALL, **kw):
        super().__init__(**kw)
        self.origin = np.array([origin[0], origin[1], 0.0])
        self.w, self.h, self.x, self.y, self.log_x = width, height, x, y, log_x
        o = self.origin
        self.axes = VGroup(Line(o, o + [width, 0, 0], color=INK, stroke_width=2.5),
                           Line(o, o + [0, height, 0], color=INK, stroke_width=2.5))
        self.add(self.axes)
        self.x_labels, self.y_labels = VGroup(), VGroup()   # ticks, tick labels and titles of each axis
        for value, label in x_ticks:
            p = self.point(value, y[0])
            self.x_labels.add(Line(p, p + [0, -0.1, 0], color=INK, stroke_width=2))
            self.x_labels.add(txt(label, size, MUTED).next_to(p, DOWN, buff=0.15))
        for value, label in y_ticks:
            p = self.point(x[0], value)
            self.y_labels.add(Line(p, p + [-0.1, 0, 0], color=INK, stroke_width=2))
            self.y_labels.add(txt(label, size, MUTED).next_to(p, LEFT, buff=0.15))
        if x_title:
            self.x_labels.add(txt(x_title, size, MUTED).next_to(self.axes[0], DOWN, buff=0.6))
        if y_title:
            self.y_labels.add(txt(y_title, size, MUTED).next_to(self.axes[1], UP, buff=0.15).align_to(o, LEFT))
        self.labels = VGroup(self.x_labels, self.y_labels)
        self.add(self.labels)

    def _fx(self, v):
        lo, hi = self.x
        if self.log_x:
            v, lo, hi = math.log10(v), math.log10(lo), math.log10(hi)
        return (v - lo) / (hi - lo)

    def point(self, x, y):
        lo, hi = self.y
        return self.origin + [self._fx(x) * self.w, (y - lo) / (hi - lo) * self.h, 0]
