"""ch4: lottery tickets on digits (IMP with rewinding vs random re-init) and LLM pruning perplexity."""
import numpy as np

from style import BLUE, VERMILLION, band, figure, pct, unwrap


def lottery_curve(doc):
    r, _ = unwrap(doc)
    m = r["mlp"]
    rem = np.array(m["remaining"])
    seeds = list(m["seeds"])
    fig, ax = figure()
    rw = band(ax, rem, [m["seeds"][s]["rewind"] for s in seeds], BLUE, "rewind to original init (winning ticket)")
    ri = band(ax, rem, [m["seeds"][s]["reinit"] for s in seeds], VERMILLION, "random re-init, same mask", marker="s")
    ax.set_xscale("log")
    ax.invert_xaxis()
    ax.set_xlabel("weights remaining (log scale)")
    ax.xaxis.set_major_formatter(lambda v, _: f"{100 * v:g}%")
    ax.set_ylabel("test accuracy (digits)")
    ax.legend(loc="lower left", fontsize=9, title=f"mean, band: min-max over {len(seeds)} seed{'s' if len(seeds) > 1 else ''}", title_fontsize=8.5)
    i = len(rem) - 1
    j = int(np.argmin(np.abs(rem - 0.1)))
    alt = (f"Line chart of test accuracy against the fraction of weights remaining (log scale, 100% down to "
           f"{pct(rem[-1], 1)}) for an MLP ({'-'.join(map(str, m['sizes']))}) on the digits dataset under iterative "
           f"magnitude pruning, {len(seeds)} seed{'s' if len(seeds) > 1 else ''}. Dense: {pct(rw[0], 1)}. At {pct(rem[j], 1)} of the weights, "
           f"rewinding gives {pct(rw[j], 1)} vs {pct(ri[j], 1)} for random re-initialisation; at {pct(rem[i], 1)}, "
           f"{pct(rw[i], 1)} vs {pct(ri[i], 1)}.")
    return fig, alt


def llm_pruning(doc):
    r, _ = unwrap(doc)
    pts = r["llm_pruning"]
    s = [p["achieved"] for p in pts]
    ppl = [p["perplexity"] for p in pts]
    fig, ax = figure()
    ax.semilogy(s, ppl, marker="o", color=BLUE)
    ax.axhline(ppl[0], color="#777777", linestyle=":", linewidth=1.2)
    ax.set_xlabel("sparsity of every linear layer (fraction of weights zeroed)")
    ax.set_ylabel("perplexity on held-out tweets (log scale)")
    ax.xaxis.set_major_formatter(lambda v, _: f"{100 * v:.0f}%")
    parts = [f"{pct(p['achieved'])}: {p['perplexity']:,.0f}" for p in pts]
    alt = ("Line chart of SmolLM2-135M's perplexity on held-out tweets (log scale) against the sparsity of one-shot "
           "magnitude pruning of all linear layers in its blocks, no retraining. Perplexity by sparsity: " +
           "; ".join(parts) + ".")
    return fig, alt


FIGURES = {"lottery-ticket-curve": lottery_curve, "llm-pruning-perplexity": llm_pruning}
