# icl: in-context learning with SmolLM2-135M-Instruct on tweet sentiment (ch1).
# Accuracy vs the number of examples k in the prompt, over several random draws of the examples.

shots = [0, 1, 2, 4, 8, 16]   # k
draws = 5                     # random draws of the k examples per k (k = 0 has a single prompt)
n_eval = 100                  # held-out tweets scored per prompt (balanced, from the test split)
draw_seed = 0                 # draws are seeded: (draw_seed, k, draw)
max_example_tokens = 48       # demonstrations are drawn among training tweets at most this long
instruction = "Classify the sentiment of each tweet as positive or negative.\n\n"
template = "Tweet: {text}\nSentiment:"   # the label word follows after a space
separator = "\n\n"                       # between examples
label_words = [" negative", " positive"]
batch_size = 16

quick = dict(shots=[0, 2], draws=1, n_eval=8)
