"""ch5: adapter architecture and bottleneck size: parameter counts from the formula module,
accuracy at the tested m from figures/results/adapters.json."""
from widget_helpers import acc, doc_of, model_dims, share, shown, source, table

BOTTLENECKS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
DEFAULT_M = 64


def adapter_architecture(ctx):
    F = ctx.formulas
    r, prov = doc_of(ctx, "adapters")
    dims = model_dims(ctx)
    models = []
    if dims:
        models.append({"id": "smollm2", "label": "SmolLM2-135M (our runs)", "d": dims["d_model"],
                       "layers": dims["layers"], "total": dims["params"], "bias": True})
    models += [{"id": "bert", "label": "BERT-large", "d": F.BERT_LARGE_D_MODEL, "layers": F.BERT_LARGE_LAYERS,
                "total": F.BERT_LARGE_PARAMS, "bias": False},
               {"id": "gpt3", "label": "GPT-3 175B", "d": F.GPT3_D_MODEL, "layers": F.GPT3_LAYERS,
                "total": F.GPT3_PARAMS, "bias": False}]
    # the slider's stops: powers of two, and every m we trained
    bottlenecks = sorted(set(BOTTLENECKS) | set(r["bottlenecks"] if r else []))
    for mod in models:
        mod["sizes"] = []
        for m in bottlenecks:
            total = F.adapter_model_params(mod["d"], m, mod["layers"], 2, bias=mod["bias"])
            mod["sizes"].append({"m": m, "params": shown(total, "si"), "params_exact": shown(total, "num"),
                                 "per_adapter": shown(F.adapter_params(mod["d"], m, bias=mod["bias"]), "num"),
                                 "fraction": share(F.fraction(total, mod["total"]))})
        mod.update(d=shown(mod["d"], "num"), layers=shown(mod["layers"]), adapters=shown(2 * mod["layers"]),
                   total=shown(mod["total"], "si"),
                   formula="2L(2dm + m + d)" if mod["bias"] else "2L · 2dm")
    measured = {}
    if r is not None:
        for m in r["bottlenecks"]:
            sw = r["sweep"][str(m)]
            measured[str(m)] = {"accuracy": acc(sw["test_accuracy_mean"]),
                                "std": shown(sw["test_accuracy_std"] * 100, "num", 1),
                                "trainable": shown(sw["trainable"], "si"),
                                "latency": shown(r["latency"]["overhead_vs_base"][str(m)] * 100, "num", 0)}
    data = {"source": source("adapters", prov), "models": models, "bottlenecks": bottlenecks,
            "default_m": DEFAULT_M, "measured": measured, "tested": sorted(int(m) for m in measured),
            "full_ft": acc(r["full_ft"]["test_accuracy_mean"]) if r else shown(None)}
    # The handout's twin: the counts for every m and model, and the accuracy where we measured it.
    rows = [[str(m)] + [f"{mod['sizes'][i]['params']['t']} ({mod['sizes'][i]['fraction']['t']})" for mod in models]
            + [measured[str(m)]["accuracy"]["t"] if str(m) in measured else ("not tested" if r else "not measured yet")]
            for i, m in enumerate(bottlenecks)]
    caption = ("Adapters, two per block: trainable parameters (share of the model) vs. bottleneck m, from the "
               "formula module, and the test accuracy we measured on SmolLM2-135M (tweet sentiment"
               + (f"; full fine-tuning: {data['full_ft']['t']})." if r else ")."))
    return {"data": data, "twin": table(caption, ["m"] + [mod["label"] for mod in models] + ["Accuracy (SmolLM2)"], rows)}


WIDGETS = {"adapter-architecture": adapter_architecture}
