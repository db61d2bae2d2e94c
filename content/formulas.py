"""This lecture's arithmetic: every number that follows from a formula.

The deck, the handouts, the question bank and the experiments all call these
functions, so a number is computed once and never typed twice. lecture.yaml
names this file; the engine hands its public functions and constants to the
restricted expression evaluator (no attribute access there, so constants are
plain names).

Units: parameter counts are plain numbers, memory is in bytes (decimal: 1 GB =
1e9 bytes, as the source lecture and the papers count), money in US dollars.
"""
import math

# --- Model shapes (from the papers) -----------------------------------------
# GPT-3 175B (Brown et al. 2020, Table 2.1): d_model 12288, 96 layers, 300B tokens.
GPT3_PARAMS = 175e9
GPT3_D_MODEL = 12288
GPT3_LAYERS = 96
GPT3_TRAIN_TOKENS = 300e9
# Lambda Labs' 2020 estimate of GPT-3's training compute cost, in dollars.
GPT3_TRAIN_COST_USD = 4.6e6
# BERT-large (Devlin et al. 2019): 340M parameters, d 1024, 24 layers.
BERT_LARGE_PARAMS = 340e6
BERT_LARGE_D_MODEL = 1024
BERT_LARGE_LAYERS = 24
# RoBERTa-large (Liu et al. 2019): 355M parameters.
ROBERTA_LARGE_PARAMS = 355e6
# Llama-2-70B (Touvron et al. 2023): d 8192, 80 layers, grouped-query attention
# with 8 key/value heads of 128 dims (k_proj, v_proj: 8192 -> 1024), MLP 28672,
# vocabulary 32000.
LLAMA2_70B_D_MODEL = 8192
LLAMA2_70B_LAYERS = 80
LLAMA2_70B_KV_DIM = 1024
LLAMA2_70B_FFN = 28672
LLAMA2_70B_VOCAB = 32000

# --- Hardware and prices ----------------------------------------------------
A100_MEMORY_GB = 80
RTX4090_MEMORY_GB = 24
# Cloud price of one 8xA100 node per hour, as the source lecture assumes (2024).
NODE_PRICE_PER_HOUR = 25.0
GPUS_PER_NODE = 8

GB = 1e9
TB = 1e12


def dtype_bytes(dtype):
    """Bytes per number for a storage type: fp32, fp16, bf16, int8, nf4 (4-bit)."""
    sizes = {"fp32": 4, "fp16": 2, "bf16": 2, "int8": 1, "nf4": 0.5, "int4": 0.5}
    if dtype not in sizes:
        raise ValueError(f"unknown dtype {dtype!r}; expected one of {sorted(sizes)}")
    return sizes[dtype]


# --- Parameter counts -------------------------------------------------------
def matrix_params(d, k):
    """Entries of a d x k weight matrix: what full fine-tuning updates."""
    return d * k


def lora_params(d, k, r):
    """LoRA on one d x k matrix: B is d x r, A is r x k, so r(d + k)."""
    return r * (d + k)


def lora_model_params(d_model, layers, r, matrices_per_layer):
    """LoRA on square d_model x d_model attention projections (Q, K, V, O)."""
    return layers * matrices_per_layer * lora_params(d_model, d_model, r)


def lora_llama2_70b_params(r, targets="qv"):
    """LoRA on Llama-2-70B's attention projections; targets is a string of q, k, v, o.

    With grouped-query attention k_proj and v_proj are 8192 x 1024, not square.
    """
    shapes = {"q": (LLAMA2_70B_D_MODEL, LLAMA2_70B_D_MODEL), "o": (LLAMA2_70B_D_MODEL, LLAMA2_70B_D_MODEL),
              "k": (LLAMA2_70B_D_MODEL, LLAMA2_70B_KV_DIM), "v": (LLAMA2_70B_D_MODEL, LLAMA2_70B_KV_DIM)}
    return LLAMA2_70B_LAYERS * sum(lora_params(*shapes[t], r) for t in targets)


def llama2_70b_params():
    """All parameters of Llama-2-70B from its shapes (untied input and output embeddings)."""
    d, kv, ffn = LLAMA2_70B_D_MODEL, LLAMA2_70B_KV_DIM, LLAMA2_70B_FFN
    attention = 2 * d * d + 2 * d * kv
    mlp = 3 * d * ffn
    norms = 2 * d
    return LLAMA2_70B_LAYERS * (attention + mlp + norms) + 2 * LLAMA2_70B_VOCAB * d + d


def adapter_params(d, m, bias=False):
    """One Houlsby bottleneck adapter: W_down (d x m) and W_up (m x d), optionally with biases."""
    return 2 * d * m + ((m + d) if bias else 0)


def adapter_model_params(d, m, layers, per_layer=2, bias=False):
    """Adapters for a whole model: Houlsby et al. put two in every layer."""
    return layers * per_layer * adapter_params(d, m, bias)


def attention_params(d):
    """Q, K, V and O projections of one transformer layer: 4d^2."""
    return 4 * d * d


def ffn_params(d, expansion=4):
    """The feed-forward sublayer, d -> expansion*d -> d: 8d^2 for the usual 4x."""
    return 2 * expansion * d * d


def layernorm_params(d, norms=2):
    """Gain and bias of each layer norm: 2d per norm, two norms per layer."""
    return 2 * d * norms


def prompt_tuning_params(n_tokens, d_model):
    """Soft prompt: n virtual token embeddings of width d_model at the input only."""
    return n_tokens * d_model


def prefix_tuning_params(n_tokens, d_model, layers):
    """Prefix tuning: a key and a value vector per virtual token, in every layer."""
    return 2 * n_tokens * d_model * layers


def fraction(part, whole):
    """part / whole, as a fraction (format with pct())."""
    return part / whole


def ratio(big, small):
    """How many times smaller `small` is than `big`."""
    return big / small


# --- Memory -----------------------------------------------------------------
def adam_bytes_per_param(weight_bytes=2, grad_bytes=2, moment_bytes=4):
    """Training state per trainable parameter: weight + gradient + Adam's two moments.

    With fp16 weights and gradients and fp32 moments: 2 + 2 + 4 + 4 = 12 bytes.
    (Mixed-precision training usually also keeps an fp32 master copy: 16 bytes.)
    """
    return weight_bytes + grad_bytes + 2 * moment_bytes


def weights_bytes(n_params, bytes_per_param=2):
    return n_params * bytes_per_param


def optimizer_bytes(n_trainable, moment_bytes=4):
    """Adam's first and second moments for each trainable parameter."""
    return 2 * n_trainable * moment_bytes


def train_memory_bytes(n_params, n_trainable, weight_bytes=2, grad_bytes=2, moment_bytes=4, activation_bytes=0):
    """GPU memory to train: all weights once, gradients and Adam moments for the trainable ones only.

    Frozen weights need no gradient and no optimizer state; activations are
    the same whichever parameters train.
    """
    return (n_params * weight_bytes + n_trainable * grad_bytes
            + optimizer_bytes(n_trainable, moment_bytes) + activation_bytes)


def gpus_needed(n_bytes, gpu_memory_gb=A100_MEMORY_GB):
    """Whole GPUs needed to hold n_bytes."""
    return math.ceil(n_bytes / (gpu_memory_gb * GB))


def quantized_bytes(n_params, bits):
    return n_params * bits / 8


# --- Storage for many tasks ---------------------------------------------------
def storage_full_ft(n_tasks, model_bytes):
    """One full copy of the model per task."""
    return n_tasks * model_bytes


def storage_shared_base(n_tasks, base_bytes, per_task_bytes):
    """One frozen base plus a small adapter/LoRA checkpoint per task."""
    return base_bytes + n_tasks * per_task_bytes


# --- Money ------------------------------------------------------------------
def gpu_hour_price(node_price=NODE_PRICE_PER_HOUR, gpus_per_node=GPUS_PER_NODE):
    """Price of one GPU-hour when GPUs are rented as whole nodes."""
    return node_price / gpus_per_node


def finetune_cost(gpu_hours, node_price=NODE_PRICE_PER_HOUR, gpus_per_node=GPUS_PER_NODE):
    """Dollars for gpu_hours of A100 time at the node price."""
    return gpu_hours * gpu_hour_price(node_price, gpus_per_node)


# --- Prompts and in-context learning ------------------------------------------
def icl_prompt_tokens(k, tokens_per_example, query_tokens, instruction_tokens=0):
    """Input length of a k-shot prompt."""
    return instruction_tokens + k * tokens_per_example + query_tokens


def max_shots(context_tokens, tokens_per_example, query_tokens, instruction_tokens=0):
    """How many examples fit in the context window beside the query."""
    return max(0, (context_tokens - query_tokens - instruction_tokens) // tokens_per_example)


def calibrated_prob(p, bias):
    """Contextual calibration (Zhao et al. 2021), two labels.

    p: the model's probability of label 1 for a real input; bias: its
    probability of label 1 for a content-free input such as "N/A". Divide
    each label's probability by its bias, then renormalise.
    """
    a = p / bias
    b = (1 - p) / (1 - bias)
    return a / (a + b)


# --- Pruning ----------------------------------------------------------------
def remaining_after_rounds(prune_rate, rounds):
    """Fraction of weights left after iterative pruning of prune_rate per round."""
    return (1 - prune_rate) ** rounds


def sparsity_after_rounds(prune_rate, rounds):
    return 1 - remaining_after_rounds(prune_rate, rounds)


def rounds_to_remaining(prune_rate, target_remaining):
    """Fewest rounds of pruning prune_rate each to keep at most target_remaining."""
    return math.ceil(math.log(target_remaining) / math.log(1 - prune_rate) - 1e-12)


# --- Prompt tuning reference model (ch2) -------------------------------------
# T5-XXL (T5 v1.1, LM-adapted), the largest model in Lester et al. 2021: about
# 11B parameters, d_model 4096.
T5_XXL_PARAMS = 11e9
T5_XXL_D_MODEL = 4096


# --- Fine-tuning compute estimates (ch0) -------------------------------------
# The source lecture's estimate of A100 GPU-hours for one full fine-tune of
# GPT-3 175B (an input, not derived); cost it with finetune_cost().
GPT3_FINETUNE_GPU_HOURS = 1200


# --- Activation memory (ch7) --------------------------------------------------
# GPT-3 175B has 96 attention heads of 128 dims (Brown et al. 2020, Table 2.1).
GPT3_HEADS = 96
# The source lecture's rough estimate of GPT-3's activation memory for one
# sequence of 2,048 tokens (an input, not derived; compare transformer_activation_bytes()).
GPT3_ACTIVATION_BYTES_ESTIMATE = 200e9


def transformer_activation_bytes(seq_len, batch, d_model, heads, layers):
    """Activations a transformer keeps for the backward pass, 16-bit, no recomputation.

    Korthikanti et al. 2022, Eq. 1: s*b*h*(34 + 5*a*s/h) bytes per layer (s sequence
    length, b batch, h hidden size, a heads); the 5*a*s/h term is the attention
    scores and grows with the square of the sequence length. Frozen or not, every
    layer's activations are needed to backpropagate to earlier trainable parameters.
    """
    return layers * seq_len * batch * d_model * (34 + 5 * heads * seq_len / d_model)


# --- Question-bank helpers (ch2, ch4) -------------------------------------------
def example_orderings(k):
    """Distinct orders of k few-shot examples: k! (Zhao et al. 2021 scored all 24 of 4)."""
    return math.factorial(int(k))


def pruning_rounds_exact(prune_rate, target_remaining):
    """ln(target) / ln(1 - prune_rate): rounds needed before rounding up (see rounds_to_remaining)."""
    return math.log(target_remaining) / math.log(1 - prune_rate)


# --- More PEFT parameter counts (experiments, ch6-ch7) -------------------------
def dora_params(d, k, r):
    """DoRA on one d x k matrix: LoRA's r(d + k) plus a magnitude per output row (d)."""
    return lora_params(d, k, r) + d


def ia3_params(k_dim, v_dim, ffn_dim, layers):
    """IA3 (Liu et al. 2022): learned scaling vectors for the keys, the values and the
    feed-forward activations (the input of the down projection), in every layer."""
    return layers * (k_dim + v_dim + ffn_dim)


def majority_vote_accuracy(p, m):
    """Chance that a majority of m independent samples (m odd) is right, each right with probability p.

    The worst case for self-consistency: every wrong sample gives the same wrong answer,
    so the vote is two-way. sum over k > m/2 of C(m, k) p^k (1 - p)^(m - k).
    """
    m = int(m)
    return sum(math.comb(m, k) * p ** k * (1 - p) ** (m - k) for k in range(m // 2 + 1, m + 1))
