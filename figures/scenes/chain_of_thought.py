"""Chain-of-thought: a direct answer vs reasoning steps that each become context for the next.

The problem and the worked chain are Wei et al. (2022)'s tennis-ball exemplar: 5 + 2 × 3 = 11.
"""
SCENE_ID = "chain-of-thought"
SCENE_CLASS = "ChainOfThought"
DATA = []
CAPTION = ("A direct answer must do all the arithmetic in one prediction; with chain-of-thought each "
           "generated step joins the context that the next step is predicted from.")

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from manim import (  # noqa: E402
    DL, DOWN, LEFT, RIGHT, UP, Arrow, Brace, CurvedArrow, FadeIn, FadeOut, RoundedRectangle, Transform,
    VGroup,
)

from style import (  # noqa: E402
    ATTENTION, BEAT, HOLD, INK, LABEL, MUTED, RESULT, SMALL, TRAINABLE,
    LectureScene, txt,
)

QUESTION = ("Q: Roger has 5 tennis balls. He buys 2 more cans of tennis\n"
            "balls. Each can has 3 tennis balls. How many tennis balls\n"
            "does he have now?")
STEPS = ["Roger started with 5 balls.",
         "2 cans of 3 tennis balls each is 6 balls.",
         "5 + 6 = 11.",
         "The answer is 11."]

HEAD_X = -6.7          # left edge of the two row headings
CHAIN_X = -3.1         # left edge of the chips
DIRECT_Y = 0.92
CHAIN_HEAD_Y = 0.2
LINE_Y0, LINE_DY = -0.4, 0.6


def chip(label: str, color: str, size: float = SMALL) -> VGroup:
    """A token span in a rounded box."""
    text = txt(label, size)
    box = RoundedRectangle(width=text.width + 0.3, height=text.height + 0.24, corner_radius=0.1,
                           color=color, fill_color=color, fill_opacity=0.15, stroke_width=2.5)
    return VGroup(box.move_to(text), text)


class ChainOfThought(LectureScene):
    def construct(self):
        self.show_title("Chain-of-thought: steps become context")
        self.source_tag("example: Wei et al. 2022", corner=DL)
        self.show_question()
        self.answer_directly()
        self.start_chain()
        for i in range(len(STEPS)):
            self.generate_step(i)
        self.conclude()

    # --- steps ------------------------------------------------------------------
    def show_question(self):
        q = txt(QUESTION, SMALL, INK, line_spacing=0.8)
        box = RoundedRectangle(width=q.width + 0.4, height=q.height + 0.3, corner_radius=0.12, color=INK,
                               stroke_width=2)
        self.question = VGroup(box.move_to(q), q).to_edge(LEFT, buff=0.45)
        self.question.shift((2.95 - self.question.get_top()[1]) * UP)
        self.play(FadeIn(self.question), run_time=BEAT)
        self.wait(HOLD)

    def answer_directly(self):
        head = txt("Direct:", LABEL, bold=True).move_to([HEAD_X, DIRECT_Y, 0], aligned_edge=LEFT)
        q = chip("Q", INK).move_to([CHAIN_X, DIRECT_Y, 0], aligned_edge=LEFT)
        answer = chip("The answer is 11.", RESULT).next_to(q, RIGHT, buff=1.0)
        arrow = Arrow(q.get_right(), answer.get_left(), buff=0.08, color=INK, stroke_width=3, tip_length=0.15)
        note = txt("in one prediction", SMALL, MUTED)
        note.next_to(answer, RIGHT, buff=0.35)
        self.play(FadeIn(head), FadeIn(q), run_time=0.7 * BEAT)
        self.play(FadeIn(arrow), FadeIn(answer, shift=0.2 * RIGHT), run_time=BEAT)
        self.play(FadeIn(note), run_time=0.7 * BEAT)
        self.wait(BEAT)

    def start_chain(self):
        head = txt("Step by step:", LABEL, bold=True).move_to([HEAD_X, CHAIN_HEAD_Y, 0], aligned_edge=LEFT)
        self.context = [chip("Q", INK).move_to([CHAIN_X, LINE_Y0, 0], aligned_edge=LEFT)]
        self.brace = self.context_brace()
        self.brace_label = txt("context", SMALL, ATTENTION).next_to(self.brace, LEFT, buff=0.08)
        self.play(FadeIn(head), FadeIn(self.context[0]), FadeIn(self.brace), FadeIn(self.brace_label),
                  run_time=0.8 * BEAT)

    def context_brace(self):
        group = VGroup(*self.context)
        return Brace(group, LEFT, color=ATTENTION, buff=0.1, sharpness=1.5)

    def generate_step(self, i: int):
        step = chip(STEPS[i], TRAINABLE).move_to([CHAIN_X, LINE_Y0 - (i + 1) * LINE_DY, 0], aligned_edge=LEFT)
        reads = CurvedArrow(self.brace_label.get_bottom() + 0.05 * DOWN, step.get_left() + 0.06 * LEFT, angle=0.9,
                            color=ATTENTION, stroke_width=3, tip_length=0.13)
        self.play(FadeIn(reads), FadeIn(step, shift=0.15 * RIGHT), run_time=BEAT)
        final = i == len(STEPS) - 1
        joined = chip(STEPS[i], RESULT if final else INK).move_to(step)
        self.context.append(joined)
        brace = self.context_brace()
        self.play(Transform(step, joined), FadeOut(reads), Transform(self.brace, brace),
                  self.brace_label.animate.next_to(brace, LEFT, buff=0.08), run_time=0.8 * BEAT)
        self.context[-1] = step

    def conclude(self):
        note = txt("each step is predicted\nfrom the question and\nall earlier steps", SMALL, MUTED,
                   line_spacing=0.8).move_to([2.1, -2.85, 0], aligned_edge=LEFT)
        self.play(FadeIn(note), run_time=BEAT)
        self.wait(2 * HOLD)
