"""ch2: prompt format comparison, from figures/results/prompt_format.json (one factor varied at a time)."""
from widget_helpers import acc, doc_of, mask, shown, source, table

GROUPS = [("labels", "Label words"), ("separator", "Separators (after the tweet · between examples)"),
          ("instruction", "Instruction"), ("order", "Example order (N = negative, P = positive)")]


SEPARATORS = {"\n": "newline", "\n\n": "blank line", " ": "space"}


def _visible(sep):
    return SEPARATORS.get(sep, sep.strip() or repr(sep))


def label_of(group, value, baseline):
    """A short, readable name for one value of a format factor."""
    if group == "labels":
        return " / ".join(w.strip() for w in value)
    if group == "separator":
        return " · ".join(_visible(v) for v in value)
    if group == "instruction":
        words = value.split()
        return " ".join(words[:4]) + " …" if words else "none"
    if group == "order":
        return " ".join(value.upper())
    return str(value)


def _baseline_value(group, base):
    return [base["field_sep"], base["example_sep"]] if group == "separator" else base[group]


def prompt_format(ctx):
    r, prov = doc_of(ctx, "prompt_format")
    data = {"source": source("prompt_format", prov), "groups": []}
    if r is None:
        return {"data": data, "twin": table("Prompt format comparison: not measured yet.",
                                           ["Change", "Accuracy"], [])}
    base = prov["config"]["baseline"]
    rows = r["variants"]
    baseline = next(v for v in rows if v["is_baseline"])
    b_raw, b_cal = baseline["accuracy"], baseline["accuracy_calibrated"]

    def entry(v):
        return {"accuracy": acc(v["accuracy"]), "calibrated": acc(v["accuracy_calibrated"]),
                "delta": shown((v["accuracy"] - b_raw) * 100, "num", 1),
                "delta_calibrated": shown((v["accuracy_calibrated"] - b_cal) * 100, "num", 1),
                "positive_rate": acc(v["positive_rate"]), "positive_rate_calibrated": acc(v["positive_rate_calibrated"]),
                "prompt": mask(v["prompt"])}

    twin_rows = []
    for group, title in GROUPS:
        in_group = [v for v in rows if v["group"] == group]
        if not in_group:
            continue
        options = []
        base_value = _baseline_value(group, base)
        if not any(v["value"] == base_value for v in in_group):
            in_group = [{**baseline, "group": group, "value": base_value}] + in_group
        for v in in_group:
            is_base = v["value"] == base_value
            options.append({"value": str(len(options)), "label": label_of(group, v["value"], base),
                            "baseline": is_base, **entry(v)})
            if not is_base:
                twin_rows.append([title.split(" (")[0], options[-1]["label"], options[-1]["accuracy"]["t"],
                                  options[-1]["calibrated"]["t"]])
        data["groups"].append({"id": group, "title": title, "options": options})
    b = entry(baseline)
    twin_rows.insert(0, ["(baseline)", "", b["accuracy"]["t"], b["calibrated"]["t"]])
    data.update(n_eval=shown(r["n_eval"]), k=shown(prov["config"]["k"]))
    return {"data": data, "twin": table(f"Prompt format comparison, SmolLM2-135M-Instruct, {data['k']['t']}-shot, {data['n_eval']['t']} held-out "
                                         "tweets: test accuracy with one factor changed from the baseline prompt at a time, raw and "
                                         "after contextual calibration.",
                                       ["Factor", "Changed to", "Accuracy", "Calibrated"], twin_rows)}


WIDGETS = {"prompt-format": prompt_format}
