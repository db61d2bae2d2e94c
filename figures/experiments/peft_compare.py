"""Full fine-tuning vs LoRA vs DoRA vs adapters vs prompt tuning vs prefix tuning vs IA3.

Same data, same batches, same number of steps, one seed per run (configurable). For each
method: the training loss per step, dev accuracy every eval_every steps, test accuracy at the
end, trainable parameters (measured, and from the formula module), median seconds per step,
and memory split into weights / gradients / optimizer state / activations (measured from the
tensors themselves: parameters, .grad, the optimizer's state, and the tensors autograd saves
for backward), beside formulas.train_memory_bytes() with fp32 sizes.
"""
import numpy as np

import common
from common import formulas as F


def run_spec(cfg, method, seed):
    """The training-run config (JSON-able) that common.cached_train_run keys on."""
    m = {k: v for k, v in method.items() if k != "lr"}
    run = {**cfg["train"], "method": m, "lr": method["lr"], "seed": seed}
    if m["kind"] in ("full", "lora", "dora") and "q_proj" in m.get("targets", ["q_proj"]):
        run["spectrum"] = cfg["spectrum"]
    return run


def predicted_memory(r, dims):
    """The formula module's split for this run, fp32 throughout (4-byte weights, grads, moments)."""
    n, t = r["n_params"], r["trainable"]
    mem = r["memory"]
    act = F.transformer_activation_bytes(mem["seq_len"], mem["tokens_per_batch"] // mem["seq_len"],
                                         dims["d_model"], dims["heads"], dims["layers"]) * 2  # fp32: x2
    return {"weights": F.weights_bytes(n, 4), "gradients": F.weights_bytes(t, 4),
            "optimizer": F.optimizer_bytes(t, 4), "activations": act,
            "total_without_activations": F.train_memory_bytes(n, t, 4, 4, 4),
            "total": F.train_memory_bytes(n, t, 4, 4, 4, activation_bytes=act)}


def summarize(r, dims):
    last = r["dev"][-1]
    return {
        "trainable": r["trainable"],
        "trainable_formula": common.expected_trainable(dims, r["method"], r["n_params"]),
        "trainable_fraction": r["trainable"] / r["n_params"],
        "test_accuracy": r["test"]["accuracy"], "dev_accuracy": last["accuracy"],
        "dev_accuracy_start": r["dev"][0]["accuracy"],
        "seconds_per_step": r["seconds_per_step"],
        "memory": r["memory"], "memory_predicted": predicted_memory(r, dims),
    }


def dims_of_model():
    from transformers import AutoConfig
    return common.model_dims(AutoConfig.from_pretrained(common.ensure_model()))


def run(cfg, device):
    data = common.load_tweets(seed=cfg["train"]["data_seed"])
    dims = dims_of_model()
    runs = {}
    for name, method in common.progress(list(cfg["methods"].items()), desc="PEFT methods", disable=None):
        runs[name] = [common.cached_train_run(run_spec(cfg, method, s), device, data, desc=name) for s in cfg["seeds"]]
    out = {"methods": list(cfg["methods"]), "dims": dims, "per_method": {}}
    for name, rs in runs.items():
        s = [summarize(r, dims) for r in rs]
        acc = np.array([x["test_accuracy"] for x in s])
        out["per_method"][name] = {
            "config": cfg["methods"][name], **s[0],
            "test_accuracy_mean": float(acc.mean()), "test_accuracy_std": float(acc.std()),
            "loss": [r["loss"] for r in rs],
            "dev_curve": [[{"step": e["step"], "accuracy": e["accuracy"], "loss": e["loss"]} for e in r["dev"]] for r in rs],
            "seconds_per_step_all": [r["seconds_per_step"] for r in rs],
        }
        if "spectrum" in rs[0]:
            out["per_method"][name]["spectrum"] = rs[0]["spectrum"]
    out["_data"] = rs[0]["sizes"] if runs else {}
    return out
