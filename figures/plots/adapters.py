"""ch5: adapter bottleneck sweep (parameters and accuracy vs m)."""
import numpy as np

from style import BLACK, GREEN, GREY, chance, figure, pct, si, unwrap


def bottleneck_sweep(doc):
    r, _ = unwrap(doc)
    ms = r["bottlenecks"]
    sw = r["sweep"]
    fig, (a1, a2) = figure(ncols=2, figsize=(9.6, 4.0))
    params = [sw[str(m)]["trainable"] for m in ms]
    formula = [sw[str(m)]["trainable_formula"] for m in ms]
    a1.loglog(ms, params, "o", color=GREEN, label="measured (trainable tensors)", markersize=7)
    a1.loglog(ms, formula, "-", color=BLACK, linewidth=1, label="formula: 2L(2dm + m + d)")
    a1.set_xlabel("bottleneck size m (log scale)")
    a1.set_ylabel("trainable parameters (log scale)")
    a1.legend(fontsize=9, loc="upper left")
    for m, p in zip(ms, params):
        a1.annotate(f"{si(p)} ({pct(p / r['full_ft']['trainable'], 2)})", (m, p), xytext=(6, -10),
                    textcoords="offset points", fontsize=8.5, color=GREY)
    accs = np.array([sw[str(m)]["test_accuracy_all"] for m in ms]).T
    a2.set_xscale("log")
    a2.plot(ms, accs.mean(0), marker="o", color=GREEN, label="adapters")
    if accs.shape[0] > 1:
        a2.fill_between(ms, accs.min(0), accs.max(0), color=GREEN, alpha=0.18, linewidth=0)
    a2.axhline(r["full_ft"]["test_accuracy_mean"], color=BLACK, linestyle="--", linewidth=1.3,
               label=f"full fine-tuning ({pct(r['full_ft']['test_accuracy_mean'], 1)})")
    chance(a2)
    a2.set_xlabel("bottleneck size m (log scale)")
    a2.set_ylabel(f"test accuracy ({r['_test'] if '_test' in r else 'held-out'} tweets)")
    a2.set_ylim(0.4, 1.0)
    a2.legend(fontsize=9, loc="lower right")
    parts = [f"m={m}: {si(sw[str(m)]['trainable'])} parameters, {pct(sw[str(m)]['test_accuracy_mean'], 1)}" for m in ms]
    alt = ("Two panels over bottleneck size m (log scale) for Houlsby adapters in frozen SmolLM2-135M. Left: "
           "trainable parameters grow linearly with m and match the formula. Right: test accuracy on tweet "
           "sentiment with a dashed line for full fine-tuning at "
           f"{pct(r['full_ft']['test_accuracy_mean'], 1)}. " + "; ".join(parts) + ".")
    return fig, alt


FIGURES = {"adapter-bottleneck-sweep": bottleneck_sweep}
