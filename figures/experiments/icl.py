"""In-context learning: accuracy of SmolLM2-135M-Instruct vs the number of examples k.

For each k, `draws` random sets of k labelled training tweets form the prompt; each set
scores the same n_eval held-out tweets by comparing the two label words' probabilities at
the end of the prompt. Recorded per draw: raw accuracy, accuracy after contextual
calibration (content-free input "N/A", Zhao et al. 2021) and after batch calibration (Zhou
et al. 2023), the share of "positive" predictions (the label bias), and the prompt length
in tokens.
"""
import random

import numpy as np

import common



def demo(cfg, text, label):
    return cfg["template"].format(text=text) + cfg["label_words"][label]


def build_prefix(cfg, examples):
    return cfg["instruction"] + "".join(demo(cfg, t, lab) + cfg["separator"] for t, lab in examples)


def draw_examples(pool, k, seed):
    return random.Random(seed).sample(pool, k) if k else []


def score_set(model, tok, cfg, examples, queries, device):
    prefix = build_prefix(cfg, examples)
    prompts = [cfg["template"].format(text=t) for t, _ in queries]
    words = cfg["label_words"]
    logp = common.score_with_prefix(model, tok, prefix, prompts, words, cfg["batch_size"], device)
    cf = common.score_prompts(model, tok, [prefix + cfg["template"].format(text="N/A")], words, device=device)[0]
    labels = [lab for _, lab in queries]
    q_tokens = np.mean([len(tok.encode(p, add_special_tokens=False)) for p in prompts])
    return {
        "accuracy": common.accuracy(logp, labels),
        "accuracy_contextual": common.accuracy(common.contextual_calibrate(logp, cf), labels),
        "accuracy_batch_cal": common.accuracy(common.batch_calibrate(logp), labels),
        "positive_rate": float(np.mean(np.argmax(logp, 1) == 1)),
        "prompt_tokens": float(len(tok.encode(prefix, add_special_tokens=False)) + q_tokens),
        "examples": [[t, lab] for t, lab in examples],
    }


def run(cfg, device):
    data = common.load_tweets()
    queries = common.balanced(data["test"], cfg["n_eval"])
    model, tok = common.load_model(device)
    pool = [e for e in data["train"] if len(tok.encode(e[0], add_special_tokens=False)) <= cfg["max_example_tokens"]]
    keyc = {k: cfg[k] for k in ("n_eval", "instruction", "template", "separator", "label_words", "max_example_tokens")}
    points = [(k, d) for k in cfg["shots"] for d in range(1 if k == 0 else cfg["draws"])]
    per_k = {str(k): [] for k in cfg["shots"]}
    for k, d in common.progress(points, desc="ICL k x draw", disable=None):
        seed = cfg["draw_seed"] * 1_000_003 + k * 1000 + d
        ex = draw_examples(pool, k, seed)
        per_k[str(k)].append(common.cached_point(
            "icl", {**keyc, "k": k, "seed": seed},
            lambda: score_set(model, tok, cfg, ex, queries, device), CODE))
    summary = {}
    for k, rows in per_k.items():
        s = {}
        for m in ("accuracy", "accuracy_contextual", "accuracy_batch_cal", "positive_rate", "prompt_tokens"):
            v = np.array([r[m] for r in rows])
            s[m] = {"mean": float(v.mean()), "std": float(v.std()), "min": float(v.min()), "max": float(v.max()),
                    "values": v.tolist()}
        summary[k] = s
    return {"shots": cfg["shots"], "per_k": per_k, "summary": summary, "n_eval": len(queries),
            "_data": {"eval": len(queries), "demo_pool": len(pool), "train": len(data["train"])}}


# What a cached point depends on (the hash of this source is part of its key).
CODE = [demo, build_prefix, draw_examples, score_set] + common.SCORE_CODE
common.source_hash(CODE)  # remember the source as imported
