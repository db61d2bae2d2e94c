"""ch7: PEFT methods compared: training curves, memory split, accuracy vs trainable parameters."""
import numpy as np

from style import BLUE, GREEN, GREY, METHOD_COLORS, METHOD_LABELS, ORANGE, PURPLE, chance, figure, nbytes, pct, si, unwrap


def _smooth(y, w=5):
    y = np.asarray(y, dtype=float)
    if len(y) < w:
        return y
    k = np.ones(w) / w
    pad = np.concatenate([np.full(w - 1, y[0]), y])
    return np.convolve(pad, k, mode="valid")


def curves(doc):
    r, _ = unwrap(doc)
    pm = r["per_method"]
    fig, (a1, a2) = figure(ncols=2, figsize=(10.0, 4.2))
    for name in r["methods"]:
        c = METHOD_COLORS.get(name, GREY)
        losses = np.array(pm[name]["loss"])
        steps = np.arange(1, losses.shape[1] + 1)
        mean = _smooth(losses.mean(0))
        a1.plot(steps, mean, color=c, label=METHOD_LABELS.get(name, name))
        a1.plot(steps, losses.mean(0), color=c, alpha=0.2, linewidth=1)
        dev = pm[name]["dev_curve"]
        xs = [e["step"] for e in dev[0]]
        acc = np.array([[e["accuracy"] for e in run] for run in dev])
        a2.plot(xs, acc.mean(0), color=c, marker="o", label=METHOD_LABELS.get(name, name))
        if acc.shape[0] > 1:
            a2.fill_between(xs, acc.min(0), acc.max(0), color=c, alpha=0.15, linewidth=0)
    a1.set_yscale("log")
    a1.set_xlabel("optimizer step")
    a1.set_ylabel("training loss (cross-entropy, nats; log scale)")
    a1.set_title("training loss (thin: per step, thick: 5-step mean)", fontsize=10)
    chance(a2)
    a2.set_xlabel("optimizer step")
    a2.set_ylabel("dev accuracy")
    a2.set_ylim(0.3, 1.0)
    a2.legend(fontsize=8.5, loc="lower right", ncol=2)
    parts = [f"{METHOD_LABELS.get(n, n)} {pct(pm[n]['dev_curve'][0][0]['accuracy'])} → {pct(pm[n]['dev_accuracy'])}"
             for n in r["methods"]]
    steps = len(pm[r["methods"][0]]["loss"][0])
    alt = (f"Two line charts over {steps} optimizer steps of training SmolLM2-135M on tweet sentiment, one line per "
           "method. Left: training loss. Right: dev accuracy from step 0 to the end: " + "; ".join(parts) + ".")
    return fig, alt


PARTS = [("weights", BLUE), ("gradients", ORANGE), ("optimizer", PURPLE), ("activations", GREEN)]


def memory(doc):
    r, _ = unwrap(doc)
    pm = r["per_method"]
    names = r["methods"]
    fig, ax = figure(figsize=(9.6, 4.4))
    x = np.arange(len(names)) * 1.0
    # Predicted bars are pale, not hatched: browsers print SVG hatching as one bitmap per bar.
    for offset, key, alpha in ((-0.2, "memory", 1.0), (0.2, "memory_predicted", 0.45)):
        bottom = np.zeros(len(names))
        for part, color in PARTS:
            v = np.array([pm[n][key][part] / 1e6 for n in names])
            ax.bar(x + offset, v, width=0.38, bottom=bottom, color=color, alpha=alpha,
                   edgecolor="white", linewidth=0.5, label=part if key == "memory" else None)
            bottom += v
    from matplotlib.patches import Patch
    handles, labels = ax.get_legend_handles_labels()
    handles += [Patch(facecolor=GREY, label="left bar: measured"),
                Patch(facecolor=GREY, alpha=0.45, label="right bar: train_memory_bytes()")]
    ax.set_xticks(x, [METHOD_LABELS.get(n, n) for n in names], rotation=20, ha="right")
    ax.set_ylabel("memory for one training step (MB, fp32)")
    ax.legend(handles=handles, fontsize=8.5, ncol=3, loc="upper right")
    mem0 = pm[names[0]]["memory"]
    batch = mem0["tokens_per_batch"] // mem0["seq_len"]
    parts = []
    for n in names:
        m = pm[n]["memory"]
        tot = sum(m[p] for p, _ in PARTS)
        pred = pm[n]["memory_predicted"]["total"]
        parts.append(f"{METHOD_LABELS.get(n, n)} {nbytes(tot)} measured vs {nbytes(pred)} predicted "
                     f"(gradients {nbytes(m['gradients'])}, optimizer {nbytes(m['optimizer'])}, "
                     f"activations {nbytes(m['activations'])})")
    alt = ("Stacked bar chart, two bars per method: the memory of one training step of SmolLM2-135M in fp32 "
           f"(batch {batch} of up to {mem0['seq_len']} tokens), measured from the tensors, and as predicted by "
           "train_memory_bytes() with a Korthikanti et al. activation estimate; each bar split into weights, "
           "gradients, optimizer states and activations. " + "; ".join(parts) + ".")
    return fig, alt


def accuracy_vs_params(doc):
    r, _ = unwrap(doc)
    pm = r["per_method"]
    fig, ax = figure()
    for n in r["methods"]:
        p = pm[n]
        ax.plot(p["trainable_fraction"], p["test_accuracy_mean"], "o", markersize=9, color=METHOD_COLORS.get(n, GREY))
        ax.annotate(METHOD_LABELS.get(n, n), (p["trainable_fraction"], p["test_accuracy_mean"]), xytext=(6, 4),
                    textcoords="offset points", fontsize=9)
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(lambda v, _: f"{100 * v:g}%")
    chance(ax)
    ax.set_xlabel("trainable parameters (% of the model, log scale)")
    ax.set_ylabel("test accuracy")
    ax.set_ylim(0.3, 1.0)
    parts = [f"{METHOD_LABELS.get(n, n)}: {si(pm[n]['trainable'])} parameters ({pct(pm[n]['trainable_fraction'], 3)}), "
             f"{pct(pm[n]['test_accuracy_mean'], 1)}" for n in r["methods"]]
    alt = ("Scatter plot of test accuracy on tweet sentiment against the fraction of SmolLM2-135M's parameters "
           "each method trains (log scale): " + "; ".join(parts) + ".")
    return fig, alt


FIGURES = {"peft-comparison-curves": curves, "peft-memory-breakdown": memory,
           "peft-accuracy-vs-trainable": accuracy_vs_params}
