"""In-context learning: a few-shot prompt grows example by example; the last position attends back.

The accuracy for each k is SmolLM2-135M-Instruct's, measured by figures/experiments/icl.py
(mean and min-max over random draws of the k examples). Without that results file the scene
says so and shows no accuracy. The tweets drawn here are illustrative (the measured prompts
use random training tweets in the same "Tweet: ... / Sentiment: ..." format).
"""
SCENE_ID = "icl-attention"
SCENE_CLASS = "IclAttention"
DATA = ["figures/results/icl.json"]
CAPTION = ("A k-shot prompt grows example by example and the last position can attend back over all "
           "of them; beside it, the measured accuracy of SmolLM2-135M for that k.")

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from manim import (  # noqa: E402
    DL, DOWN, LEFT, RIGHT, UP, ArcBetweenPoints, Create, DashedLine, Dot, FadeIn, FadeOut, Line,
    VGroup, LaggedStart,
)

from style import (  # noqa: E402
    ATTENTION, BEAT, BLUE, FOCUS, HOLD, INK, LABEL, MUTED, SMALL, VERMILLION,
    Chart, LectureScene, find_dict, load_results, txt,
)

EXAMPLES = [("what a great game tonight", "positive"),
            ("flight cancelled again", "negative"),
            ("best coffee in town", "positive"),
            ("the update broke my phone", "negative"),
            ("so proud of my sister", "positive"),
            ("stuck in traffic for hours", "negative"),
            ("this song makes my day", "positive"),
            ("worst customer service ever", "negative")]
QUERY = "can't wait for the weekend"
SHOWN_K = (0, 1, 2, 4, 8)        # prompts drawn; larger measured k appear on the chart only

LINE_X = -5.6                    # left edge of the prompt lines
TOP_Y = 1.9                       # first prompt line
DY = 0.52
LABEL_COLOR = {"positive": BLUE, "negative": VERMILLION}


def load_icl():
    """{k: (mean, low, high)} of raw accuracy, n_eval, draws; None without results."""
    data = load_results(DATA[0])
    summary_holder = find_dict(data, "summary", "shots") if data else None
    if not summary_holder:
        return None
    out = {}
    for k, s in summary_holder["summary"].items():
        acc = s.get("accuracy") if isinstance(s, dict) else None
        if isinstance(acc, dict) and "mean" in acc:
            out[int(k)] = (acc["mean"], acc.get("min", acc["mean"]), acc.get("max", acc["mean"]),
                           len(acc.get("values", [])) or None)
    if not out:
        return None
    n_eval = summary_holder.get("n_eval")
    return {"acc": dict(sorted(out.items())), "n_eval": n_eval}


class IclAttention(LectureScene):
    def construct(self):
        self.results = load_icl()
        self.line_x = LINE_X if self.results else LINE_X + 1.8   # centre the prompt when there is no chart
        self.show_title("In-context learning", "the prompt grows by one example at a time")
        self.show_accuracy_panel()
        self.show_query()
        shown = 0
        for k in SHOWN_K[1:]:
            self.add_examples(shown, k)
            shown = k
        self.show_larger_k()
        self.wait(2.2)

    # --- steps ------------------------------------------------------------------
    def show_accuracy_panel(self):
        if self.results is None:
            self.source_tag("illustration: icl.json missing, no accuracy shown", illustration=True, corner=DL)
            self.chart = None
            return
        self.source_tag("measured: figures/results/icl.json", corner=DL)
        ks = list(self.results["acc"])
        self.slot = {k: i for i, k in enumerate(ks)}
        lows = [v[1] for v in self.results["acc"].values()]
        y_lo = min(0.4, math.floor(min(lows) * 10) / 10 - 0.1)
        self.chart = Chart(origin=(4.15, -1.0), width=2.8, height=2.8, x=(-0.5, len(ks) - 0.5), y=(y_lo, 1.0),
                           x_ticks=[(i, str(k)) for i, k in enumerate(ks)],
                           y_ticks=[(0.5, "chance"), (1.0, "1.0")], x_title="examples k")
        title = txt("accuracy", SMALL, INK).next_to(self.chart.axes[1], UP, buff=0.2)
        title.set_x(self.chart.axes[0].get_x())
        chance = DashedLine(self.chart.point(-0.5, 0.5), self.chart.point(len(ks) - 0.5, 0.5), color=MUTED,
                            stroke_width=2, dash_length=0.08)
        self.play(FadeIn(self.chart), FadeIn(title), Create(chance), run_time=BEAT)
        self.readout = None

    def prompt_line(self, i: int, text: str, label: str) -> VGroup:
        body = txt(f"“{text}” →", SMALL, INK)
        word = txt(label, SMALL, LABEL_COLOR.get(label, ATTENTION), bold=True).next_to(body, RIGHT, buff=0.15)
        return VGroup(body, word).move_to([self.line_x, TOP_Y - i * DY, 0], aligned_edge=LEFT)

    def show_query(self):
        self.lines = []
        self.query = self.prompt_line(0, QUERY, "?")
        self.play(FadeIn(self.query), run_time=BEAT)
        self.arcs = VGroup()
        self.show_accuracy(0)
        self.wait(0.5 * BEAT)

    def arc_to(self, line: VGroup) -> ArcBetweenPoints:
        start = self.query.get_left() + 0.1 * LEFT
        end = line.get_left() + 0.1 * LEFT
        return ArcBetweenPoints(start, end, angle=-1.4, color=ATTENTION, stroke_width=3)

    def add_examples(self, shown: int, k: int):
        new = [self.prompt_line(i, *EXAMPLES[i]) for i in range(shown, k)]
        self.lines += new
        query_target = self.query.copy().move_to([self.line_x, TOP_Y - k * DY, 0], aligned_edge=LEFT)
        moves = [self.query.animate.move_to(query_target)]
        if shown:
            moves.append(self.arc_note.animate.next_to(query_target, DOWN, buff=0.2).set_x(self.line_x - 0.6, LEFT))
        self.play(*moves, FadeOut(self.arcs),
                  LaggedStart(*[FadeIn(line, shift=0.2 * RIGHT) for line in new], lag_ratio=0.3),
                  run_time=BEAT)
        self.arcs = VGroup(*[self.arc_to(line) for line in self.lines])
        anims = [LaggedStart(*[Create(a) for a in self.arcs], lag_ratio=0.15)]
        if shown == 0:
            self.arc_note = txt("the last position attends back to every example", SMALL, ATTENTION)
            self.arc_note.next_to(self.query, DOWN, buff=0.2).set_x(self.line_x - 0.6, LEFT)
            anims.append(FadeIn(self.arc_note))
        self.play(*anims, *self.accuracy_anims(k), run_time=BEAT)
        self.wait(0.5 * HOLD)

    def show_accuracy(self, k: int):
        anims = self.accuracy_anims(k)
        if anims:
            self.play(*anims, run_time=0.8 * BEAT)

    def accuracy_anims(self, k: int):
        """Whisker, dot and readout for k (nothing without results or for a k not measured)."""
        if self.chart is None or k not in self.slot:
            return []
        mean, low, high, draws = self.results["acc"][k]
        i = self.slot[k]
        whisker = Line(self.chart.point(i, low), self.chart.point(i, high), color=FOCUS, stroke_width=4)
        dot = Dot(self.chart.point(i, mean), radius=0.08, color=INK)
        n = self.results["n_eval"]
        rows = [txt(f"k = {k}: {mean:.2f}", LABEL, INK, bold=True)]
        if draws and draws > 1:
            rows += [txt(f"range {low:.2f}–{high:.2f}", SMALL, MUTED),
                     txt(f"{draws} draws" + (f", n = {n}" if n else ""), SMALL, MUTED)]
        else:
            rows += [txt("one prompt" + (f", n = {n}" if n else ""), SMALL, MUTED)]
        readout = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        readout.move_to([3.45, -2.25, 0], aligned_edge=UP + LEFT)
        anims = [Create(whisker), FadeIn(dot)]
        anims.append(FadeIn(readout) if self.readout is None else FadeOut(self.readout))
        if self.readout is not None:
            anims.append(FadeIn(readout))
        self.readout = readout
        return anims

    def show_larger_k(self):
        if self.chart is None:
            return
        for k in [k for k in self.slot if k > SHOWN_K[-1]]:
            self.show_accuracy(k)
