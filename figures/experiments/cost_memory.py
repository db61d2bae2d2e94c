"""Fine-tuning memory and cost vs model size, from the formula module (no training).

For each model size the lecture tabulates: training memory with Adam (weights, gradients,
moments; activations not included), the A100s it needs, checkpoint sizes, the cost of the
source lecture's GPU-hour estimate, and the same memory for a PEFT method that trains
peft_trainable_fraction of the parameters.
"""
import numpy as np

from common import formulas as F


def row(n, cfg):
    full = F.train_memory_bytes(n, n, cfg["weight_bytes"], cfg["grad_bytes"], cfg["moment_bytes"])
    peft = F.train_memory_bytes(n, n * cfg["peft_trainable_fraction"], cfg["weight_bytes"], cfg["grad_bytes"],
                                cfg["moment_bytes"])
    return {
        "params": n,
        "weights_bytes": F.weights_bytes(n, cfg["weight_bytes"]),
        "gradients_bytes": F.weights_bytes(n, cfg["grad_bytes"]),
        "optimizer_bytes": F.optimizer_bytes(n, cfg["moment_bytes"]),
        "train_memory_bytes": full,
        "peft_train_memory_bytes": peft,
        "a100s_full": F.gpus_needed(full),
        "a100s_peft": F.gpus_needed(peft),
        "checkpoint_fp32_bytes": F.weights_bytes(n, 4),
        "checkpoint_fp16_bytes": F.weights_bytes(n, 2),
    }


def run(cfg, device):
    models = []
    for name, n, gpu_hours in cfg["models"]:
        models.append({"name": name, **row(n, cfg), "gpu_hours": gpu_hours,
                       "cost_usd": F.finetune_cost(gpu_hours)})
    grid = np.geomspace(cfg["grid_min"], cfg["grid_max"], cfg["grid_points"]).tolist()
    return {
        "models": models,
        "grid": [row(n, cfg) for n in grid],
        "a100_bytes": F.A100_MEMORY_GB * F.GB,
        "bytes_per_param": F.adam_bytes_per_param(cfg["weight_bytes"], cfg["grad_bytes"], cfg["moment_bytes"]),
        "largest_on_one_a100": F.A100_MEMORY_GB * F.GB / F.adam_bytes_per_param(
            cfg["weight_bytes"], cfg["grad_bytes"], cfg["moment_bytes"]),
        "_data": {},
    }
