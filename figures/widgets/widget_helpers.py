"""Shared by this lecture's widget data functions (figures/widgets/*.py).

Every number a widget shows is computed here, at build time, from a results file
(ctx.results) or the formula module (ctx.formulas), and handed to the browser as
{"v": the number, "t": the text to show}: the text comes from the lecture's own
formatters (lecturekit.numfmt), so the slides, the handout and the widgets print a
number the same way, and a test can compare "v" with the results file exactly.
The browser only chooses which precomputed value to show; it does no arithmetic.
"""
import importlib.util
import math
import re
from pathlib import Path

from lecturekit import numfmt

NOT_MEASURED = "not measured yet"


def shown(value, fmt="num", *args):
    """{"v": value, "t": text}; None (no measurement) shows as 'not measured yet'."""
    if value is None:
        return {"v": None, "t": NOT_MEASURED}
    return {"v": value, "t": getattr(numfmt, fmt)(value, *args)}


def dollars(value):
    """$3,750; cents below $100 ($1.56)."""
    if value is None:
        return shown(None)
    return {"v": value, "t": "$" + numfmt.num(value, 2 if value < 100 else 0)}


def share(fraction):
    """A share of parameters as a percentage to three significant figures: 100%, 1.85%, 0.343%, 0.0108%."""
    if fraction <= 0:
        return shown(fraction, "pct", 0)
    return shown(fraction, "pct", max(0, 2 - math.floor(math.log10(fraction * 100))))


def acc(value):
    """An accuracy (fraction) as a percentage with one decimal."""
    return shown(value, "pct", 1)


def doc_of(ctx, name):
    """(results, provenance) of figures/results/<name>.json, or (None, None) if it has not been run."""
    doc = ctx.results(name)
    if not doc:
        return None, None
    return doc["results"], doc.get("provenance", {})


def source(name, prov):
    """Where the measured numbers come from, for the small print under a widget."""
    if prov is None:
        return {"name": name, "measured": False,
                "note": f"{name}: {NOT_MEASURED} (python build.py figures runs the experiment)"}
    kind = "quick run (not the full experiment)" if prov.get("quick") else "measured"
    device = prov.get("device_name") or prov.get("device", "?")
    return {"name": name, "measured": True, "quick": bool(prov.get("quick")),
            "note": f"figures/results/{name}.json: {kind} on {device}, {str(prov.get('date', ''))[:10]}"}


def plot_style():
    """figures/plots/style.py: the palette and method names the matplotlib figures use."""
    path = Path(__file__).resolve().parent.parent / "plots" / "style.py"
    spec = importlib.util.spec_from_file_location("lecture_plot_style_for_widgets", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def model_dims(ctx):
    """SmolLM2-135M's shapes and total parameter count, from whichever training results exist."""
    for name in ("peft_compare", "lora", "adapters"):
        r, _ = doc_of(ctx, name)
        if r and "dims" in r:
            total = r["full_ft"]["trainable"] if "full_ft" in r else r["per_method"]["full"]["trainable"]
            return {**r["dims"], "params": total}
    return None


def table(caption, header, rows):
    """The handout's static twin of a widget: a table of the numbers it shows.

    (Each chapter already prints the matching figure next to the widget, so a figure twin
    would print it twice.) No rows yet: one row saying so.
    """
    rows = rows or [[NOT_MEASURED] + [""] * (len(header) - 1)]
    return {"table": {"caption": caption, "header": header, "rows": rows}}


# Real tweets go on a projector: prefer example draws without these, and mask them where unavoidable.
_PROFANE = re.compile(r"\b(\w*fuck\w*|\w*shit\w*|nigg\w*|bitch\w*|cunts?|asshole\w*|dick(head)?s?|wtf|bullshit|damn\w*|hell|crap\w*)\b", re.I)


def is_clean(text):
    return _PROFANE.search(text) is None


def mask(text):
    """The text with profanity replaced by '[…]'."""
    return _PROFANE.sub("[…]", text)


def cleanest(draws, texts_of):
    """Index of the first draw whose texts are all clean, else of the draw with the fewest flagged texts."""
    scores = [sum(not is_clean(t) for t in texts_of(d)) for d in draws]
    return scores.index(min(scores))
