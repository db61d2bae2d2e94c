# cost_memory: fine-tuning memory and cost vs model size, computed from content/formulas.py.
# No training: every number follows from the formula module and these inputs.

# The model sizes the lecture tabulates (ch0 cost table), nominal parameter counts.
models = [
    # name, parameters, A100 GPU-hours per full fine-tune (the source lecture's estimates: inputs, not derived)
    ["GPT-2 (125M)", 125e6, 0.5],
    ["GPT-2 XL (1.5B)", 1.5e9, 8],
    ["LLaMA-7B", 7e9, 40],
    ["LLaMA-13B", 13e9, 80],
    ["LLaMA-65B", 65e9, 400],
    ["GPT-3 (175B)", 175e9, 1200],
]
# Mixed-precision Adam as the lecture counts it: fp16 weights and gradients, fp32 moments.
weight_bytes = 2
grad_bytes = 2
moment_bytes = 4
# A PEFT method trains a tiny fraction: the memory lower bound is the frozen weights alone
# (trainable = 0), shown beside full fine-tuning.
peft_trainable_fraction = 0.001
# A dense grid of sizes for the memory line (log-spaced, parameters).
grid_min = 1e8
grid_max = 2e11
grid_points = 40

quick = dict(grid_points=5)
