"""ch0: fine-tuning cost vs model size (figures/results/cost_memory.json, computed by the formula module)."""
from widget_helpers import doc_of, dollars, shown, source, table


def cost_vs_size(ctx):
    r, prov = doc_of(ctx, "cost_memory")
    F = ctx.formulas
    data = {"source": source("cost_memory", prov), "a100_gb": shown(F.A100_MEMORY_GB), "models": []}
    if r is None:
        return {"data": data, "twin": table("Fine-tuning cost vs. model size: not computed yet.", ["Model"], [])}
    data["bytes_per_param"] = shown(r["bytes_per_param"])
    data["peft_fraction"] = shown(prov["config"]["peft_trainable_fraction"], "pct", 1)
    data["price"] = dollars(F.gpu_hour_price())
    rows = []
    for m in r["models"]:
        data["models"].append({
            "name": m["name"],
            "params": shown(m["params"], "si"),
            "gpu_hours": shown(m["gpu_hours"], "num", 0 if float(m["gpu_hours"]).is_integer() else 1),
            "cost": dollars(m["cost_usd"]),
            "checkpoint": shown(m["checkpoint_fp16_bytes"], "nbytes"),
            "memory": shown(m["train_memory_bytes"], "nbytes"),
            "a100s": shown(m["a100s_full"]),
            "peft_memory": shown(m["peft_train_memory_bytes"], "nbytes"),
            "peft_a100s": shown(m["a100s_peft"]),
        })
        d = data["models"][-1]
        rows.append([m["name"], d["params"]["t"], d["gpu_hours"]["t"], d["cost"]["t"], d["memory"]["t"],
                     d["a100s"]["t"], d["checkpoint"]["t"]])
    caption = (f"Fine-tuning cost vs. model size: GPU-hours (the source lecture's estimates), cost at "
               f"{data['price']['t']} per A100-hour, and memory to train with Adam "
               f"({data['bytes_per_param']['t']} bytes per parameter, before activations), from the formula module.")
    return {"data": data, "twin": table(caption, ["Model", "Parameters", "GPU-hours", "Cost", "Training memory",
                                                  f"A100s ({F.A100_MEMORY_GB} GB)", "Checkpoint (fp16)"], rows)}


WIDGETS = {"cost-vs-size": cost_vs_size}
