"""Figures from frozen experiment results (like Quarto's _freeze), and their staleness.

The lecture's figures folder holds results/<name>.json (numbers + provenance),
plots/<name>.py (FIGURES = {figure id: fn(doc) -> (matplotlib Figure, alt text)}, where doc is
the whole results file: its "results" and its "provenance", for a measured-on note)
and a runner (run.py) for the experiments. The engine plots from the frozen results,
never trains anything itself, and says when a result no longer matches its code.
"""
import ast
import hashlib
import importlib.util
import io
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Figure:
    id: str
    module: Path          # the plot module that draws it
    results: Path         # the results file it reads
    svg: Path | None = None
    png: Path | None = None
    alt: str = ""


def code_hash(root, files):
    """sha256 over the bytes of files, in order: what a results file records as code_hash."""
    h = hashlib.sha256()
    for rel in files:
        h.update((Path(root) / rel).read_bytes())
    return h.hexdigest()


def discover(folder):
    """{figure id: Figure} from plots/*.py, read without importing (the FIGURES keys are literals)."""
    figures = {}
    for module in sorted((Path(folder) / "plots").glob("*.py")):
        for node in ast.parse(module.read_text()).body:
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "FIGURES" for t in node.targets) \
                    and isinstance(node.value, ast.Dict):
                for key in node.value.keys:
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        figures[key.value] = Figure(key.value, module, Path(folder) / "results" / f"{module.stem}.json")
    return figures


def stale_results(folder, root):
    """[(results file, reason)] for results whose code or config changed since they ran."""
    out = []
    for path in sorted((Path(folder) / "results").glob("*.json")):
        try:
            provenance = json.loads(path.read_text())["provenance"]
            files = provenance["code_files"]
            missing = [f for f in files if not (Path(root) / f).is_file()]
            if missing:
                out.append((path, f"its code is gone: {', '.join(missing)}"))
            elif code_hash(root, files) != provenance["code_hash"]:
                out.append((path, f"{', '.join(files)} changed since it ran"))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            out.append((path, f"no readable provenance ({exc})"))
    return out


# The handout's PNGs: plots are drawn 7-10 in wide and printed ~6.7 in wide, so 150 dpi gives
# 160-220 dpi on paper; 200 dpi made every PDF 40% heavier for no visible gain.
PNG_DPI = 150


def figure_key(figure, folder):
    """Changes when the plot code, the shared plot style, the results or the print format change."""
    h = hashlib.sha256(f"svg, rgb png at {PNG_DPI} dpi".encode())
    for path in [figure.module, *sorted((Path(folder) / "plots").glob("style*.py")), figure.results]:
        h.update(path.name.encode() + (path.read_bytes() if path.is_file() else b"<missing>"))
    return h.hexdigest()[:20]


def load_module(module_path):
    """Import a lecture module from its file, its own folder on the path (for its shared helpers)."""
    spec = importlib.util.spec_from_file_location(f"lecture_{module_path.parent.name}_{module_path.stem}", module_path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(module_path.parent))   # plot modules import their shared style
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(module_path.parent))
    return module


def render(figures, out_dir):
    """Draw figures (all from existing results) into out_dir as <id>.svg, <id>.png and <id>.alt.txt."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from PIL import Image
    modules = {}
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for fig_spec in figures:
        module = modules.get(fig_spec.module) or modules.setdefault(fig_spec.module, load_module(fig_spec.module))
        fig, alt = module.FIGURES[fig_spec.id](json.loads(fig_spec.results.read_text()))
        fig.savefig(out_dir / f"{fig_spec.id}.svg", bbox_inches="tight")
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=PNG_DPI, bbox_inches="tight")
        plt.close(fig)
        # Paper has no transparency: an RGB PNG spares WeasyPrint splitting off an alpha mask in every PDF.
        with Image.open(png) as image:
            image.convert("RGB").save(out_dir / f"{fig_spec.id}.png", optimize=True)
        (out_dir / f"{fig_spec.id}.alt.txt").write_text(alt)


def run_experiments(runner, names, device, rerun, root):
    """Hand the experiments to the lecture's own runner (they may train models: minutes to hours)."""
    cmd = [sys.executable, str(runner), *names, "--device", device] + (["--rerun"] if rerun else [])
    return subprocess.run(cmd, cwd=root).returncode
