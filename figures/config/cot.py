# cot: chain-of-thought on templated multi-step arithmetic word problems (ch3).
# SmolLM2-135M-Instruct, chat template, greedy decoding; exact match on the final number.

n_problems = 40            # seeded problems, cycling through the four templates (two or three steps each)
problem_seed = 0
conditions = ["direct", "zero_shot_cot", "few_shot_direct", "few_shot_cot"]
n_shots = 3                # worked examples for the few-shot conditions (other seeds than the test problems)
max_new_tokens = dict(direct=12, zero_shot_cot=160, few_shot_direct=12, few_shot_cot=120)
batch_size = 20
n_samples = 6              # generated texts kept per condition (for the slides and the widget)

quick = dict(n_problems=1, batch_size=1, max_new_tokens=dict(direct=4, zero_shot_cot=8, few_shot_direct=4, few_shot_cot=8),
             n_samples=1)
