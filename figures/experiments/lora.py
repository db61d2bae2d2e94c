"""LoRA on SmolLM2-135M: rank sweep, target ablation, ΔW spectrum, merge check, latency.

Rank sweep and target ablation are ordinary training runs (common.train_run, shared with
peft_compare through the point cache). The spectrum compares the singular values of one
attention matrix's update after full fine-tuning with the LoRA update B·A·(alpha/r) at each
rank, and with a Gaussian matrix of the same shape and norm as the full update (what an
update with no low-rank structure looks like). The merge check draws B at random (a trained
LoRA is no longer zero) and compares the outputs before and after merge_and_unload().
"""
import numpy as np
import torch

import common
from common import formulas as F


def spec(cfg, method, lr, seed):
    run = {**cfg["train"], "method": method, "lr": lr, "seed": seed}
    if method["kind"] == "full" or "q_proj" in method.get("targets", []):
        run["spectrum"] = cfg["spectrum"]
    return run


def lora_method(r, targets):
    return {"kind": "lora", "r": r, "alpha": 2 * r, "targets": list(targets)}


def summarize(r, dims):
    return {"trainable": r["trainable"],
            "trainable_formula": common.expected_trainable(dims, r["method"], r["n_params"]),
            "test_accuracy": r["test"]["accuracy"], "dev_accuracy": r["dev"][-1]["accuracy"],
            "dev_curve": [[e["step"], e["accuracy"]] for e in r["dev"]], "loss": r["loss"],
            "seconds_per_step": r["seconds_per_step"], "spectrum": r.get("spectrum")}


def runs(cfg, method, lr, device, data, desc):
    return [common.cached_train_run(spec(cfg, method, lr, s), device, data, desc=desc) for s in cfg["seeds"]]


def agg(rs, dims):
    s = [summarize(r, dims) for r in rs]
    acc = np.array([x["test_accuracy"] for x in s])
    return {**s[0], "test_accuracy_mean": float(acc.mean()), "test_accuracy_std": float(acc.std()),
            "test_accuracy_all": acc.tolist()}


@torch.no_grad()
def merge_check(cfg, device, texts, dtypes=("float32", "float64")):
    """Outputs of LoRA before and after merge_and_unload(), with B drawn at random.

    Per dtype: max |merged - unmerged| over the logits and over the next-token probabilities.
    In float32 the logits (up to ~35 in size) differ by ~1e-4 from rounding through 30 layers;
    in float64 the difference shows what is left of the algebra: W + B·A·α/r is the same map.
    """
    import peft
    out = {"texts": len(texts)}
    for dtype in dtypes:
        model, tok = common.load_model(device)
        model = model.to(getattr(torch, dtype))
        x, m = common.encode(tok, [common.cls_prompt(t) for t in texts], 64, device)
        base = model(input_ids=x, attention_mask=m).logits
        model = common.apply_method(model, tok, lora_method(cfg["merge_rank"], cfg["rank_targets"]), seed=0)
        init = model(input_ids=x, attention_mask=m).logits
        g = torch.Generator().manual_seed(1)
        for name, p in model.named_parameters():
            if "lora_B" in name:
                p.copy_((torch.randn(p.shape, generator=g) * cfg["merge_b_std"]).to(p.dtype))
        unmerged = model(input_ids=x, attention_mask=m).logits
        merged_model = model.merge_and_unload()
        assert not any(isinstance(mod, peft.tuners.lora.LoraLayer) for mod in merged_model.modules())
        merged = merged_model(input_ids=x, attention_mask=m).logits
        out[dtype] = {
            "init_vs_base_max_abs": float((init - base).abs().max()),
            "merged_vs_unmerged_max_abs": float((merged - unmerged).abs().max()),
            "merged_vs_unmerged_prob_max_abs": float((merged.softmax(-1) - unmerged.softmax(-1)).abs().max()),
            "lora_vs_base_max_abs": float((unmerged - base).abs().max()),
            "logit_scale_max_abs": float(unmerged.abs().max()),
        }
    # The headline numbers: the working precision (float32).
    out.update(out[dtypes[0]])
    return out


@torch.no_grad()
def latency(cfg, device, texts):
    """Median forward time of base, LoRA unmerged, LoRA merged and adapters, measured interleaved."""
    model, tok = common.load_model(device)
    ids = tok.encode(" ".join(texts), add_special_tokens=False)
    ids = (ids * (cfg["latency_tokens"] // max(len(ids), 1) + 1))[:cfg["latency_tokens"]]
    x = torch.tensor([ids] * cfg["latency_batch"], device=device)
    method = lora_method(cfg["merge_rank"], cfg["rank_targets"])
    unmerged = common.apply_method(common.load_model(device)[0], tok, method, seed=0)
    merged = common.apply_method(common.load_model(device)[0], tok, method, seed=0).merge_and_unload()
    adapters = common.add_adapters(common.load_model(device)[0], cfg["adapter_m"])
    models = {"base": model, "lora_unmerged": unmerged, "lora_merged": merged, "adapters": adapters}
    out = common.timed_many({k: (lambda m=m: m(input_ids=x)) for k, m in models.items()},
                            cfg["latency_repeats"], 2, device)
    return {"seconds": out, "batch": cfg["latency_batch"], "tokens": cfg["latency_tokens"],
            "repeats": cfg["latency_repeats"], "adapter_m": cfg["adapter_m"],
            "overhead_vs_base": {k: v / out["base"] - 1 for k, v in out.items()}}


def run(cfg, device):
    from peft_compare import dims_of_model
    data = common.load_tweets(seed=cfg["train"]["data_seed"])
    dims = dims_of_model()
    full = agg(runs(cfg, {"kind": "full"}, cfg["full_lr"], device, data, "full FT"), dims)
    rank = {}
    for r in common.progress(cfg["ranks"], desc="LoRA ranks", disable=None):
        rank[str(r)] = agg(runs(cfg, lora_method(r, cfg["rank_targets"]), cfg["lr"], device, data, f"LoRA r={r}"), dims)
    targets = {}
    for name, t in common.progress(list(cfg["target_sets"].items()), desc="LoRA targets", disable=None):
        targets[name] = agg(runs(cfg, lora_method(cfg["target_rank"], t), cfg["lr"], device, data, f"LoRA {name}"), dims)
        targets[name]["targets"] = t
    # Spectrum: full update vs LoRA updates vs a structureless update of the same size.
    fs = full["spectrum"]
    g = np.random.default_rng(0).standard_normal(fs["shape"])
    g *= fs["frobenius"] / np.linalg.norm(g)
    gauss = np.linalg.svd(g, compute_uv=False)
    spectrum = {"layer": cfg["spectrum"], "shape": fs["shape"], "full": fs,
                "lora": {r: v["spectrum"] for r, v in rank.items()},
                "gaussian_same_norm": {"singular_values": gauss.tolist()}}
    texts = [t for t, _ in common.balanced(data["test"], cfg["merge_texts"])]
    merge = common.cached_point("lora-merge", {k: cfg[k] for k in ("merge_rank", "merge_b_std", "rank_targets")} |
                                {"texts": texts}, lambda: merge_check(cfg, device, texts), MERGE_CODE)
    lat = latency(cfg, device, texts)  # timings are not cached: they describe this machine now
    for d in list(rank.values()) + list(targets.values()):
        d.pop("spectrum", None)
    full.pop("spectrum", None)
    return {"dims": dims, "full_ft": full, "rank_sweep": rank, "targets": targets, "target_rank": cfg["target_rank"],
            "spectrum": spectrum,
            "merge": merge, "latency": lat, "formula_ok": all(
                v["trainable"] == v["trainable_formula"] for v in list(rank.values()) + list(targets.values())),
            "lora_params_per_rank": {str(r): F.lora_params(dims["d_model"], dims["d_model"], r) for r in cfg["ranks"]},
            "_data": {"train": len(data["train"]), "dev": cfg["train"]["n_dev"], "test": cfg["train"]["n_test"]}}


MERGE_CODE = [merge_check, lora_method]
common.source_hash(MERGE_CODE)  # remember the source as imported
