"""LoRA: a frozen W plus a trainable low-rank update B·A that merges back for free.

Counts come from content/formulas.py for one of GPT-3's 12,288 x 12,288 attention matrices.
"""
SCENE_ID = "lora-decomposition"
SCENE_CLASS = "LoraDecomposition"
DATA = []
CAPTION = ("LoRA keeps W frozen and learns ΔW = B·A, with B starting at zero; the rank r sets the "
           "trainable count r(d + k), and after training BA merges into W at zero inference cost.")

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from manim import (  # noqa: E402
    DOWN, LEFT, FadeIn, FadeOut, ReplacementTransform, Transform, VGroup,
)

from style import (  # noqa: E402
    BEAT, BODY, FROZEN, HOLD, LABEL, MUTED, RESULT, SMALL, TRAINABLE,
    Counter, LectureScene, fmt_int, fmt_pct, load_formulas, matrix_block, place, txt,
)

F = load_formulas()
D = K = F.GPT3_D_MODEL
RANKS = (1, 8, 64)
SIDE = 2.6                 # W is drawn SIDE x SIDE
CENTER_Y = 0.15


def thickness(r: float) -> float:
    """Drawn width of B (height of A) for rank r: logarithmic, enlarged to stay visible."""
    return 0.12 + 0.73 * math.log2(max(r, 1)) / 6


class LoraDecomposition(LectureScene):
    def construct(self):
        self.show_title("LoRA: learn the update as B · A",
                        f"one {fmt_int(D)} × {fmt_int(K)} attention matrix of GPT-3")
        self.show_frozen_weight()
        self.add_zero_initialised_update()
        for r in RANKS[1:]:
            self.grow_rank(r)
        self.merge_into_w()

    # --- steps ------------------------------------------------------------------
    def show_frozen_weight(self):
        self.w = matrix_block("W", SIDE, SIDE, FROZEN, rows="d", cols="k", name_size=48)
        place(self.w, [-5.0, CENTER_Y])
        frozen = txt("frozen", LABEL, FROZEN, bold=True).next_to(self.w.box, DOWN, buff=0.15)
        self.w_total = F.matrix_params(D, K)
        self.frozen_line = Counter("frozen   W:  d × k =", self.w_total, size=LABEL, color=FROZEN)
        self.frozen_line.place([-6.6, -2.6])
        self.play(FadeIn(self.w), run_time=BEAT)
        self.play(FadeIn(frozen), FadeIn(self.frozen_line), run_time=BEAT)
        self.frozen_tag = frozen
        self.wait(0.5)

    def factor_blocks(self, r: float, b_zero: bool = False):
        """B (d x r) and A (r x k) for rank r, placed right of W."""
        t = thickness(r)
        b = matrix_block("B", t, SIDE, TRAINABLE, fill_opacity=0.0 if b_zero else 0.3,
                         rows="d", cols="r")
        a = matrix_block("A", SIDE, t, TRAINABLE, fill_opacity=0.3, rows="r", cols="k")
        place(b, [-2.1, CENTER_Y])
        place(a, [0.45, CENTER_Y])
        # B's and A's own names sit under thin blocks: keep them off each other
        return b, a

    def add_zero_initialised_update(self):
        self.plus = txt("+", 56).move_to([-3.3, CENTER_Y, 0])
        self.dot = txt("·", 56).move_to([-1.42, CENTER_Y, 0])
        self.b, self.a = self.factor_blocks(RANKS[0], b_zero=True)
        b_zero = txt("B = 0", LABEL, TRAINABLE, bold=True).next_to(self.b.box, DOWN, buff=0.15)
        self.b.remove(self.b.name)
        self.b.name = b_zero
        self.b.add(b_zero)
        self.rank = Counter("rank r =", RANKS[0], fmt=lambda r: str(round(r)), size=BODY, color=TRAINABLE)
        self.rank.place([2.3, 1.25])
        self.trainable = Counter("trainable   B, A:  r(d + k) =", RANKS[0], size=LABEL, color=TRAINABLE,
                                 fmt=self.trainable_text)
        self.trainable.place([-6.6, -3.25])
        note = txt("B starts at zero, so\nBA = 0: training starts\nfrom the pretrained\nmodel exactly",
                   SMALL, MUTED, line_spacing=0.8).move_to([2.3, -0.4, 0], aligned_edge=LEFT)
        self.play(FadeIn(self.plus), FadeIn(self.b), FadeIn(self.dot), FadeIn(self.a), run_time=BEAT)
        self.play(FadeIn(self.rank), FadeIn(self.trainable), FadeIn(note), run_time=BEAT)
        self.wait(HOLD)
        self.scale_note = txt("(B and A drawn\nthicker than\nto scale)", SMALL, MUTED,
                              line_spacing=0.8).move_to([2.3, -0.4, 0], aligned_edge=LEFT)
        self.play(FadeOut(note), FadeIn(self.scale_note), run_time=0.7)

    def trainable_text(self, r: float) -> str:
        n = F.lora_params(D, K, round(r))
        return f"{fmt_int(n)}   ({fmt_pct(F.fraction(n, self.w_total))} of W)"

    def grow_rank(self, r: int):
        b, a = self.factor_blocks(r)
        self.play(Transform(self.b, b), Transform(self.a, a),
                  self.rank.to(r), self.trainable.to(r), run_time=2 * BEAT)
        self.wait(0.7 * BEAT)

    def merge_into_w(self):
        merged = matrix_block("W + BA", SIDE, SIDE, RESULT, fill_opacity=0.3, rows="d", cols="k",
                              name_size=40).move_to(self.w)
        self.play(FadeOut(self.plus), FadeOut(self.dot), FadeOut(self.scale_note),
                  self.b.animate.move_to(self.w.box).scale(0.5),
                  self.a.animate.move_to(self.w.box).scale(0.5), run_time=BEAT)
        same = txt("same shape", LABEL, RESULT, bold=True).next_to(merged.box, DOWN, buff=0.15)
        self.play(ReplacementTransform(VGroup(self.w, self.b, self.a), merged),
                  ReplacementTransform(self.frozen_tag, same), run_time=BEAT)
        message = txt("merged after training:\none matrix,\nzero inference cost", BODY, RESULT, bold=True,
                      line_spacing=0.8).move_to([-2.6, CENTER_Y, 0], aligned_edge=LEFT)
        self.play(FadeOut(self.rank), FadeIn(message, shift=0.2 * LEFT), run_time=BEAT)
        self.wait(2 * BEAT)
