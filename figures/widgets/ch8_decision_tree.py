"""ch8: the decision tree. Its questions lead to rows of the chapter's decision matrix
(content/chapters/08-when-to-use-what.yaml), whose method and reason the widget shows as written."""
from pathlib import Path

import yaml

from widget_helpers import table

CHAPTER = "08-when-to-use-what.yaml"
MATRIX = "Decision matrix — which"      # the caption of the full (handout) matrix starts so

STAGES = [("data", "Data"), ("access", "Weights"), ("tasks", "Tasks"), ("latency", "Latency"), ("memory", "Memory")]

# Each leaf names a matrix row by the start of its Scenario cell.
NO_DATA, FEW, API, LORA, MULTI, FULL, LATENCY, QLORA = (
    "No labeled data", "10-100 labeled", "100-10K examples, API access only", "1K-100K examples, weight access",
    "10+ tasks", "100K+ examples", "Real-time serving", "Model too large")


def _tree(big):
    """The questions after the data question; big: 100K+ examples (full fine-tuning is then an option)."""
    s = "_big" if big else ""
    return {
        "access" + s: {"stage": "access", "question": "Can you access the model's weights?",
                       "options": [("API only", {"leaf": API}), ("Yes, we host the weights", {"next": "tasks" + s})]},
        "tasks" + s: {"stage": "tasks", "question": "How many tasks will share one base model?",
                      "options": [("10 or more", {"leaf": MULTI}), ("One or a few", {"next": "latency" + s})]},
        "latency" + s: {"stage": "latency", "question": "Is serving real-time and latency-critical?",
                        "options": [("Yes", {"leaf": LATENCY}), ("No", {"next": "memory" + s})]},
        "memory" + s: {"stage": "memory",
                       "question": "Does the model fit in your GPU memory for training?" if not big else
                       "Do you have the GPUs to train every weight?",
                       "options": [("No, too large", {"leaf": QLORA}),
                                   ("Yes" if not big else "Yes, a full GPU cluster", {"leaf": FULL if big else LORA})]},
    }


NODES = {"data": {"stage": "data", "question": "How much labeled data do you have?",
                  "options": [("None", {"leaf": NO_DATA}), ("10–100 examples", {"leaf": FEW}),
                              ("100 – 100K examples", {"next": "access"}), ("100K+ examples", {"next": "access_big"})]},
         **_tree(False), **_tree(True)}


def matrix_rows(content_dir):
    chapter = yaml.safe_load((content_dir / "chapters" / CHAPTER).read_text(encoding="utf-8"))
    for section in chapter["sections"]:
        for block in section.get("blocks", []):
            t = block.get("table")
            if t and str(t.get("caption", "")).startswith(MATRIX):
                return t["header"], t["rows"]
    raise ValueError(f"{CHAPTER}: no table captioned '{MATRIX} ...' (the decision tree's answers come from it)")


def decision_tree(ctx):
    header, rows = matrix_rows(Path(ctx.folder).parent / "content")
    leaves = {}
    nodes = {}
    for node_id, node in NODES.items():
        options = []
        for label, target in node["options"]:
            if "leaf" in target:
                matches = [i for i, row in enumerate(rows) if str(row[0]).startswith(target["leaf"])]
                if len(matches) != 1:
                    raise ValueError(f"{CHAPTER}: decision matrix has {len(matches)} rows starting '{target['leaf']}'")
                leaves[str(matches[0])] = {"scenario": rows[matches[0]][0], "method": rows[matches[0]][1],
                                           "why": rows[matches[0]][2]}
                options.append({"label": label, "leaf": str(matches[0])})
            else:
                options.append({"label": label, "next": target["next"]})
        nodes[node_id] = {"stage": node["stage"], "question": node["question"], "options": options}
    data = {"start": "data", "nodes": nodes, "leaves": leaves, "stages": [{"id": i, "label": lab} for i, lab in STAGES],
            "header": header}

    # The handout's twin: every path through the tree, as a table.
    paths = []

    def walk(node_id, answers):
        for opt in nodes[node_id]["options"]:
            step = answers + [f"{STAGE_LABELS[nodes[node_id]['stage']]}: {opt['label']}"]
            if "leaf" in opt:
                paths.append(["; ".join(step), leaves[opt["leaf"]]["method"], leaves[opt["leaf"]]["why"]])
            else:
                walk(opt["next"], step)
    walk("data", [])
    return {"data": data, "twin": table("Every path through the decision tree and the method it recommends "
                                        "(methods and reasons from the decision matrix).",
                                        ["Answers", "Recommended method", "Why"], paths)}


STAGE_LABELS = dict(STAGES)

WIDGETS = {"decision-tree": decision_tree}
