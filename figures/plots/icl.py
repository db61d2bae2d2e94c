"""ch1: in-context learning accuracy vs number of examples k."""
import numpy as np

from style import BLUE, GREEN, chance, figure, pct, unwrap


def icl_accuracy(doc):
    r, _ = unwrap(doc)
    ks = r["shots"]
    x = np.arange(len(ks))
    s = r["summary"]
    fig, ax = figure()
    for metric, color, label, marker in (("accuracy", BLUE, "raw", "o"),
                                         ("accuracy_batch_cal", GREEN, "batch-calibrated", "s")):
        mean = np.array([s[str(k)][metric]["mean"] for k in ks])
        lo = np.array([s[str(k)][metric]["min"] for k in ks])
        hi = np.array([s[str(k)][metric]["max"] for k in ks])
        ax.plot(x, mean, color=color, marker=marker, label=f"{label}: mean over draws")
        ax.fill_between(x, lo, hi, color=color, alpha=0.18, linewidth=0)
        for k, xi in zip(ks, x):
            ax.plot([xi] * len(s[str(k)][metric]["values"]), s[str(k)][metric]["values"], ".", color=color,
                    alpha=0.5, markersize=4)
    chance(ax)
    ax.set_xticks(x, [f"{k}\n({s[str(k)]['prompt_tokens']['mean']:.0f} tok)" for k in ks])
    ax.set_xlabel("examples in the prompt, k (prompt length in tokens)")
    ax.set_ylabel(f"accuracy on {r['n_eval']} held-out tweets")
    ax.set_ylim(0.3, 1.0)
    ax.legend(loc="lower right", fontsize=9, title="band: min-max over example draws", title_fontsize=8.5)
    parts = [f"k={k}: {pct(s[str(k)]['accuracy']['mean'])} "
             f"({pct(s[str(k)]['accuracy']['min'])}-{pct(s[str(k)]['accuracy']['max'])})" for k in ks]
    cal = ", ".join(f"k={k}: {pct(s[str(k)]['accuracy_batch_cal']['mean'])}" for k in ks)
    ndraw = max(len(s[str(k)]["accuracy"]["values"]) for k in ks)
    alt = (f"Line chart of SmolLM2-135M's accuracy on tweet sentiment against the number of in-context examples k, "
           f"mean and min-max over {ndraw} random draw{'s' if ndraw > 1 else ''} of the examples (k = 0: one prompt). "
           f"Raw accuracy: " + "; ".join(parts) +
           f". After batch calibration: {cal}. Chance is 50%.")
    return fig, alt


FIGURES = {"icl-accuracy-vs-k": icl_accuracy}
