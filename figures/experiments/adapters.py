"""Houlsby adapters: bottleneck size m vs trainable parameters vs accuracy, and added latency.

The adapter module is common.HoulsbyAdapter (down-projection d->m, GELU, up-projection m->d
initialised to zero, residual), inserted after the attention and after the MLP of every
frozen block by common.add_adapters. Trainable parameters are checked against
formulas.adapter_model_params(d, m, layers, 2, bias=True).
"""
import torch

import common
from common import formulas as F


def run(cfg, device):
    from lora import agg
    from peft_compare import dims_of_model
    data = common.load_tweets(seed=cfg["train"]["data_seed"])
    dims = dims_of_model()

    def runs(method, lr, desc):
        return [common.cached_train_run({**cfg["train"], "method": method, "lr": lr, "seed": s,
                                         **({"spectrum": "model.layers.15.self_attn.q_proj"} if method["kind"] == "full" else {})},
                                        device, data, desc=desc) for s in cfg["seeds"]]

    full = agg(runs({"kind": "full"}, cfg["full_lr"], "full FT"), dims)
    full.pop("spectrum", None)
    sweep = {}
    for m in common.progress(cfg["bottlenecks"], desc="adapter m", disable=None):
        sweep[str(m)] = agg(runs({"kind": "adapters", "m": m}, cfg["lr"], f"adapters m={m}"), dims)
        sweep[str(m)].pop("spectrum", None)
        sweep[str(m)]["fraction"] = F.fraction(sweep[str(m)]["trainable"], full["trainable"])

    # Latency: base vs adapters at each m, measured interleaved (not cached: it describes this machine now).
    model, tok = common.load_model(device)
    ids = tok.encode(" ".join(t for t, _ in data["test"][:20]), add_special_tokens=False)[:cfg["latency_tokens"]]
    x = torch.tensor([ids] * cfg["latency_batch"], device=device)
    models = {"base": model}
    for m in cfg["bottlenecks"]:
        models[str(m)] = common.add_adapters(common.load_model(device)[0], m)
    with torch.no_grad():
        lat = common.timed_many({k: (lambda mdl=mdl: mdl(input_ids=x)) for k, mdl in models.items()},
                                cfg["latency_repeats"], 2, device)
    return {"dims": dims, "full_ft": full, "sweep": sweep, "bottlenecks": cfg["bottlenecks"],
            "formula_ok": all(v["trainable"] == v["trainable_formula"] for v in sweep.values()),
            "latency": {"seconds": lat, "batch": cfg["latency_batch"], "tokens": len(ids),
                        "overhead_vs_base": {k: v / lat["base"] - 1 for k, v in lat.items() if k != "base"}},
            "_data": {"train": len(data["train"]), "dev": cfg["train"]["n_dev"], "test": cfg["train"]["n_test"]}}
