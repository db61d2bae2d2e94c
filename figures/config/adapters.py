# adapters: Houlsby bottleneck adapters in a frozen SmolLM2-135M-Instruct (ch5).
# Two adapters per block (after attention, after the MLP), W_up zero-initialised.
# `train` must equal peft_compare.py's to share runs.

train = dict(steps=30, batch_size=8, max_len=64, eval_every=10, n_dev=48, n_test=160, data_seed=0)
seeds = [0]
lr = 1e-3
bottlenecks = [2, 16, 128]           # m; trainable = layers * 2 * (2dm + m + d)
full_lr = 3e-5                        # the full fine-tuning reference line (peft_compare's run)
# Latency: one forward pass of latency_batch x latency_tokens tokens, median of repeats.
latency_batch = 1
latency_tokens = 64
latency_repeats = 25

quick = dict(train=dict(steps=2, batch_size=2, max_len=16, eval_every=2, n_dev=2, n_test=2, data_seed=0),
             bottlenecks=[4], latency_repeats=2, latency_tokens=16)
