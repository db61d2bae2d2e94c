"""ch0: fine-tuning memory vs model size, from the formula module's numbers."""
import numpy as np

from style import BLACK, BLUE, GREEN, GREY, VERMILLION, figure, nbytes, si, unwrap


def memory_vs_size(doc):
    r, _ = unwrap(doc)
    fig, ax = figure()
    g = r["grid"]
    n = np.array([x["params"] for x in g])
    ax.loglog(n, [x["train_memory_bytes"] / 1e9 for x in g], color=BLUE,
              label=f"Full fine-tuning, Adam ({r['bytes_per_param']:g} bytes/parameter)")
    ax.loglog(n, [x["peft_train_memory_bytes"] / 1e9 for x in g], color=GREEN, linestyle="--",
              label="PEFT: frozen fp16 weights + 0.1% trainable")
    ax.axhline(r["a100_bytes"] / 1e9, color=VERMILLION, linestyle=":", linewidth=1.5)
    ax.annotate(f"one A100 ({r['a100_bytes'] / 1e9:.0f} GB)", xy=(n[0], r["a100_bytes"] / 1e9), xytext=(2, 4),
                textcoords="offset points", color=VERMILLION, fontsize=9)
    for m in r["models"]:
        ax.plot(m["params"], m["train_memory_bytes"] / 1e9, "o", color=BLACK)
        ax.annotate(m["name"], (m["params"], m["train_memory_bytes"] / 1e9), xytext=(-4, 6),
                    textcoords="offset points", ha="right", fontsize=8.5, color=GREY)
    ax.set_xlabel("model size (parameters)")
    ax.set_ylabel("GPU memory to train (GB, before activations)")
    ax.legend(loc="lower right", fontsize=9)
    first, last = r["models"][0], r["models"][-1]
    alt = (f"Log-log chart of fine-tuning memory against parameter count, computed from the formula module: "
           f"full fine-tuning with Adam needs {nbytes(first['train_memory_bytes'])} for {first['name']} and "
           f"{nbytes(last['train_memory_bytes'])} for {last['name']} ({last['a100s_full']} A100s); a dashed line "
           f"shows a PEFT method at {nbytes(last['peft_train_memory_bytes'])} for {last['name']}. A dotted line "
           f"marks one A100 ({r['a100_bytes'] / 1e9:.0f} GB): full fine-tuning of any model above "
           f"{si(r['largest_on_one_a100'])} parameters does not fit.")
    return fig, alt


FIGURES = {"memory-vs-model-size": memory_vs_size}
