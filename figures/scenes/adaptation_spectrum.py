"""The adaptation spectrum: each method placed by the share of parameters it trains (log scale),
then raised to its measured test accuracy.

With figures/results/peft_compare.json (figures/experiments/peft_compare.py): SmolLM2-135M on
tweet sentiment, the measured trainable fraction and test accuracy of each method. Without it:
the methods' trainable fractions for GPT-3 175B, computed from content/formulas.py, on the x
axis only, and no accuracy axis.
"""
SCENE_ID = "adaptation-spectrum"
SCENE_CLASS = "AdaptationSpectrum"
DATA = ["figures/results/peft_compare.json"]
CAPTION = ("Adaptation methods placed by the share of parameters they train (log scale), then by their "
           "measured test accuracy on the same task.")

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from manim import (  # noqa: E402
    DL, DOWN, DR, LEFT, RIGHT, UP, UR, Create, DashedLine, Dot, FadeIn, Line, VGroup,
)

from style import (  # noqa: E402
    BEAT, BLUE, GREEN, HOLD, INK, MUTED, ORANGE, PURPLE, SKY, SMALL, VERMILLION,
    Chart, LectureScene, fmt_pct, find_dict, load_formulas, load_results, superscript, txt,
)

F = load_formulas()
ORIGIN, WIDTH, HEIGHT = (-5.4, -2.45), 11.6, 4.2
NAMES = {"full": "full FT", "lora": "LoRA", "dora": "DoRA", "adapters": "adapters", "prompt": "prompt tuning",
         "prefix": "prefix tuning", "ia3": "IA³"}
COLORS = {"full": INK, "lora": VERMILLION, "dora": ORANGE, "adapters": GREEN, "prompt": PURPLE,
          "prefix": SKY, "ia3": BLUE}


def method_label(name: str, config: dict) -> str:
    base = NAMES.get(name, name)
    kind = config.get("kind", name)
    if kind in ("lora", "dora") and "r" in config:
        return f"{base} r={config['r']}"
    if kind == "adapters" and "m" in config:
        return f"{base} m={config['m']}"
    if kind in ("prompt", "prefix") and "tokens" in config:
        return f"{base} ({config['tokens']})"
    return base


def load_measured():
    data = load_results(DATA[0])
    holder = find_dict(data, "per_method") if data else None
    if not holder:
        return None
    methods = []
    for name, m in holder["per_method"].items():
        if "trainable_fraction" not in m:
            continue
        acc = m.get("test_accuracy_mean", m.get("test_accuracy"))
        if acc is None:
            continue
        methods.append({"name": name, "label": method_label(name, m.get("config", {})),
                        "fraction": m["trainable_fraction"], "accuracy": acc,
                        "std": m.get("test_accuracy_std", 0.0), "seeds": len(m.get("loss", [])) or 1})
    if not methods:
        return None
    train = find_dict(data, "steps", "n_test") or {}
    return {"methods": methods, "steps": train.get("steps"), "n_test": train.get("n_test"), "measured": True}


def gpt3_fractions():
    """Trainable share of GPT-3 175B for each method, from the formula module (no accuracies)."""
    d, layers, total = F.GPT3_D_MODEL, F.GPT3_LAYERS, F.GPT3_PARAMS
    rows = [("full", "full FT", total),
            ("adapters", "adapters m=64", F.adapter_model_params(d, 64, layers)),
            ("prefix", "prefix tuning (10)", F.prefix_tuning_params(10, d, layers)),
            ("lora", "LoRA r=8 (q, v)", F.lora_model_params(d, layers, 8, 2)),
            ("ia3", "IA³", F.ia3_params(d, d, 4 * d, layers)),
            ("prompt", "prompt tuning (20)", F.prompt_tuning_params(20, d))]
    return {"methods": [{"name": n, "label": lab, "fraction": F.fraction(p, total)} for n, lab, p in rows],
            "measured": False}


class AdaptationSpectrum(LectureScene):
    def construct(self):
        self.d = load_measured() or gpt3_fractions()
        if self.d["measured"]:
            self.show_title("The adaptation spectrum", "SmolLM2-135M on tweet sentiment: what each method trains")
        else:
            self.show_title("The adaptation spectrum", "share of GPT-3 175B's parameters each method trains")
        self.draw_axes()
        self.place_by_trainable_share()
        if self.d["measured"]:
            self.raise_to_accuracy()
        self.wait(2 * HOLD)

    # --- steps ------------------------------------------------------------------
    def draw_axes(self):
        fractions = [m["fraction"] for m in self.d["methods"]]
        lo = 10 ** math.floor(math.log10(min(fractions)) - 0.3)
        decades = range(int(round(math.log10(lo))), 1)
        ticks = [(10 ** e, "100%" if e == 0 else superscript(e)) for e in decades]
        if self.d["measured"]:
            accs = [m["accuracy"] - m["std"] for m in self.d["methods"]]
            self.y = (min(0.4, math.floor(min(accs) * 10) / 10 - 0.1), 1.0)
            self.chart = Chart(ORIGIN, WIDTH, HEIGHT, x=(lo, 1.5), y=self.y, log_x=True, x_ticks=ticks,
                               y_ticks=[(0.5, "0.5"), (1.0, "1.0")])
            y_title = txt("test accuracy", SMALL, INK).next_to(self.chart.axes[1], UP, buff=0.15).align_to(
                self.chart.axes[1], LEFT).shift(0.4 * LEFT)
            chance = DashedLine(self.chart.point(lo, 0.5), self.chart.point(1.5, 0.5), color=MUTED, stroke_width=2,
                                dash_length=0.08)
            chance_label = txt("chance", SMALL, MUTED).next_to(chance, UP, buff=0.08).align_to(chance, RIGHT)
            self.chance = VGroup(chance, chance_label)
            self.source_tag("data: peft_compare.json", corner=DL)
            self.notice = None
            # the accuracy axis appears only when the dots rise to it
            self.y_parts = VGroup(self.chart.axes[1], self.chart.y_labels, y_title, self.chance)
        else:
            self.y = (0.0, 1.0)
            self.chart = Chart(ORIGIN, WIDTH, HEIGHT, x=(lo, 1.5), y=self.y, log_x=True, x_ticks=ticks)
            y_title = txt("no accuracy shown: peft_compare.json missing", SMALL, MUTED).move_to(
                self.chart.point(1.0, 1.0), aligned_edge=UR)
            self.source_tag("computed: content/formulas.py", corner=DL)
            self.notice = y_title
            self.y_parts = VGroup()
        x_title = txt("share of parameters trained (log scale)", SMALL, MUTED).next_to(
            self.chart.axes[0], DOWN, buff=0.55).align_to(self.chart.axes[0], RIGHT)
        shown = VGroup(self.chart.axes[0], self.chart.x_labels, x_title)
        if not self.d["measured"]:
            shown.add(y_title)
        self.play(FadeIn(shown), run_time=BEAT)

    def place_by_trainable_share(self):
        """Every method drops onto the x axis at its trainable share, largest first."""
        self.dots, self.labels = {}, {}
        placed = [self.notice] if self.notice is not None else []
        for i, m in enumerate(sorted(self.d["methods"], key=lambda m: -m["fraction"])):
            color = COLORS.get(m["name"], INK)
            p = self.chart.point(m["fraction"], self.y[0])
            dot = Dot(p, radius=0.1, color=color)
            share = txt(fmt_pct(m["fraction"]), SMALL, color)
            label = VGroup(txt(m["label"], SMALL, color, bold=True), share).arrange(RIGHT, buff=0.15)
            # above the axis, nudged sideways or up until it clears its neighbours
            for level in range(7):
                for dx in (0, 1.0, -1.0, 2.0, -2.0, 3.0, -3.0):
                    label.move_to(p + [dx, 0.45 + level * 0.5, 0], aligned_edge=DOWN)
                    if self.fits(label) and not any(self.overlap(label, other) for other in placed):
                        break
                else:
                    continue
                break
            stem = Line(p, label.get_bottom(), color=color, stroke_width=2, stroke_opacity=0.6)
            placed.append(label)
            self.dots[m["name"]], self.labels[m["name"]] = dot, VGroup(stem, label)
            self.play(FadeIn(dot, shift=0.4 * DOWN), FadeIn(self.labels[m["name"]]), run_time=0.7 * BEAT)
        self.wait(HOLD)

    def fits(self, label):
        top = ORIGIN[1] + HEIGHT
        return label.get_left()[0] > -6.95 and label.get_right()[0] < 6.95 and label.get_top()[1] < top

    @staticmethod
    def overlap(a, b, pad=0.12):
        return not (a.get_right()[0] + pad < b.get_left()[0] or b.get_right()[0] + pad < a.get_left()[0]
                    or a.get_top()[1] + pad < b.get_bottom()[1] or b.get_top()[1] + pad < a.get_bottom()[1])

    def raise_to_accuracy(self):
        """Each dot rises to its measured test accuracy; labels follow, placed clear of every dot."""
        targets = {m["name"]: self.chart.point(m["fraction"], m["accuracy"]) for m in self.d["methods"]}
        obstacles = [Dot(p, radius=0.12) for p in targets.values()] + list(self.chance)
        moves, placed = [], []
        for m in sorted(self.d["methods"], key=lambda m: -m["accuracy"]):
            target, color = targets[m["name"]], COLORS.get(m["name"], INK)
            label = VGroup(txt(m["label"], SMALL, color, bold=True), txt(f"{m['accuracy']:.2f}", SMALL, color))
            label.arrange(RIGHT, buff=0.15)
            spot = self.free_spot(label, target, placed + obstacles)
            label.move_to(spot)
            placed.append(label)
            pieces = VGroup(label)
            gap = self.edge_distance(label, target)
            if gap > 0.35:   # far from its dot: draw a thin leader line
                pieces.add(Line(target, self.nearest_edge_point(label, target), color=color, stroke_width=2,
                                stroke_opacity=0.6, buff=0.1))
            moves += [self.dots[m["name"]].animate.move_to(target), self.labels[m["name"]].animate.become(pieces)]
            if m.get("std") and m.get("seeds", 1) > 1:
                lo_p = self.chart.point(m["fraction"], m["accuracy"] - m["std"])
                hi_p = self.chart.point(m["fraction"], m["accuracy"] + m["std"])
                moves.append(Create(Line(lo_p, hi_p, color=color, stroke_width=3)))
        self.play(FadeIn(self.y_parts), *moves, run_time=2 * BEAT)
        seeds = max(m.get("seeds", 1) for m in self.d["methods"])
        note = txt(f"{seeds} seed{'s' * (seeds != 1)}" + (f", n = {self.d['n_test']}" if self.d.get("n_test") else "")
                   + ": small gaps are noise", SMALL, MUTED)
        note.to_corner(DR, buff=0.25)
        self.play(FadeIn(note), run_time=BEAT)

    def free_spot(self, label, target, taken):
        """The first candidate centre for label near target that stays in the chart and clears `taken`."""
        w, h = label.width, label.height
        candidates = []
        for reach in (0.18, 0.6, 1.0):
            candidates += [(w / 2 + reach, 0), (-(w / 2 + reach), 0), (0, h / 2 + reach), (0, -(h / 2 + reach)),
                           (w / 2 + reach, h / 2 + reach * 0.6), (w / 2 + reach, -(h / 2 + reach * 0.6)),
                           (-(w / 2 + reach), h / 2 + reach * 0.6), (-(w / 2 + reach), -(h / 2 + reach * 0.6))]
        left, bottom = ORIGIN[0] + 0.15, ORIGIN[1] + 0.1
        top = ORIGIN[1] + HEIGHT + 0.3
        for dx, dy in candidates:
            label.move_to(target + [dx, dy, 0])
            if (label.get_left()[0] < left or label.get_right()[0] > 6.95 or label.get_bottom()[1] < bottom
                    or label.get_top()[1] > top):
                continue
            if not any(self.overlap(label, other, 0.06) for other in taken):
                return label.get_center()
        return target + [candidates[0][0], candidates[0][1], 0]

    @staticmethod
    def nearest_edge_point(mob, point):
        x = min(max(point[0], mob.get_left()[0]), mob.get_right()[0])
        y = min(max(point[1], mob.get_bottom()[1]), mob.get_top()[1])
        return [x, y, 0]

    def edge_distance(self, mob, point):
        q = self.nearest_edge_point(mob, point)
        return math.hypot(q[0] - point[0], q[1] - point[1])
