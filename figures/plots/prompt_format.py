"""ch2: prompt format sensitivity and contextual calibration."""
import numpy as np

from style import BLUE, GREEN, GREY, ORANGE, PURPLE, VERMILLION, chance, figure, pct, unwrap

GROUP_COLORS = {"labels": BLUE, "separator": ORANGE, "instruction": GREEN, "order": PURPLE}
GROUP_TITLES = {"labels": "label words", "separator": "separators", "instruction": "instruction", "order": "example order"}


def label_of(v):
    group, value = v["group"], v["value"]
    if group == "labels":
        return "/".join(w.strip() for w in value)
    if group == "separator":
        names = {"\n": "newline", "\n\n": "blank line", " ": "space"}
        return " / ".join(names.get(s, repr(s.strip())) for s in value)
    if group == "instruction":
        return "none" if not value else ("task" if value.startswith("Classify") else "persona")
    return value.upper().replace("N", "−").replace("P", "+")


def _positions(rows):
    xs, x, prev = [], 0, None
    for v in rows:
        if prev is not None and v["group"] != prev:
            x += 0.6
        xs.append(x)
        x += 1
        prev = v["group"]
    return np.array(xs)


def format_accuracy(doc):
    r, _ = unwrap(doc)
    rows = r["variants"]
    xs = _positions(rows)
    fig, ax = figure(figsize=(8.6, 4.4))
    ax.bar(xs, [v["accuracy"] for v in rows], color=[GROUP_COLORS[v["group"]] for v in rows],
           edgecolor=["black" if v["is_baseline"] else "none" for v in rows], linewidth=1.2)
    chance(ax)
    ax.set_xticks(xs, [label_of(v) for v in rows], rotation=40, ha="right", fontsize=9)
    ax.set_ylabel(f"accuracy ({r['n_eval']} tweets, 4-shot)")
    ax.set_ylim(0, 1)
    from matplotlib.patches import Patch
    ax.legend(handles=[Patch(color=c, label=GROUP_TITLES[g]) for g, c in GROUP_COLORS.items()] +
              [Patch(facecolor="white", edgecolor="black", label="baseline prompt")],
              ncol=5, loc="upper center", bbox_to_anchor=(0.5, 1.12), fontsize=9)
    by = {}
    for v in rows:
        by.setdefault(v["group"], []).append(v)
    parts = []
    for g, vs in by.items():
        lo, hi = min(vs, key=lambda v: v["accuracy"]), max(vs, key=lambda v: v["accuracy"])
        parts.append(f"{GROUP_TITLES[g]} from {pct(lo['accuracy'])} ({label_of(lo)}) to {pct(hi['accuracy'])} ({label_of(hi)})")
    alt = ("Bar chart of SmolLM2-135M-Instruct's 4-shot accuracy on tweet sentiment as one element of the prompt "
           "changes at a time (outlined bar: the baseline prompt). " + "; ".join(parts) + ". Chance is 50%.")
    return fig, alt


def calibration(doc):
    r, _ = unwrap(doc)
    rows = r["variants"]
    xs = _positions(rows)
    fig, ax = figure(figsize=(8.6, 4.4))
    for x, v in zip(xs, rows):
        ax.annotate("", xy=(x, v["accuracy_calibrated"]), xytext=(x, v["accuracy"]),
                    arrowprops=dict(arrowstyle="->", color=GREY, lw=1))
    ax.plot(xs, [v["accuracy"] for v in rows], "o", color=VERMILLION, label="before (raw)")
    ax.plot(xs, [v["accuracy_calibrated"] for v in rows], "s", color=BLUE, label='after contextual calibration ("N/A")')
    chance(ax)
    ax.set_xticks(xs, [label_of(v) for v in rows], rotation=40, ha="right", fontsize=9)
    ax.set_ylabel(f"accuracy ({r['n_eval']} tweets, 4-shot)")
    ax.set_ylim(0.2, 1)
    ax.legend(loc="lower right", fontsize=9)
    before = np.array([v["accuracy"] for v in rows])
    after = np.array([v["accuracy_calibrated"] for v in rows])
    better = int((after > before + 1e-9).sum())
    worse = int((after < before - 1e-9).sum())
    alt = (f"Paired points, one pair per prompt format ({len(rows)} formats): accuracy before and after contextual "
           f"calibration with the content-free input N/A. Mean accuracy {pct(before.mean())} before, "
           f"{pct(after.mean())} after; calibration helped {better} formats and hurt {worse}. Range before "
           f"{pct(before.min())}-{pct(before.max())}, after {pct(after.min())}-{pct(after.max())}. Chance is 50%.")
    return fig, alt


FIGURES = {"prompt-format-accuracy": format_accuracy, "calibration-before-after": calibration}
