# prompt_format: how the prompt's form moves few-shot accuracy (ch2), with contextual calibration.
# One factor varies at a time from the baseline; every variant uses the same 4 examples
# (2 negative, 2 positive) and the same held-out tweets.

k = 4
n_eval = 100                 # held-out tweets (balanced, test split)
example_seed = 7             # which 4 training tweets (seeded draw of 2 per class)
max_example_tokens = 48
batch_size = 16
content_free = "N/A"         # Zhao et al. 2021's content-free input

baseline = dict(
    labels=[" negative", " positive"],
    field_sep="\n",          # between the tweet and "Sentiment:"
    example_sep="\n\n",      # between examples
    instruction="Classify the sentiment of each tweet as positive or negative.\n\n",
    order="npnp",            # n = a negative example, p = a positive one, in prompt order
)
# Each group replaces one baseline field with each value in turn (the baseline is one of them).
groups = dict(
    labels=[[" negative", " positive"], [" bad", " good"], [" terrible", " great"], [" A", " B"]],
    separator=[["\n", "\n\n"], ["\n", "\n"], [" ", " "], [" | ", " || "]],
    instruction=["",
                 "Classify the sentiment of each tweet as positive or negative.\n\n",
                 "You are an expert at reading people's feelings. Decide whether each tweet is positive or negative.\n\n"],
    order=["npnp", "pnpn", "nnpp", "ppnn", "pnnp"],
)

quick = dict(n_eval=6, groups=dict(labels=[[" negative", " positive"], [" bad", " good"]], order=["nnpp"]))
