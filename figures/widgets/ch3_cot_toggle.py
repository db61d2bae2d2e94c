"""ch3: chain-of-thought on/off, with the model's real outputs, from figures/results/cot.json."""
from widget_helpers import acc, doc_of, plot_style, shown, source, table

LABELS = {"direct": "Direct answer", "zero_shot_cot": "\"Let's think step by step\"",
          "few_shot_direct": "3 examples, answers only", "few_shot_cot": "3 worked examples (CoT)"}
COLORS = {"direct": "BLUE", "zero_shot_cot": "ORANGE", "few_shot_direct": "SKY", "few_shot_cot": "GREEN"}


def cot_toggle(ctx):
    r, prov = doc_of(ctx, "cot")
    data = {"source": source("cot", prov), "conditions": []}
    if r is None:
        return {"data": data, "twin": table("Chain-of-thought accuracy: not measured yet.",
                                           ["Prompt", "Accuracy"], [])}
    style = plot_style()
    rows = []
    for c in r["conditions"]:
        pc = r["per_condition"][c]
        data["conditions"].append({
            "id": c, "label": LABELS.get(c, c), "color": getattr(style, COLORS.get(c, "BLUE")),
            "accuracy": acc(r["accuracy"][c]), "stderr": shown(r["stderr"][c] * 100, "num", 1),
            "tokens": shown(pc["mean_new_tokens"], "num", 0),
            "samples": [{"question": x["question"], "answer": shown(x["answer"]), "output": x["output"],
                         "prediction": shown(x["prediction"], "num", 0 if x["prediction"] is None
                                             or float(x["prediction"]).is_integer() else 2),
                         "correct": bool(x["correct"])} for x in pc["samples"]],
        })
        d = data["conditions"][-1]
        rows.append([d["label"], d["accuracy"]["t"], d["tokens"]["t"]])
    data["n_problems"] = shown(r["n_problems"])
    return {"data": data, "twin": table(f"Chain-of-thought on {data['n_problems']['t']} templated arithmetic word problems, SmolLM2-135M-Instruct, "
                                         "greedy decoding: exact-match accuracy and mean tokens generated for each prompt.",
                                       ["Prompt", "Accuracy", "Tokens generated"], rows)}


WIDGETS = {"cot-toggle": cot_toggle}
