"""Lottery tickets: train, prune the 20% smallest weights, rewind the survivors, train again.

With figures/results/lottery.json (figures/experiments/lottery.py): the grid is a 12 x 12 corner
of the first layer of the digits MLP of the first seed, coloured by the real initial magnitudes,
with the real masks of every round; the chart shows the measured test accuracy (mean over
seeds) of the rewound tickets and of the same masks re-initialised at random. Without the
file the scene is a labelled illustration: seeded random magnitudes and no accuracy at all.
"""
SCENE_ID = "lottery-ticket"
SCENE_CLASS = "LotteryTicket"
DATA = ["figures/results/lottery.json"]
CAPTION = ("Iterative magnitude pruning: train, remove the 20% smallest weights, rewind the survivors "
           "to their initial values and train again; the chart compares the measured test accuracy of the "
           "rewound tickets with the same masks re-initialised at random.")

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from manim import (  # noqa: E402
    DL, DOWN, LEFT, RIGHT, UP, Create, Dot, FadeIn, Line, Square,
    Transform, VGroup, LaggedStart,
)

from style import (  # noqa: E402
    BEAT, FAINT, FOCUS, FROZEN, GREEN, HOLD, INK, MUTED, PURPLE, SMALL, VERMILLION,
    Chart, LectureScene, find_dict, load_formulas, load_results, seeded, txt,
)

F = load_formulas()
PRUNE_RATE = 0.2
CELL = 0.3
GRID_CENTER = (-4.75, -0.3)
TEXT_X = -6.75                   # left edge of the texts around the grid
REWIND, REINIT = GREEN, PURPLE
DETAILED_ROUNDS = 2              # rounds animated step by step; the rest play fast


def load_lottery():
    """The numbers the scene draws, from lottery.json; None when the file is absent."""
    data = load_results(DATA[0])
    mlp = find_dict(data, "seeds", "summary", "remaining") if data else None
    if not mlp:
        return None
    seed, run = next(iter(mlp["seeds"].items()))
    if not run.get("masks_grid") or not run.get("grid_init"):
        return None
    n_seeds = len(mlp["seeds"])
    return {"init": run["grid_init"], "masks": run["masks_grid"], "remaining": mlp["remaining"],
            "rewind": mlp["summary"]["rewind"]["mean"], "reinit": mlp["summary"]["reinit"]["mean"],
            "seed": seed, "n_seeds": n_seeds, "measured": True}


def illustration(n=12, rounds=10, seed=0):
    """Seeded random magnitudes and masks from pruning a random 'trained' copy: no accuracies."""
    rng = seeded(seed)
    init = [[rng.gauss(0, 1) for _ in range(n)] for _ in range(n)]
    trained = [[w + rng.gauss(0, 0.7) for w in row] for row in init]
    masks = [[[1] * n for _ in range(n)]]
    for _ in range(rounds):
        mask = masks[-1]
        alive = sorted((abs(trained[i][j]), i, j) for i in range(n) for j in range(n) if mask[i][j])
        cut = {(i, j) for _, i, j in alive[:round(PRUNE_RATE * len(alive))]}
        masks.append([[0 if (i, j) in cut else mask[i][j] for j in range(n)] for i in range(n)])
    return {"init": init, "masks": masks,
            "remaining": [F.remaining_after_rounds(PRUNE_RATE, r) for r in range(rounds + 1)],
            "measured": False}


class LotteryTicket(LectureScene):
    def construct(self):
        self.d = load_lottery() or illustration()
        shift = 0.0 if self.d["measured"] else 3.2      # no chart: centre the grid
        self.grid_x, self.text_x = GRID_CENTER[0] + shift, TEXT_X + shift
        self.show_title("Lottery tickets: prune, rewind, retrain",
                        f"12 × 12 corner of layer 1 of an MLP on digits (seed {self.d['seed']})" if self.d["measured"]
                        else "illustration: random weights, no measured accuracy")
        self.show_weight_grid()
        self.show_accuracy_chart()
        rounds = len(self.d["masks"]) - 1
        for r in range(rounds):
            if r < DETAILED_ROUNDS:
                self.train(r)
                self.prune(r)
                self.rewind(r)
            else:
                self.fast_round(r)
        self.train(rounds, final=True)
        self.conclude(rounds)

    # --- steps ------------------------------------------------------------------
    def show_weight_grid(self):
        init = self.d["init"]
        n = len(init)
        top = max(abs(w) for row in init for w in row)
        self.cells = VGroup()
        for i in range(n):
            for j in range(n):
                strength = abs(init[i][j]) / top
                cell = Square(side_length=CELL, stroke_width=1, stroke_color=FROZEN, fill_color=FROZEN,
                              fill_opacity=0.08 + 0.85 * strength)
                cell.move_to([self.grid_x + (j - (n - 1) / 2) * CELL, GRID_CENTER[1] - (i - (n - 1) / 2) * CELL, 0])
                self.cells.add(cell)
        self.n = n
        self.stepper = VGroup(*[txt(s, SMALL, MUTED) for s in ("train", "→", "prune 20%", "→", "rewind")])
        self.stepper.arrange(RIGHT, buff=0.15).next_to(self.cells, UP, buff=0.3).set_x(self.text_x, LEFT)
        self.state = self.status_text(0)
        key = txt("darker = larger |w| at init", SMALL, MUTED).next_to(self.cells, DOWN, buff=0.7).set_x(self.text_x, LEFT)
        self.play(LaggedStart(*[FadeIn(c) for c in self.cells], lag_ratio=0.004), FadeIn(self.stepper),
                  FadeIn(self.state), FadeIn(key), run_time=1.2 * BEAT)
        self.key = key

    def status_text(self, r: int):
        left = self.d["remaining"][r]
        t = txt(f"round {r}: {100 * left:.3g}% left", SMALL, INK)
        return t.next_to(self.cells, DOWN, buff=0.2).set_x(self.text_x, LEFT)

    def show_accuracy_chart(self):
        self.points = {"rewind": [], "reinit": []}
        if not self.d["measured"]:
            self.chart = None
            self.source_tag("illustration: lottery.json missing", illustration=True)
            return
        seeds = self.d["n_seeds"]
        self.source_tag(f"measured: figures/results/lottery.json, mean of {seeds} seed{'s' * (seeds != 1)}")
        accs = self.d["rewind"] + self.d["reinit"]
        y_lo = math.floor(min(accs) * 10) / 10 - 0.1      # room under the curves for the legend
        smallest = min(self.d["remaining"])
        x_lo = 10 ** math.floor(math.log10(smallest))
        ticks = [(10 ** -e, f"{100 * 10 ** -e:g}%") for e in range(0, -int(math.log10(x_lo)) + 1)]
        self.chart = Chart(origin=(1.2, -1.9), width=5.3, height=3.3, x=(1.0, x_lo), y=(y_lo, 1.0), log_x=True,
                           x_ticks=ticks, y_ticks=[(y_lo, f"{y_lo:.1f}"), (1.0, "1.0")],
                           x_title="weights left (log scale)")
        title = txt("test accuracy", SMALL, INK).next_to(self.chart.axes[1], UP, buff=0.15).align_to(
            self.chart.axes[1], LEFT).shift(0.3 * LEFT)
        legend = VGroup(self.legend_dot("rewound ticket", REWIND), self.legend_dot("random re-init", REINIT))
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.12).move_to(self.chart.point(1.0, y_lo), aligned_edge=DL)
        legend.shift(0.2 * UP + 0.25 * RIGHT)
        self.legend = legend
        self.play(FadeIn(self.chart), FadeIn(title), FadeIn(legend), run_time=BEAT)

    @staticmethod
    def legend_dot(label: str, color: str) -> VGroup:
        return VGroup(Dot(radius=0.08, color=color), txt(label, SMALL, color)).arrange(RIGHT, buff=0.12)

    def highlight(self, index: int):
        return [part.animate.set_color(FOCUS if k == index else MUTED) for k, part in enumerate(self.stepper)]

    def alive(self, r: int):
        mask = self.d["masks"][r]
        return [self.cells[i * self.n + j] for i in range(self.n) for j in range(self.n) if mask[i][j]]

    def pruned_after(self, r: int):
        now, nxt = self.d["masks"][r], self.d["masks"][r + 1]
        return [self.cells[i * self.n + j] for i in range(self.n) for j in range(self.n) if now[i][j] and not nxt[i][j]]

    def plot_round(self, r: int):
        """Animations adding round r's measured accuracies to the chart (none without data)."""
        if self.chart is None:
            return []
        anims = []
        for arm, color in (("rewind", REWIND), ("reinit", REINIT)):
            p = self.chart.point(self.d["remaining"][r], self.d[arm][r])
            dot = Dot(p, radius=0.06, color=color)
            if self.points[arm]:
                anims.append(Create(Line(self.points[arm][-1].get_center(), p, color=color, stroke_width=3)))
            self.points[arm].append(dot)
            anims.append(FadeIn(dot))
        return anims

    def train(self, r: int, final: bool = False):
        alive = self.alive(r)
        self.play(*self.highlight(0), *[c.animate.set_stroke(FOCUS, width=2) for c in alive],
                  *self.plot_round(r), run_time=BEAT)

    def prune(self, r: int):
        gone = self.pruned_after(r)
        self.play(*self.highlight(2), *[c.animate.set_fill(VERMILLION, opacity=0.9) for c in gone],
                  run_time=0.6 * BEAT)
        state = self.status_text(r + 1)
        self.play(*[c.animate.set_fill(FAINT, opacity=0.0).set_stroke(FAINT, width=1) for c in gone],
                  Transform(self.state, state), run_time=0.6 * BEAT)

    def rewind(self, r: int):
        alive = self.alive(r + 1)
        self.play(*self.highlight(4), *[c.animate.set_stroke(FROZEN, width=1) for c in alive], run_time=0.8 * BEAT)
        self.wait(0.3)

    def fast_round(self, r: int):
        gone = self.pruned_after(r)
        self.play(*self.plot_round(r), *[c.animate.set_fill(FAINT, opacity=0.0).set_stroke(FAINT, width=1)
                                         for c in gone], Transform(self.state, self.status_text(r + 1)),
                  run_time=0.22)

    def conclude(self, rounds: int):
        if self.chart is None:
            self.wait(2 * HOLD)
            return
        lines = VGroup(txt(f"{100 * self.d['remaining'][rounds]:.3g}% left:", SMALL, INK),
                       txt(f"rewound {self.d['rewind'][rounds]:.2f}", SMALL, REWIND, bold=True),
                       txt(f"re-init {self.d['reinit'][rounds]:.2f}", SMALL, REINIT, bold=True))
        lines.arrange(DOWN, aligned_edge=LEFT, buff=0.1).next_to(self.legend, UP, buff=0.3, aligned_edge=LEFT)
        self.play(FadeIn(lines), run_time=BEAT)
        self.wait(2.2)
