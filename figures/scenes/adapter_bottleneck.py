"""Adapters: two bottleneck modules in a frozen transformer block, one expanded.

Counts come from content/formulas.py for BERT-large (d = 1,024, 24 layers, two adapters per layer).
"""
SCENE_ID = "adapter-bottleneck"
SCENE_CLASS = "AdapterBottleneck"
DATA = []
CAPTION = ("A Houlsby adapter projects the hidden state down from d to a bottleneck m, applies a "
           "nonlinearity, projects back up and adds the input; only the adapters train, 2dm "
           "parameters each.")

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from manim import (  # noqa: E402
    DOWN, LEFT, RIGHT, UP, Arrow, Circle, Create, DashedLine, FadeIn, GrowFromPoint,
    Line, Polygon, Rectangle, SurroundingRectangle, Transform, VGroup,
)

from style import (  # noqa: E402
    BEAT, BODY, FOCUS, FROZEN, HOLD, INK, LABEL, MUTED, SKY, SMALL, TRAINABLE,
    Counter, LectureScene, block_box, legend_item, fmt_int, fmt_pct, load_formulas, txt,
)

F = load_formulas()
D = F.BERT_LARGE_D_MODEL
LAYERS = F.BERT_LARGE_LAYERS
BOTTLENECKS = (8, 64, 256)

ROW_Y = 1.85                # the transformer block, drawn as a row (data flows left to right)
DIAGRAM_Y = -0.95           # centre line of the expanded adapter
D_HEIGHT = 2.2              # drawn height of a d-sized vector
FRAME = (-6.9, 1.4, -2.6, 1.0)   # left, right, bottom, top of the expanded view


def height(m: float) -> float:
    """Drawn height of an m-sized vector: square-root scale so m = 8 stays visible."""
    return D_HEIGHT * math.sqrt(m / D)


# x positions of the expanded adapter's parts
X_IN, X_DOWN0, X_DOWN1, X_MID, X_UP0, X_UP1, X_OUT, X_ADD = -6.1, -5.75, -3.85, -3.5, -3.15, -1.25, -0.9, 0.2
BAR_W = 0.32


class AdapterBottleneck(LectureScene):
    def construct(self):
        self.show_title("Adapters: a bottleneck in a frozen block",
                        f"Houlsby et al. 2019 · BERT-large: d = {fmt_int(D)}, {LAYERS} layers")
        self.show_transformer_block()
        self.expand_adapter(BOTTLENECKS[0])
        self.show_residual_path()
        for m in BOTTLENECKS[1:]:
            self.change_bottleneck(m)
        self.wait(HOLD)

    # --- steps ------------------------------------------------------------------
    def show_transformer_block(self):
        parts = [("Attention", FROZEN), ("Adapter", TRAINABLE), ("Add &\nNorm", FROZEN),
                 ("Feed-\nforward", FROZEN), ("Adapter", TRAINABLE), ("Add &\nNorm", FROZEN)]
        boxes = VGroup()
        for name, color in parts:
            label = txt(name, SMALL, line_spacing=0.7)
            boxes.add(block_box(name, label.width + 0.4, 0.95, color, size=SMALL))
        boxes.arrange(RIGHT, buff=0.3).move_to([0, ROW_Y, 0])
        arrows = VGroup(*[Arrow(a.get_right(), b.get_left(), buff=0.03, color=INK, stroke_width=3,
                                max_tip_length_to_length_ratio=0.5, tip_length=0.12)
                          for a, b in zip(boxes[:-1], boxes[1:])])
        legend = VGroup(legend_item("frozen", FROZEN), legend_item("trained", TRAINABLE))
        legend.arrange(RIGHT, buff=0.5).next_to(boxes, DOWN, buff=0.25).to_edge(RIGHT, buff=0.4)
        self.play(FadeIn(boxes, lag_ratio=0.15), FadeIn(arrows), FadeIn(legend), run_time=1.5 * BEAT)
        self.block, self.legend = boxes, legend

    def bottleneck_shapes(self, m: float) -> VGroup:
        """The expanded adapter for bottleneck m: vectors (bars) and the two projections (trapezoids)."""
        h, y = height(m), DIAGRAM_Y
        bar = lambda x, hh, color: Rectangle(width=BAR_W, height=hh, color=color, fill_color=color,  # noqa: E731
                                            fill_opacity=0.45, stroke_width=2).move_to([x, y, 0])
        trapezoid = lambda x0, h0, x1, h1: Polygon(  # noqa: E731
            [x0, y - h0 / 2, 0], [x1, y - h1 / 2, 0], [x1, y + h1 / 2, 0], [x0, y + h0 / 2, 0],
            color=TRAINABLE, fill_color=TRAINABLE, fill_opacity=0.3, stroke_width=3)
        return VGroup(bar(X_IN, D_HEIGHT, SKY), trapezoid(X_DOWN0, D_HEIGHT, X_DOWN1, h),
                      bar(X_MID, h, FOCUS), trapezoid(X_UP0, h, X_UP1, D_HEIGHT), bar(X_OUT, D_HEIGHT, SKY))

    def expand_adapter(self, m: int):
        target = self.block[1]
        focus = SurroundingRectangle(target, color=FOCUS, buff=0.06, stroke_width=5)
        self.play(Create(focus), run_time=0.7 * BEAT)
        left, right, bottom, top = FRAME
        frame = Rectangle(width=right - left, height=top - bottom, color=FOCUS, stroke_width=2)
        frame.move_to([(left + right) / 2, (top + bottom) / 2, 0])
        zoom = VGroup(DashedLine(focus.get_corner(DOWN + LEFT), frame.get_corner(UP + LEFT), color=FOCUS,
                                 stroke_width=2),
                      DashedLine(focus.get_corner(DOWN + RIGHT), frame.get_corner(UP + RIGHT), color=FOCUS,
                                 stroke_width=2))
        self.shapes = self.bottleneck_shapes(m)
        labels = VGroup(
            txt("d", SMALL, MUTED).next_to(self.shapes[0], DOWN, buff=0.1),
            txt("down", SMALL, INK).move_to([(X_DOWN0 + X_DOWN1) / 2 - 0.2, DIAGRAM_Y, 0]),
            txt("up", SMALL, INK).move_to([(X_UP0 + X_UP1) / 2 + 0.2, DIAGRAM_Y, 0]),
            txt("d", SMALL, MUTED).next_to(self.shapes[4], DOWN, buff=0.1),
            txt("nonlinearity", SMALL, INK).move_to([X_MID, DIAGRAM_Y - D_HEIGHT / 2 - 0.25, 0]),
            txt("√ scale", SMALL, MUTED).move_to([0.6, DIAGRAM_Y - D_HEIGHT / 2 - 0.25, 0]),
        )
        self.m_label = txt("m", SMALL, FOCUS, bold=True)
        self.place_mid_labels(self.shapes)
        self.play(FadeIn(zoom), Create(frame), GrowFromPoint(self.shapes, target.get_bottom()), run_time=1.5 * BEAT)
        self.m_counter = Counter("bottleneck m =", m, fmt=lambda v: str(round(v)), size=BODY, color=FOCUS)
        self.m_counter.place([2.0, 0.2])
        self.one = Counter("one adapter  2·d·m =", m, fmt=lambda v: fmt_int(F.adapter_params(D, round(v))),
                           size=LABEL, color=TRAINABLE)
        self.one.place([-6.6, -3.05])
        self.model = Counter(f"all {2 * LAYERS} adapters =", m, fmt=self.model_text, size=LABEL, color=TRAINABLE)
        self.model.place([-6.6, -3.6])
        self.play(FadeIn(labels), FadeIn(self.m_label), FadeIn(self.m_counter), FadeIn(self.one),
                  FadeIn(self.model), run_time=BEAT)
        self.wait(HOLD)

    def place_mid_labels(self, shapes, label=None):
        (label or self.m_label).next_to(shapes[2], UP, buff=0.1)

    def model_text(self, m: float) -> str:
        n = F.adapter_model_params(D, round(m), LAYERS)
        return f"{fmt_int(n)}   ({fmt_pct(F.fraction(n, F.BERT_LARGE_PARAMS))} of BERT-large)"

    def show_residual_path(self):
        y_high = DIAGRAM_Y + D_HEIGHT / 2 + 0.35
        add = Circle(radius=0.22, color=INK, stroke_width=3).move_to([X_ADD, DIAGRAM_Y, 0])
        plus = txt("+", LABEL).move_to(add)
        into_add = Arrow([X_OUT + BAR_W / 2, DIAGRAM_Y, 0], add.get_left(), buff=0.02, color=INK,
                         stroke_width=3, tip_length=0.15)
        residual = VGroup(
            Line([X_IN, DIAGRAM_Y + D_HEIGHT / 2, 0], [X_IN, y_high, 0], color=INK, stroke_width=3),
            Line([X_IN, y_high, 0], [X_ADD, y_high, 0], color=INK, stroke_width=3),
            Arrow([X_ADD, y_high, 0], add.get_top(), buff=0.0, color=INK, stroke_width=3, tip_length=0.15),
        )
        out = Arrow(add.get_right(), add.get_right() + 0.8 * RIGHT, buff=0.02, color=INK, stroke_width=3,
                    tip_length=0.15)
        skip = txt("residual: the input skips the bottleneck", SMALL, MUTED).next_to(residual[1], UP, buff=0.08)
        skip.set_x((X_IN + X_ADD) / 2)
        self.play(Create(into_add), FadeIn(add), FadeIn(plus), run_time=0.6 * BEAT)
        self.play(Create(residual), FadeIn(skip), Create(out), run_time=1.2 * BEAT)
        note = txt("up starts at zero,\nso at first the adapter\nadds nothing: training\n"
                   "starts from the\npretrained model", SMALL, MUTED, line_spacing=0.8)
        note.move_to([2.0, -1.6, 0], aligned_edge=LEFT)
        self.play(FadeIn(note), run_time=BEAT)
        self.wait(BEAT)

    def change_bottleneck(self, m: int):
        shapes = self.bottleneck_shapes(m)
        m_label = self.m_label.copy()
        self.place_mid_labels(shapes, m_label)
        self.play(Transform(self.shapes, shapes), Transform(self.m_label, m_label),
                  self.m_counter.to(m), self.one.to(m), self.model.to(m), run_time=2 * BEAT)
        self.wait(0.8 * BEAT)
