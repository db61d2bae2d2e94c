"""The house style of every figure: Okabe-Ito colours, labelled axes with units, seeds as bands.

Plots import only json-able results, numpy and matplotlib (never torch), so the deck builds
from frozen results on any machine.
"""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
BLUE, VERMILLION, GREEN, ORANGE, SKY, PURPLE, YELLOW, BLACK = (
    "#0072B2", "#D55E00", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#F0E442", "#000000")
PALETTE = [BLUE, VERMILLION, GREEN, ORANGE, SKY, PURPLE, YELLOW, BLACK]
GREY = "#777777"

# One colour per method everywhere (curves, bars, memory splits).
METHOD_COLORS = {"full": BLACK, "lora": BLUE, "dora": SKY, "adapters": GREEN, "prompt": ORANGE,
                 "prefix": PURPLE, "ia3": VERMILLION}
METHOD_LABELS = {"full": "Full fine-tuning", "lora": "LoRA", "dora": "DoRA", "adapters": "Adapters",
                 "prompt": "Prompt tuning", "prefix": "Prefix tuning", "ia3": "IA³"}
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]

RC = {
    "figure.figsize": (7.2, 4.2),
    "figure.dpi": 110,
    "savefig.bbox": "tight",
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "legend.frameon": False,
    "lines.linewidth": 2.0,
    "lines.markersize": 5,
    "svg.fonttype": "none",  # text stays text in SVG (selectable, small)
}


def figure(ncols=1, nrows=1, **kw):
    """A new figure in the house style: (fig, axes)."""
    with plt.rc_context(RC):
        size = kw.pop("figsize", (RC["figure.figsize"][0] * (1 if ncols == 1 else 0.75 * ncols),
                                  RC["figure.figsize"][1] * nrows))
        fig, ax = plt.subplots(nrows, ncols, figsize=size, layout="constrained", **kw)
    return fig, ax


def apply(ax):
    """Re-apply the house style to an axis created outside figure()."""
    for k in ("top", "right"):
        ax.spines[k].set_visible(False)
    ax.grid(True, color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)


def band(ax, x, values, color, label=None, marker="o", alpha=0.18):
    """Mean line with a min-max band over seeds/draws; values: a list of runs (each a list over x)."""
    v = np.asarray(values, dtype=float)
    if v.ndim == 1:
        v = v[None, :]
    mean = v.mean(0)
    ax.plot(x, mean, color=color, label=label, marker=marker)
    if v.shape[0] > 1:
        ax.fill_between(x, v.min(0), v.max(0), color=color, alpha=alpha, linewidth=0)
    return mean


def chance(ax, y=0.5, label="chance"):
    ax.axhline(y, color=GREY, linestyle=":", linewidth=1.2)
    ax.annotate(label, xy=(1, y), xycoords=("axes fraction", "data"), xytext=(-2, 3),
                textcoords="offset points", ha="right", va="bottom", color=GREY, fontsize=9)


def pct(x, digits=0):
    return f"{100 * x:.{digits}f}%"


def si(n):
    """1.2K, 3.4M, 5.6B: parameter counts for labels and alt text."""
    for unit, div in (("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if abs(n) >= div:
            v = n / div
            return f"{v:.3g}{unit}"
    return f"{n:.3g}"


def nbytes(b):
    for unit, div in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if abs(b) >= div:
            return f"{b / div:.3g} {unit}"
    return f"{b:.0f} B"


def provenance_note(fig, results_doc=None, text=None):
    """A small grey footnote (e.g. 'measured on CPU, 1 seed'), bottom right."""
    if text:
        fig.text(0.995, 0.005, text, ha="right", va="bottom", fontsize=8, color=GREY)


def unwrap(doc):
    """(results, provenance) from a results file's dict, or from its "results" part alone."""
    if isinstance(doc, dict) and "results" in doc and "provenance" in doc:
        return doc["results"], doc["provenance"]
    return doc, {}


def measured_note(prov):
    """'Measured on <device>, <date>' for a footnote, from the provenance (empty if none)."""
    if not prov:
        return ""
    kind = "quick run" if prov.get("quick") else "measured"
    return f"{kind} on {prov.get('device_name', prov.get('device', '?'))}, {str(prov.get('date', ''))[:10]}"
