"""ch1: zero/one/few-shot prompting, from figures/results/icl.json."""
from widget_helpers import acc, cleanest, doc_of, mask, shown, source, table

KIND = {0: "zero-shot", 1: "one-shot"}


def icl_shots(ctx):
    r, prov = doc_of(ctx, "icl")
    data = {"source": source("icl", prov), "shots": []}
    if r is None:
        return {"data": data, "twin": table("In-context learning accuracy vs. number of examples: "
                                           "not measured yet.", ["Examples k", "Accuracy"], [])}
    cfg = prov["config"]
    data.update(instruction=cfg["instruction"], template=cfg["template"], separator=cfg["separator"],
                label_words=cfg["label_words"], n_eval=shown(r["n_eval"]), draws=shown(cfg["draws"]))
    rows = []
    for k in r["shots"]:
        s = r["summary"][str(k)]
        a = s["accuracy"]
        runs = r["per_k"][str(k)]
        shown_draw = cleanest(runs, lambda run: [t for t, _ in run["examples"]])
        data["shots"].append({
            "k": k, "label": f"{k} ({KIND.get(k, 'few-shot')})" if k in KIND or k == max(r["shots"]) else str(k),
            "accuracy": acc(a["mean"]), "std": shown(a["std"] * 100, "num", 1),
            "min": acc(a["min"]), "max": acc(a["max"]), "draws": [acc(v) for v in a["values"]],
            "calibrated": acc(s["accuracy_contextual"]["mean"]),
            "calibrated_draws": [acc(v) for v in s["accuracy_contextual"]["values"]],
            "tokens": shown(s["prompt_tokens"]["mean"], "num", 0),
            "examples": [[mask(t), label] for t, label in runs[shown_draw]["examples"]],
            "draw": shown_draw + 1, "n_draws": len(runs),
        })
        d = data["shots"][-1]
        rows.append([str(k), d["accuracy"]["t"], f"{d['min']['t']} – {d['max']['t']}", d["calibrated"]["t"],
                     d["tokens"]["t"]])
    return {"data": data, "twin": table(f"In-context learning with SmolLM2-135M-Instruct on tweet sentiment: test accuracy on {data['n_eval']['t']} "
                                         f"held-out tweets for k examples in the prompt (mean and range over up to {data['draws']['t']} draws of "
                                         "the examples), after contextual calibration, and the prompt length in tokens.",
                                       ["k", "Accuracy", "Range", "Calibrated", "Tokens"], rows)}


WIDGETS = {"icl-shots": icl_shots}
