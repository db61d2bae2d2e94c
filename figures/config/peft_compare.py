# peft_compare: seven ways to adapt SmolLM2-135M-Instruct to tweet sentiment, same data,
# same steps, same batches, same seed (ch7). Keep `train` identical in lora.py and adapters.py:
# identical runs are computed once and shared through the point cache.

train = dict(
    steps=30,          # optimizer steps (AdamW, no weight decay, constant learning rate)
    batch_size=8,
    max_len=64,        # tokens per example, prompt "Tweet: ...\nSentiment:"; the label word is the target
    eval_every=10,     # dev accuracy every this many steps (and at step 0)
    n_dev=48,          # balanced dev subset for the curves
    n_test=160,        # balanced test subset for the final accuracy
    data_seed=0,       # splits and batch order
)
seeds = [0]            # init seeds; more seeds give bands (use 3 on a GPU)

# Learning rates: the usual ones for each family, not tuned here.
methods = dict(
    full=dict(kind="full", lr=3e-5),
    lora=dict(kind="lora", r=8, alpha=16, targets=["q_proj", "v_proj"], lr=1e-3),
    dora=dict(kind="dora", r=8, alpha=16, targets=["q_proj", "v_proj"], lr=1e-3),
    adapters=dict(kind="adapters", m=16, lr=1e-3),
    prompt=dict(kind="prompt", tokens=20, lr=3e-3),
    prefix=dict(kind="prefix", tokens=20, lr=3e-3),
    ia3=dict(kind="ia3", lr=3e-3),
)
# The layer whose weight update ΔW's singular values are kept (full fine-tuning and LoRA runs).
spectrum = "model.layers.15.self_attn.q_proj"

quick = dict(train=dict(steps=2, batch_size=2, max_len=16, eval_every=2, n_dev=2, n_test=2, data_seed=0))
