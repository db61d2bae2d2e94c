# lottery: (1) the lottery ticket hypothesis on a small MLP (sklearn digits):
# iterative magnitude pruning (IMP) with rewinding to the original initialisation vs random
# re-initialisation of the same masks; (2) one-shot magnitude pruning of SmolLM2-135M.

# --- (1) IMP on an MLP -----------------------------------------------------------
seeds = [0, 1, 2]          # one IMP run per seed (init, data order); mean and spread over seeds
hidden = [300, 100]        # LeNet-300-100-style MLP, 64 -> 300 -> 100 -> 10
prune_rate = 0.2           # of the remaining weights, per round, per layer (output layer at half rate)
rounds = 20                # 0.8^20 = 1.2% of the weights left
epochs = 25                # training epochs per round (same budget every round)
batch_size = 64
lr = 1e-3                  # Adam
test_fraction = 0.3        # of the 1,797 digits, stratified, fixed split (split_seed)
split_seed = 0
grid_size = 12             # a grid_size x grid_size corner of the first layer, stored for the animation

# --- (2) one-shot magnitude pruning of SmolLM2-135M's linear layers -----------------
llm_sparsities = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]
llm_scope = "layer"        # threshold per linear layer (not one global threshold)
llm_n_texts = 64          # held-out tweets (test split) for perplexity
llm_max_len = 48

quick = dict(seeds=[0], rounds=2, epochs=2, llm_sparsities=[0.0, 0.5], llm_n_texts=8, grid_size=4)
