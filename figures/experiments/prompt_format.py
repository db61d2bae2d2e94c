"""Prompt format sensitivity and contextual calibration (Zhao et al. 2021) on SmolLM2-135M-Instruct.

Each variant changes one thing in the baseline 4-shot prompt: the label words, the
separators, the instruction, or the order of the same four examples. Each is scored on the
same held-out tweets; recorded: raw accuracy, accuracy after contextual calibration with the
content-free input (divide each label's probability by its probability for "N/A",
renormalise), after batch calibration, and the share of "positive" predictions.
"""
import random

import numpy as np

import common



def build(fmt, examples):
    ex = {"n": [e for e in examples if e[1] == 0], "p": [e for e in examples if e[1] == 1]}
    used = {"n": 0, "p": 0}
    parts = []
    for c in fmt["order"]:
        t, lab = ex[c][used[c]]
        used[c] += 1
        parts.append(f"Tweet: {t}{fmt['field_sep']}Sentiment:{fmt['labels'][lab]}")
    prefix = fmt["instruction"] + fmt["example_sep"].join(parts) + fmt["example_sep"]
    return prefix, (lambda text: f"Tweet: {text}{fmt['field_sep']}Sentiment:")


def variants(cfg):
    base = cfg["baseline"]
    out = []
    for group, values in cfg["groups"].items():
        for v in values:
            fmt = dict(base)
            if group == "separator":
                fmt["field_sep"], fmt["example_sep"] = v
            else:
                fmt[group] = v
            out.append((group, v, fmt))
    return out


def score(model, tok, cfg, fmt, examples, queries, device):
    prefix, q = build(fmt, examples)
    logp = common.score_with_prefix(model, tok, prefix, [q(t) for t, _ in queries], fmt["labels"],
                                    cfg["batch_size"], device)
    cf = common.score_prompts(model, tok, [prefix + q(cfg["content_free"])], fmt["labels"], device=device)[0]
    labels = [lab for _, lab in queries]
    return {
        "accuracy": common.accuracy(logp, labels),
        "accuracy_calibrated": common.accuracy(common.contextual_calibrate(logp, cf), labels),
        "accuracy_batch_cal": common.accuracy(common.batch_calibrate(logp), labels),
        "positive_rate": float(np.mean(np.argmax(logp, 1) == 1)),
        "positive_rate_calibrated": float(np.mean(np.argmax(common.contextual_calibrate(logp, cf), 1) == 1)),
        "content_free_p_positive": float(np.exp(cf[1])),
        "prompt": prefix + q("{tweet}"),
    }


def run(cfg, device):
    data = common.load_tweets()
    queries = common.balanced(data["test"], cfg["n_eval"])
    model, tok = common.load_model(device)
    for words in [v for v in cfg["groups"].get("labels", [])] + [cfg["baseline"]["labels"]]:
        for w in words:
            assert len(tok.encode(w, add_special_tokens=False)) == 1, f"label word {w!r} is not one token"
    pool = [e for e in data["train"] if len(tok.encode(e[0], add_special_tokens=False)) <= cfg["max_example_tokens"]]
    rng = random.Random(cfg["example_seed"])
    examples = rng.sample([e for e in pool if e[1] == 0], cfg["k"] // 2) + rng.sample(
        [e for e in pool if e[1] == 1], cfg["k"] // 2)
    rows = []
    for group, value, fmt in common.progress(variants(cfg), desc="prompt formats", disable=None):
        key = {"fmt": fmt, "examples": examples, "n_eval": cfg["n_eval"], "cf": cfg["content_free"]}
        r = common.cached_point("prompt_format", key,
                                lambda: score(model, tok, cfg, fmt, examples, queries, device), CODE)
        rows.append({"group": group, "value": value, "is_baseline": fmt == cfg["baseline"], **r})
    return {"variants": rows, "examples": [[t, lab] for t, lab in examples], "n_eval": len(queries),
            "_data": {"eval": len(queries), "demo_pool": len(pool)}}


# What a cached point depends on (the hash of this source is part of its key).
CODE = [build, score] + common.SCORE_CODE
common.source_hash(CODE)  # remember the source as imported
