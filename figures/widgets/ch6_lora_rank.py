"""ch6: LoRA rank slider: counts from the formula module, accuracy at the tested ranks from
figures/results/lora.json."""
from lecturekit.numfmt import num
from widget_helpers import acc, doc_of, model_dims, share, shown, source, table

RANKS = [1, 2, 4, 8, 16, 32, 64, 128, 256]
DEFAULT_R = 8


def lora_rank(ctx):
    F = ctx.formulas
    r, prov = doc_of(ctx, "lora")
    dims = model_dims(ctx)
    mats = [{"id": "gpt3", "label": "GPT-3 W_q", "d": F.GPT3_D_MODEL, "k": F.GPT3_D_MODEL}]
    if dims:
        mats.append({"id": "smollm2", "label": "SmolLM2-135M q_proj (our runs)", "d": dims["d_model"], "k": dims["d_model"]})
    ranks = sorted(set(RANKS) | set(int(x) for x in (r["rank_sweep"] if r else [])))   # every rank we trained is a stop
    for m in mats:
        full = F.matrix_params(m["d"], m["k"])
        m["ranks"] = []
        for rank in ranks:
            lora = F.lora_params(m["d"], m["k"], rank)
            m["ranks"].append({"r": rank, "lora": shown(lora, "num"), "full": shown(full, "num"),
                               "ratio": shown(F.ratio(full, lora), "times", 1 if F.ratio(full, lora) < 10 else 0),
                               "fraction": share(F.fraction(lora, full)),
                               "b_shape": f"{num(m['d'])} × {rank}", "a_shape": f"{rank} × {num(m['k'])}"})
        m.update(shape=f"{num(m['d'])} × {num(m['k'])}")
    measured = {}
    if r is not None:
        total = r["full_ft"]["trainable"]
        for rank, v in r["rank_sweep"].items():
            measured[rank] = {"accuracy": acc(v["test_accuracy_mean"]), "trainable": shown(v["trainable"], "num"),
                              "fraction": share(F.fraction(v["trainable"], total))}
    targets = ", ".join(t.replace("_proj", "") for t in prov["config"]["rank_targets"]) if r else ""
    data = {"source": source("lora", prov), "matrices": mats, "default_r": DEFAULT_R, "ranks": ranks,
            "measured": measured, "tested": sorted(int(k) for k in measured), "targets": targets,
            "layers": shown(r["dims"]["layers"]) if r else shown(None),
            "full_ft": acc(r["full_ft"]["test_accuracy_mean"]) if r else shown(None)}
    # The handout's twin: per rank, the counts for one matrix and what we measured on SmolLM2.
    g = mats[0]
    rows = [[str(x["r"]), x["lora"]["t"], x["ratio"]["t"]]
            + ([measured[str(x["r"])]["trainable"]["t"], measured[str(x["r"])]["accuracy"]["t"]] if str(x["r"]) in measured
               else ["—", "not tested" if r else "not measured yet"]) for x in g["ranks"]]
    caption = (f"LoRA rank r: parameters of the update of one {g['shape']} matrix ({g['label']}; the full update has "
               f"{g['ranks'][0]['full']['t']}), from the formula module, and what we measured on SmolLM2-135M with "
               f"LoRA on {targets or 'q, v'} in every layer" + (f" (full fine-tuning: {data['full_ft']['t']})." if r else "."))
    return {"data": data, "twin": table(caption, ["r", "r(d + k)", "Reduction", "Trainable (SmolLM2)", "Accuracy"], rows)}


WIDGETS = {"lora-rank": lora_rank}
