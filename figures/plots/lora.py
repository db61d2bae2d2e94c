"""ch6: LoRA rank sweep, target ablation, ΔW spectrum, merge and latency."""
import numpy as np

from style import BLACK, BLUE, GREEN, GREY, ORANGE, SKY, VERMILLION, chance, figure, pct, si, unwrap


def rank_sweep(doc):
    r, _ = unwrap(doc)
    rs = sorted(int(k) for k in r["rank_sweep"])
    sw = r["rank_sweep"]
    fig, ax = figure()
    accs = np.array([sw[str(k)]["test_accuracy_all"] for k in rs]).T
    ax.set_xscale("log", base=2)
    ax.plot(rs, accs.mean(0), marker="o", color=BLUE, label="LoRA on W_q, W_v: test accuracy")
    if accs.shape[0] > 1:
        ax.fill_between(rs, accs.min(0), accs.max(0), color=BLUE, alpha=0.18, linewidth=0)
    full = r["full_ft"]["test_accuracy_mean"]
    ax.axhline(full, color=BLACK, linestyle="--", linewidth=1.3, label=f"full fine-tuning ({pct(full, 1)})")
    chance(ax)
    ax.set_xlabel("rank r (log scale)")
    ax.set_ylabel("test accuracy")
    ax.set_ylim(0.4, 1.0)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:g}")
    ax2 = ax.twinx()
    ax2.set_yscale("log")
    ax2.plot(rs, [sw[str(k)]["trainable"] for k in rs], marker="s", color=ORANGE, linestyle="-.",
             label="trainable parameters (right axis)")
    ax2.set_ylabel("trainable parameters (log scale)", color=ORANGE)
    ax2.yaxis.set_major_formatter(lambda v, _: si(v))
    ax2.yaxis.set_minor_formatter(lambda v, _: "")
    ax2.tick_params(axis="y", colors=ORANGE)
    ax2.spines["right"].set_visible(True)
    ax2.grid(False)
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, loc="lower right", fontsize=9)
    parts = [f"r={k}: {pct(sw[str(k)]['test_accuracy_mean'], 1)} with {si(sw[str(k)]['trainable'])} parameters"
             for k in rs]
    alt = ("Line chart of LoRA's test accuracy on tweet sentiment against rank r (log scale) for SmolLM2-135M, "
           f"with full fine-tuning at {pct(full, 1)} as a dashed line and trainable parameters on a second axis "
           "rising in proportion to r. " + "; ".join(parts) + ".")
    return fig, alt


TARGET_LABELS = {"q": "W_q", "qv": "W_q, W_v", "qkvo": "W_q, W_k, W_v, W_o", "all_linear": "all linear\n(+ MLP)"}


def targets(doc):
    r, _ = unwrap(doc)
    names = list(r["targets"])
    t = r["targets"]
    fig, ax = figure()
    x = np.arange(len(names))
    acc = [t[n]["test_accuracy_mean"] for n in names]
    ax.bar(x - 0.2, acc, width=0.4, color=BLUE, label="test accuracy (left)")
    for xi, a in zip(x, acc):
        ax.annotate(pct(a, 1), (xi - 0.2, a), xytext=(0, 3), textcoords="offset points", ha="center", fontsize=9)
    chance(ax)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("test accuracy")
    ax.set_xticks(x, [TARGET_LABELS.get(n, n) for n in names])
    ax.set_xlabel(f"LoRA target matrices (r = {r.get('target_rank', 8)})")
    ax2 = ax.twinx()
    ax2.bar(x + 0.2, [t[n]["trainable"] for n in names], width=0.4, color=ORANGE, label="trainable parameters (right)")
    ax2.set_ylabel("trainable parameters", color=ORANGE)
    ax2.tick_params(axis="y", colors=ORANGE)
    ax2.spines["right"].set_visible(True)
    ax2.grid(False)
    ax2.yaxis.set_major_formatter(lambda v, _: si(v))
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, loc="upper left", fontsize=9)
    parts = [f"{TARGET_LABELS.get(n, n).replace(chr(10), ' ')}: {pct(t[n]['test_accuracy_mean'], 1)} with "
             f"{si(t[n]['trainable'])} parameters" for n in names]
    alt = ("Grouped bar chart of LoRA (r = 8) on different target matrices of SmolLM2-135M: test accuracy on tweet "
           "sentiment and trainable parameters. " + "; ".join(parts) + ".")
    return fig, alt


def spectrum(doc):
    r, _ = unwrap(doc)
    sp = r["spectrum"]
    fig, ax = figure()
    full = np.array(sp["full"]["singular_values"])
    gauss = np.array(sp["gaussian_same_norm"]["singular_values"])
    idx = np.arange(1, len(full) + 1)
    ax.semilogy(idx, full, color=BLACK, label="full fine-tuning ΔW")
    ax.semilogy(idx, gauss, color=GREY, linestyle=":", label="random Gaussian, same norm (no structure)")
    colors = [SKY, BLUE, GREEN, VERMILLION, ORANGE]
    shown = [k for k in ("1", "8", "64") if k in sp["lora"] and sp["lora"][k]] or list(sp["lora"])[:2]
    floor = full.min() * 1e-3
    for c, k in zip(colors, shown):
        s = np.maximum(np.array(sp["lora"][k]["singular_values"]), floor)
        ax.semilogy(idx[:len(s)], s, color=c, label=f"LoRA r={k}: B·A·α/r")
    ax.set_ylim(bottom=max(floor, min(gauss.min(), full.min()) * 0.1))
    ax.set_xscale("log")
    ax.set_xlabel("singular value index (log scale)")
    ax.set_ylabel("singular value (log scale)")
    ax.set_title(f"{sp['layer']} ({sp['shape'][0]}×{sp['shape'][1]})", fontsize=10)
    ax.legend(fontsize=9, loc="lower left")
    e = sp["full"]["energy_top"]
    le = sp["lora"].get("8", {}).get("energy_top", {}) if sp["lora"].get("8") else {}
    alt = (f"Log-scale plot of the singular values of the weight update of {sp['layer']} "
           f"({sp['shape'][0]}×{sp['shape'][1]}). The full fine-tuning update's top 8 directions hold "
           f"{pct(e['8'])} of its energy (squared Frobenius norm) and its top 32 hold {pct(e['32'])}; a random Gaussian "
           f"matrix of the same norm is shown for comparison. LoRA updates have at most r nonzero singular values" +
           (f" (r = 8: top 8 hold {pct(le['8'])})." if le else "."))
    return fig, alt


def merge_latency(doc):
    r, _ = unwrap(doc)
    lat = r["latency"]["seconds"]
    names = ["base", "lora_unmerged", "lora_merged", "adapters"]
    labels = ["base model", "LoRA, unmerged", "LoRA, merged", f"adapters (m={r['latency']['adapter_m']})"]
    fig, ax = figure()
    x = np.arange(len(names))
    ms = [lat[n] * 1e3 for n in names]
    ax.bar(x, ms, color=[BLACK, BLUE, SKY, GREEN])
    for xi, n, v in zip(x, names, ms):
        ax.annotate(f"{v:.0f} ms" + ("" if n == "base" else f"\n{r['latency']['overhead_vs_base'][n]:+.0%}"),
                    (xi, v), xytext=(0, 3), textcoords="offset points", ha="center", fontsize=9)
    ax.set_xticks(x, labels)
    ax.set_ylabel(f"forward pass, batch {r['latency']['batch']} × {r['latency']['tokens']} tokens (ms, median)")
    ax.set_ylim(0, max(ms) * 1.3)
    d = r["merge"]["merged_vs_unmerged_max_abs"]
    dp = r["merge"].get("merged_vs_unmerged_prob_max_abs", float("nan"))
    d64 = r["merge"].get("float64", {}).get("merged_vs_unmerged_max_abs", float("nan"))
    ax.set_title(f"merged vs unmerged: max |Δlogit| = {d:.1e} (fp32), {d64:.0e} (fp64); max |Δp| = {dp:.0e}",
                 fontsize=9.5)
    alt = (f"Bar chart of the median latency of one forward pass ({r['latency']['batch']} × {r['latency']['tokens']} "
           f"tokens): base {ms[0]:.0f} ms, LoRA unmerged {ms[1]:.0f} ms, LoRA merged {ms[2]:.0f} ms, adapters "
           f"{ms[3]:.0f} ms. Merging LoRA into the weights changes the logits by at most {d:.1e} in float32 "
           f"({d64:.0e} in float64) and the output probabilities by at most {dp:.0e}.")
    return fig, alt


FIGURES = {"lora-rank-sweep": rank_sweep, "lora-targets": targets, "delta-w-spectrum": spectrum,
           "lora-merge-latency": merge_latency}
