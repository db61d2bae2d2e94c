# lora: LoRA on SmolLM2-135M-Instruct, tweet sentiment (ch6).
# Rank sweep, target-module ablation, the spectrum of the weight update (full fine-tuning vs
# LoRA), merge check, and inference latency. `train` must equal peft_compare.py's to share runs.

train = dict(steps=30, batch_size=8, max_len=64, eval_every=10, n_dev=48, n_test=160, data_seed=0)
seeds = [0]
lr = 1e-3
ranks = [1, 2, 4, 8, 16, 32, 64]       # alpha = 2r: the same effective scale at every rank
rank_targets = ["q_proj", "v_proj"]
target_rank = 8
target_sets = dict(
    q=["q_proj"],
    qv=["q_proj", "v_proj"],
    qkvo=["q_proj", "k_proj", "v_proj", "o_proj"],
    all_linear=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
)
full_lr = 3e-5                          # the full fine-tuning reference (same run as peft_compare's)
spectrum = "model.layers.15.self_attn.q_proj"
# Merge check: LoRA r=8 on q,v with B drawn at random (as after training), outputs on these texts.
merge_rank = 8
merge_b_std = 0.02
merge_texts = 8
# Latency: one forward pass (prefill) of latency_batch x latency_tokens tokens, median of repeats.
latency_batch = 1
latency_tokens = 64
latency_repeats = 25
adapter_m = 16                          # the adapter compared in the latency benchmark

quick = dict(train=dict(steps=2, batch_size=2, max_len=16, eval_every=2, n_dev=2, n_test=2, data_seed=0),
             ranks=[1, 8], target_sets=dict(qv=["q_proj", "v_proj"]), merge_texts=2, latency_repeats=2,
             latency_tokens=16)
