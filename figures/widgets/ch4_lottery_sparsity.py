"""ch4: lottery ticket sparsity slider, from figures/results/lottery.json (IMP on an MLP, digits)."""
from widget_helpers import acc, doc_of, shown, source, table


def lottery_sparsity(ctx):
    r, prov = doc_of(ctx, "lottery")
    data = {"source": source("lottery", prov), "rounds": []}
    if r is None:
        return {"data": data, "twin": table("Lottery ticket: accuracy vs. sparsity: not measured yet.",
                                           ["Sparsity", "Rewind", "Random re-init"], [])}
    mlp = r["mlp"]
    seeds = list(mlp["seeds"])
    first = mlp["seeds"][seeds[0]]
    rw, ri = mlp["summary"]["rewind"], mlp["summary"]["reinit"]
    rows = []
    for i, left in enumerate(mlp["remaining"]):
        data["rounds"].append({
            "round": i, "sparsity": shown(1 - left, "pct", 1), "remaining": shown(left, "pct", 1),
            "rewind": acc(rw["mean"][i]), "rewind_range": [acc(rw["min"][i]), acc(rw["max"][i])],
            "reinit": acc(ri["mean"][i]), "reinit_range": [acc(ri["min"][i]), acc(ri["max"][i])],
            "mask": first["masks_grid"][i],
        })
        d = data["rounds"][-1]
        rows.append([str(i), d["sparsity"]["t"], d["rewind"]["t"], d["reinit"]["t"]])
    cfg = prov["config"]
    data.update(grid_init=first["grid_init"], grid_seed=seeds[0], seeds=shown(len(seeds)),
                sizes=" → ".join(str(n) for n in mlp["sizes"]), prune_rate=shown(cfg["prune_rate"], "pct", 0),
                test=shown(prov.get("data", {}).get("digits_test")) if prov.get("data", {}).get("digits_test") else None)
    return {"data": data, "twin": table(f"Lottery ticket on digits ({data['sizes']} MLP, iterative magnitude pruning of {data['prune_rate']['t']} "
                                         f"per round): test accuracy, mean over {data['seeds']['t']} seeds, of the pruned network rewound to its "
                                         "original initialisation and of the same mask trained from a random re-initialisation.",
                                       ["Round", "Sparsity", "Rewind to init", "Random re-init"], rows)}


WIDGETS = {"lottery-sparsity": lottery_sparsity}
