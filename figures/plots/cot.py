"""ch3: chain-of-thought accuracy on templated arithmetic."""
import numpy as np

from style import BLUE, GREEN, ORANGE, SKY, figure, pct, unwrap

LABELS = {"direct": "direct answer", "zero_shot_cot": "zero-shot CoT\n(\"Let's think step by step\")",
          "few_shot_direct": "few-shot,\nanswers only", "few_shot_cot": "few-shot CoT\n(worked chains)"}
COLORS = {"direct": BLUE, "zero_shot_cot": ORANGE, "few_shot_direct": SKY, "few_shot_cot": GREEN}


def cot_accuracy(doc):
    r, _ = unwrap(doc)
    conds = r["conditions"]
    acc = [r["accuracy"][c] for c in conds]
    err = [r["stderr"][c] for c in conds]
    fig, ax = figure()
    x = np.arange(len(conds))
    ax.bar(x, acc, yerr=err, color=[COLORS.get(c, BLUE) for c in conds], capsize=4)
    for xi, c, a in zip(x, conds, acc):
        ax.annotate(f"{pct(a)}\n{r['per_condition'][c]['mean_new_tokens']:.0f} tokens", (xi, a), xytext=(0, 4),
                    textcoords="offset points", ha="center", va="bottom", fontsize=9)
    ax.set_xticks(x, [LABELS.get(c, c) for c in conds], fontsize=9)
    ax.set_ylabel(f"exact-match accuracy ({r['n_problems']} problems)")
    ax.set_ylim(0, max(0.5, max(acc) + 0.2))
    parts = [f"{LABELS.get(c, c).replace(chr(10), ' ')}: {pct(r['accuracy'][c])}" for c in conds]
    alt = (f"Bar chart of SmolLM2-135M-Instruct's exact-match accuracy on {r['n_problems']} templated two- and "
           f"three-step arithmetic word problems, with standard-error bars: " + "; ".join(parts) +
           ". Each bar is labelled with the mean number of tokens generated.")
    return fig, alt


FIGURES = {"cot-accuracy": cot_accuracy}
