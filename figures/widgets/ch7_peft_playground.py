"""ch7: the PEFT playground: measured training runs of each method, from figures/results/peft_compare.json."""
from widget_helpers import acc, doc_of, plot_style, share, shown, source, table

# Which parts of a transformer each method trains (drawn lit in the block diagram).
PARTS = {"full": ["embed", "q", "k", "v", "o", "mlp", "norm", "head"], "lora": ["lora"], "dora": ["lora", "magnitude"],
         "adapters": ["adapter"], "prompt": ["soft_prompt"], "prefix": ["prefix"], "ia3": ["ia3"]}
MEMORY_PARTS = ["weights", "gradients", "optimizer", "activations"]


def describe(cfg):
    kind = cfg.get("kind")
    if kind in ("lora", "dora"):
        return f"r = {cfg['r']} on {', '.join(t.replace('_proj', '') for t in cfg['targets'])}"
    if kind == "adapters":
        return f"bottleneck m = {cfg['m']}, two per block"
    if kind in ("prompt", "prefix"):
        return f"{cfg['tokens']} virtual tokens" + (" in every layer" if kind == "prefix" else " at the input")
    if kind == "ia3":
        return "scales keys, values, FFN"
    return "every weight"


def peft_playground(ctx):
    r, prov = doc_of(ctx, "peft_compare")
    data = {"source": source("peft_compare", prov), "methods": []}
    if r is None:
        return {"data": data, "twin": table("PEFT methods compared: not measured yet.",
                                           ["Method", "Trainable", "Accuracy"], [])}
    style = plot_style()
    train = prov["config"]["train"]
    colors = dict(zip(MEMORY_PARTS, [style.BLUE, style.ORANGE, style.PURPLE, style.GREEN]))
    rows = []
    for name in r["methods"]:
        p = r["per_method"][name]
        cfg = p["config"]
        mem = {k: shown(p["memory"][k], "nbytes") for k in MEMORY_PARTS}
        total = sum(p["memory"][k] for k in MEMORY_PARTS)
        data["methods"].append({
            "id": name, "label": style.METHOD_LABELS.get(name, name), "color": style.METHOD_COLORS.get(name, style.GREY),
            "kind": cfg["kind"], "parts": PARTS.get(cfg["kind"], []), "detail": describe(cfg),
            "lr": shown(cfg["lr"], "num", 5).get("t").rstrip("0"),
            "trainable": shown(p["trainable"], "num"), "trainable_si": shown(p["trainable"], "si"),
            "fraction": share(p["trainable_fraction"]),
            "memory": mem, "memory_total": shown(total, "nbytes"),
            "seconds_per_step": shown(p["seconds_per_step"], "num", 2),
            "accuracy": acc(p["test_accuracy_mean"]), "accuracy_std": shown(p["test_accuracy_std"] * 100, "num", 1),
            "loss": p["loss"][0], "loss_first": shown(p["loss"][0][0], "num", 2), "loss_last": shown(p["loss"][0][-1], "num", 2),
            "dev": [[e["step"], e["accuracy"]] for e in p["dev_curve"][0]],
        })
        d = data["methods"][-1]
        rows.append([d["label"], d["detail"], f"{d['trainable']['t']} ({d['fraction']['t']})", d["memory_total"]["t"],
                     d["seconds_per_step"]["t"] + " s", d["accuracy"]["t"]])
    data.update(steps=shown(train["steps"]), batch=shown(train["batch_size"]), n_test=shown(train["n_test"]),
                seeds=shown(len(prov["config"]["seeds"])), memory_colors=colors,
                total_params=shown(r["per_method"][r["methods"][0]]["trainable"] / r["per_method"][r["methods"][0]]["trainable_fraction"], "si"))
    return {"data": data, "twin": table(f"PEFT methods on SmolLM2-135M-Instruct, tweet sentiment, {data['steps']['t']} steps of batch "
                                         f"{data['batch']['t']}: trainable parameters, measured memory of one training step (fp32), "
                                         f"time per step and test accuracy ({data['n_test']['t']} tweets). The slides play back each run's loss curve.",
                                       ["Method", "Setting", "Trainable", "Memory", "Time/step", "Accuracy"], rows)}


WIDGETS = {"peft-playground": peft_playground}
