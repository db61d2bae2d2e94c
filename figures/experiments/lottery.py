"""Lottery tickets (Frankle & Carbin 2019) on digits, and one-shot magnitude pruning of SmolLM2.

IMP: train, prune prune_rate of the smallest-magnitude surviving weights of each layer,
rewind the survivors to their values at initialisation, train again; repeat. The control
trains the same masks from a fresh random initialisation. The LLM part prunes each linear
layer of SmolLM2-135M's blocks to a sparsity (no retraining) and measures perplexity on
held-out tweets.
"""
import math

import numpy as np
import torch

import common



# --- MLP on digits ----------------------------------------------------------------
def digits_split(cfg):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=cfg["test_fraction"], stratify=y,
                                          random_state=cfg["split_seed"])
    t = lambda a, dt: torch.tensor(a, dtype=dt)  # noqa: E731
    return t(Xtr, torch.float32), t(ytr, torch.long), t(Xte, torch.float32), t(yte, torch.long)


def make_mlp(hidden, seed):
    torch.manual_seed(seed)
    sizes = [64] + list(hidden) + [10]
    layers = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers += [torch.nn.Linear(a, b), torch.nn.ReLU()]
    return torch.nn.Sequential(*layers[:-1])


def linears(model):
    return [m for m in model if isinstance(m, torch.nn.Linear)]


def train_mlp(model, masks, data, cfg, seed):
    Xtr, ytr, Xte, yte = data
    opt = torch.optim.Adam(model.parameters(), lr=cfg["lr"])
    g = torch.Generator().manual_seed(seed)
    lins = linears(model)
    for _ in range(cfg["epochs"]):
        perm = torch.randperm(len(Xtr), generator=g)
        for i in range(0, len(Xtr), cfg["batch_size"]):
            idx = perm[i:i + cfg["batch_size"]]
            loss = torch.nn.functional.cross_entropy(model(Xtr[idx]), ytr[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            with torch.no_grad():
                for lin, mask in zip(lins, masks):
                    lin.weight.mul_(mask)
    with torch.no_grad():
        return float((model(Xte).argmax(1) == yte).float().mean())


def magnitude_masks(model, masks, rate):
    """Prune `rate` of each layer's surviving weights (the output layer at half the rate, as in the paper)."""
    new = []
    lins = linears(model)
    for j, (lin, mask) in enumerate(zip(lins, masks)):
        r = rate / 2 if j == len(lins) - 1 else rate
        w = lin.weight.detach().abs()[mask.bool()]
        k = int(round(r * w.numel()))
        if k == 0:
            new.append(mask.clone())
            continue
        thresh = torch.kthvalue(w, k).values
        new.append(mask * (lin.weight.detach().abs() > thresh).float())
    return new


def remaining(masks):
    return float(sum(m.sum() for m in masks) / sum(m.numel() for m in masks))


def imp_seed(cfg, seed, data):
    # A tiny MLP runs ~15x faster on one thread than on two (thread overhead dominates).
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return _imp_seed(cfg, seed, data)
    finally:
        torch.set_num_threads(threads)


def _imp_seed(cfg, seed, data):
    model = make_mlp(cfg["hidden"], seed)
    init = {k: v.clone() for k, v in model.state_dict().items()}
    masks = [torch.ones_like(l.weight) for l in linears(model)]
    out = {"remaining": [], "rewind": [], "reinit": [], "masks_grid": [], "grid_init": None}
    gs = cfg["grid_size"]
    out["grid_init"] = init["0.weight"][:gs, :gs].tolist()
    bar = common.progress(range(cfg["rounds"] + 1), desc=f"IMP seed {seed}", disable=None)
    for rnd in bar:
        # winning ticket: the surviving weights at their original initial values
        model.load_state_dict(init)
        with torch.no_grad():
            for lin, mask in zip(linears(model), masks):
                lin.weight.mul_(mask)
        acc_rewind = train_mlp(model, masks, data, cfg, seed)
        trained = model
        # control: the same mask, a fresh random initialisation
        ctrl = make_mlp(cfg["hidden"], 10_000 + 100 * seed + rnd)
        with torch.no_grad():
            for lin, mask in zip(linears(ctrl), masks):
                lin.weight.mul_(mask)
        acc_reinit = acc_rewind if rnd == 0 else train_mlp(ctrl, masks, data, cfg, seed)
        out["remaining"].append(remaining(masks))
        out["rewind"].append(acc_rewind)
        out["reinit"].append(acc_reinit)
        out["masks_grid"].append(masks[0][:gs, :gs].int().tolist())
        bar.set_postfix(left=f"{remaining(masks):.3f}", rewind=f"{acc_rewind:.3f}", reinit=f"{acc_reinit:.3f}")
        masks = magnitude_masks(trained, masks, cfg["prune_rate"])
    return out


# --- One-shot pruning of the LLM ------------------------------------------------------
def prune_linears(model, sparsity, scope="layer"):
    """Zero the smallest-magnitude fraction `sparsity` of every linear layer in the blocks.

    Returns the achieved sparsity over those layers. Embeddings and the (tied) output head stay dense.
    """
    lins = [m for n, m in model.named_modules() if isinstance(m, torch.nn.Linear) and ".layers." in n]
    if sparsity <= 0:
        return 0.0
    zeros = total = 0
    with torch.no_grad():
        if scope == "global":
            allw = torch.cat([l.weight.abs().flatten() for l in lins])
            thresh = torch.kthvalue(allw.cpu(), int(sparsity * allw.numel())).values.item()
        for lin in lins:
            w = lin.weight
            if scope == "layer":
                k = int(round(sparsity * w.numel()))
                a = w.detach().abs().flatten().cpu().numpy()
                thresh = float(np.partition(a, k - 1)[k - 1]) if k else -1
            w.mul_((w.abs() > thresh).to(w.dtype))
            zeros += int((w == 0).sum())
            total += w.numel()
    return zeros / total


@torch.no_grad()
def perplexity(model, tok, texts, max_len, device, batch_size=16):
    nll, count = 0.0, 0
    for i in range(0, len(texts), batch_size):
        ids = [tok.encode(t, add_special_tokens=False)[:max_len] for t in texts[i:i + batch_size]]
        width = max(len(x) for x in ids)
        x = torch.tensor([x + [tok.pad_token_id] * (width - len(x)) for x in ids], device=device)
        m = torch.tensor([[1] * len(x) + [0] * (width - len(x)) for x in ids], device=device)
        logits = model(input_ids=x, attention_mask=m).logits[:, :-1].float()
        tgt = x[:, 1:].masked_fill(m[:, 1:] == 0, -100)
        nll += float(torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt.reshape(-1),
                                                       ignore_index=-100, reduction="sum"))
        count += int((tgt != -100).sum())
    return math.exp(nll / count), count


def run(cfg, device):
    data = digits_split(cfg)
    seeds = {}
    for seed in cfg["seeds"]:
        key = {k: cfg[k] for k in ("hidden", "prune_rate", "rounds", "epochs", "batch_size", "lr",
                                   "test_fraction", "split_seed", "grid_size")}
        seeds[str(seed)] = common.cached_point("lottery", {**key, "seed": seed}, lambda: imp_seed(cfg, seed, data), CODE)
    rem = seeds[str(cfg["seeds"][0])]["remaining"]
    summary = {}
    for arm in ("rewind", "reinit"):
        a = np.array([seeds[str(s)][arm] for s in cfg["seeds"]])
        summary[arm] = {"mean": a.mean(0).tolist(), "min": a.min(0).tolist(), "max": a.max(0).tolist(),
                        "std": a.std(0).tolist()}

    tweets = common.load_tweets()
    texts = [t for t, _ in common.balanced(tweets["test"], cfg["llm_n_texts"])]
    llm = []
    for s in common.progress(cfg["llm_sparsities"], desc="prune SmolLM2", disable=None):
        def point(s=s):
            model, tok = common.load_model(device)
            achieved = prune_linears(model, s, cfg["llm_scope"])
            ppl, ntok = perplexity(model, tok, texts, cfg["llm_max_len"], device)
            return {"sparsity": s, "achieved": achieved, "perplexity": ppl, "tokens": ntok}
        llm.append(common.cached_point("lottery-llm", {"s": s, "n": cfg["llm_n_texts"], "scope": cfg["llm_scope"],
                                                       "max_len": cfg["llm_max_len"]}, point, CODE))
    return {
        "mlp": {"sizes": [64] + cfg["hidden"] + [10], "remaining": rem, "seeds": seeds, "summary": summary,
                "dense_accuracy": summary["rewind"]["mean"][0]},
        "llm_pruning": llm,
        "_data": {"digits_train": int(len(data[0])), "digits_test": int(len(data[2])),
                  "tweets_perplexity_texts": len(texts)},
    }


# What a cached point depends on (the hash of this source is part of its key).
CODE = [digits_split, make_mlp, linears, train_mlp, magnitude_masks, remaining, imp_seed, _imp_seed, prune_linears, perplexity] + common.SCORE_CODE
common.source_hash(CODE)  # remember the source as imported
