"""Chain-of-thought on a 135M model: direct answers vs "Let's think step by step" vs worked examples.

Problems are generated from templates with seeded numbers (2-3 arithmetic steps each), so the
model cannot have memorised them. Every condition answers the same problems with greedy
decoding; the answer is the number after "answer is" if present, else the last number in the
output (direct conditions: the first number). Reported: exact-match accuracy per condition,
mean generated tokens, wall time, and sample outputs.
"""
import random
import re
import time

import numpy as np
import torch

import common

NAMES = ["Tom", "Ana", "Ravi", "Mia", "Kofi", "Lena", "Sam", "Yuki"]


def make_problem(rng, i):
    name = rng.choice(NAMES)
    kind = i % 4
    if kind == 0:
        a, b, c = rng.randint(5, 20), rng.randint(2, 15), rng.randint(1, 5)
        q = f"{name} has {a} apples. {name} buys {b} more apples and then gives {c} apples to a friend. How many apples does {name} have now?"
        steps = [f"{name} starts with {a} apples.", f"After buying {b} more: {a} + {b} = {a + b}.",
                 f"After giving away {c}: {a + b} - {c} = {a + b - c}."]
        ans = a + b - c
    elif kind == 1:
        a, b, c = rng.randint(3, 12), rng.randint(2, 6), rng.randint(1, 9)
        q = f"A box holds {a} pencils. {name} buys {b} boxes and then loses {c} pencils. How many pencils does {name} have?"
        steps = [f"{b} boxes of {a} pencils: {b} x {a} = {a * b}.", f"After losing {c}: {a * b} - {c} = {a * b - c}."]
        ans = a * b - c
    elif kind == 2:
        a, b, c = rng.randint(5, 25), rng.randint(2, 7), rng.randint(3, 30)
        q = f"{name} reads {a} pages a day for {b} days, and then {c} more pages. How many pages does {name} read in total?"
        steps = [f"{a} pages a day for {b} days: {a} x {b} = {a * b}.", f"Plus {c} more: {a * b} + {c} = {a * b + c}."]
        ans = a * b + c
    else:
        c, each, b = rng.randint(2, 6), rng.randint(2, 9), rng.randint(1, 10)
        a = c * each + b
        q = f"There are {a} cookies. {name} eats {b} of them and shares the rest equally among {c} friends. How many cookies does each friend get?"
        steps = [f"After eating {b}: {a} - {b} = {a - b}.", f"Shared among {c} friends: {a - b} / {c} = {each}."]
        ans = each
    return {"question": q, "steps": steps, "answer": ans}


def messages(cond, prob, shots):
    direct = "Answer with just the number."
    msgs = []
    if cond.startswith("few_shot"):
        for s in shots:
            if cond == "few_shot_cot":
                msgs += [{"role": "user", "content": s["question"]},
                         {"role": "assistant", "content": " ".join(s["steps"]) + f" The answer is {s['answer']}."}]
            else:
                msgs += [{"role": "user", "content": s["question"] + "\n" + direct},
                         {"role": "assistant", "content": str(s["answer"])}]
    if cond == "direct" or cond == "few_shot_direct":
        msgs.append({"role": "user", "content": prob["question"] + "\n" + direct})
    elif cond == "zero_shot_cot":
        msgs.append({"role": "user", "content": prob["question"] + "\nLet's think step by step."})
    else:
        msgs.append({"role": "user", "content": prob["question"]})
    return msgs


def extract(text, cond):
    m = re.search(r"answer is:?\s*\$?(-?\d+(?:\.\d+)?)", text, re.I)
    nums = re.findall(r"-?\d+(?:\.\d+)?", text.replace(",", ""))
    if m:
        v = m.group(1)
    elif not nums:
        return None
    else:
        v = nums[0] if "direct" in cond else nums[-1]
    return float(v)


@torch.no_grad()
def generate(model, tok, prompts, max_new, device, batch_size):
    outs, n_tokens = [], []
    for i in range(0, len(prompts), batch_size):
        enc = tok(prompts[i:i + batch_size], return_tensors="pt", padding=True, add_special_tokens=False).to(device)
        gen = model.generate(**enc, max_new_tokens=max_new, do_sample=False, pad_token_id=tok.pad_token_id,
                             eos_token_id=tok.convert_tokens_to_ids("<|im_end|>"))
        new = gen[:, enc["input_ids"].shape[1]:]
        for row in new:
            ids = [t for t in row.tolist() if t != tok.pad_token_id]
            n_tokens.append(len(ids))
            outs.append(tok.decode(ids, skip_special_tokens=True))
    return outs, n_tokens


def run_condition(model, tok, cfg, cond, problems, shots, device):
    prompts = [tok.apply_chat_template(messages(cond, p, shots), tokenize=False, add_generation_prompt=True)
               for p in problems]
    t0 = time.time()
    outs, ntok = generate(model, tok, prompts, cfg["max_new_tokens"][cond], device, cfg["batch_size"])
    wall = time.time() - t0
    preds = [extract(o, cond) for o in outs]
    correct = [p is not None and abs(p - pr["answer"]) < 1e-6 for p, pr in zip(preds, problems)]
    return {
        "accuracy": float(np.mean(correct)), "correct": correct, "predictions": preds,
        "mean_new_tokens": float(np.mean(ntok)), "seconds": wall,
        "samples": [{"question": p["question"], "answer": p["answer"], "output": o, "prediction": pr, "correct": c}
                    for p, o, pr, c in list(zip(problems, outs, preds, correct))[:cfg["n_samples"]]],
        "prompt_example": prompts[0],
    }


def run(cfg, device):
    rng = random.Random(cfg["problem_seed"])
    problems = [make_problem(rng, i) for i in range(cfg["n_problems"])]
    shot_rng = random.Random(10_000 + cfg["problem_seed"])
    shots = [make_problem(shot_rng, i) for i in range(cfg["n_shots"])]
    model, tok = common.load_model(device)
    res = {}
    for cond in common.progress(cfg["conditions"], desc="CoT conditions", disable=None):
        key = {"cond": cond, "problems": problems, "shots": shots, "max_new": cfg["max_new_tokens"][cond],
               "n_samples": cfg["n_samples"]}
        res[cond] = common.cached_point("cot", key, lambda: run_condition(model, tok, cfg, cond, problems, shots, device), CODE)
    n = len(problems)
    return {
        "conditions": cfg["conditions"],
        "accuracy": {c: res[c]["accuracy"] for c in cfg["conditions"]},
        "stderr": {c: float(np.sqrt(res[c]["accuracy"] * (1 - res[c]["accuracy"]) / n)) for c in cfg["conditions"]},
        "per_condition": res, "n_problems": n, "templates": 4,
        "_data": {"problems": n, "shots": len(shots)},
    }


# What a cached point depends on (the hash of this source is part of its key).
CODE = [make_problem, messages, extract, generate, run_condition] + common.SCORE_CODE
common.source_hash(CODE)  # remember the source as imported
