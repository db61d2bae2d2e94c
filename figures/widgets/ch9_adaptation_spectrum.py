"""ch9: the adaptation spectrum. Our measured methods (figures/results/peft_compare.json and
icl.json: trainable share vs accuracy on SmolLM2-135M), and, labelled apart, the lecture's
reference points: the trainable shares of the method summary table, computed by the formula module."""
from widget_helpers import acc, doc_of, plot_style, share, shown, source, table


def reference_points(F):
    """The method summary table of ch9 (09-connections.yaml), computed: (id, label, model, params, total)."""
    return [
        ("ref-prompting", "Zero/few-shot prompting", "any model", 0, 1),
        ("ref-prompt", "Prompt tuning, 20 tokens", "GPT-3 175B", F.prompt_tuning_params(20, F.GPT3_D_MODEL), F.GPT3_PARAMS),
        ("ref-lora4", "LoRA r = 4 on Wq, Wv", "GPT-3 175B", F.lora_model_params(F.GPT3_D_MODEL, F.GPT3_LAYERS, 4, 2), F.GPT3_PARAMS),
        ("ref-lora8", "LoRA r = 8 on Q, K, V, O", "GPT-3 175B", F.lora_model_params(F.GPT3_D_MODEL, F.GPT3_LAYERS, 8, 4), F.GPT3_PARAMS),
        ("ref-qlora", "QLoRA r = 16 on q, v", "Llama-2-70B", F.lora_llama2_70b_params(16, "qv"), F.llama2_70b_params()),
        ("ref-adapters-gpt3", "Adapters m = 64", "GPT-3 175B", F.adapter_model_params(F.GPT3_D_MODEL, 64, F.GPT3_LAYERS), F.GPT3_PARAMS),
        ("ref-adapters-bert", "Adapters m = 64", "BERT-large", F.adapter_model_params(F.BERT_LARGE_D_MODEL, 64, F.BERT_LARGE_LAYERS), F.BERT_LARGE_PARAMS),
        ("ref-full", "Full fine-tuning", "any model", 1, 1),
    ]


def adaptation_spectrum(ctx):
    F = ctx.formulas
    style = plot_style()
    pc, pc_prov = doc_of(ctx, "peft_compare")
    icl, icl_prov = doc_of(ctx, "icl")
    measured, rows = [], []
    if icl is not None:
        ks = icl["shots"]
        for k, label in ((ks[0], "Zero-shot prompt" if ks[0] == 0 else f"{ks[0]}-shot prompt"), (ks[-1], f"{ks[-1]}-shot prompt")):
            s = icl["summary"][str(k)]["accuracy"]
            measured.append({"id": f"icl-{k}", "label": label, "color": style.BLACK, "fraction": share(0),
                             "params": shown(0), "accuracy": acc(s["mean"]), "std": shown(s["std"] * 100, "num", 1),
                             "detail": f"no training: {k} examples in the prompt", "source": "icl"})
    if pc is not None:
        for name in pc["methods"]:
            p = pc["per_method"][name]
            measured.append({"id": name, "label": style.METHOD_LABELS.get(name, name),
                             "color": style.METHOD_COLORS.get(name, style.GREY),
                             "fraction": share(p["trainable_fraction"]), "params": shown(p["trainable"], "si"),
                             "accuracy": acc(p["test_accuracy_mean"]), "std": shown(p["test_accuracy_std"] * 100, "num", 1),
                             "detail": f"trained {pc_prov['config']['train']['steps']} steps", "source": "peft_compare"})
    for m in measured:
        rows.append([m["label"], "measured, SmolLM2-135M", m["fraction"]["t"], m["params"]["t"], m["accuracy"]["t"]])
    refs = []
    for rid, label, model, params, whole in reference_points(F):
        frac = F.fraction(params, whole)
        refs.append({"id": rid, "label": label, "model": model,
                     "fraction": share(frac),
                     "params": {"v": None, "t": "every parameter"} if rid == "ref-full" else shown(params, "si")})
        rows.append([label, f"lecture reference, {model} (computed)", refs[-1]["fraction"]["t"],
                     refs[-1]["params"]["t"], "—"])
    data = {"measured": measured, "references": refs,
            "sources": [source("peft_compare", pc_prov), source("icl", icl_prov)],
            "model": "SmolLM2-135M-Instruct, tweet sentiment",
            "n_test": shown(pc_prov["config"]["train"]["n_test"]) if pc else shown(None)}
    return {"data": data, "twin": table("The adaptation spectrum: our measured methods (SmolLM2-135M) and the lecture's "
                                        "reference points (trainable share computed by the formula module; no accuracy).",
                                        ["Method", "Source", "Trainable share", "Trainable parameters", "Test accuracy"], rows)}


WIDGETS = {"adaptation-spectrum": adaptation_spectrum}
