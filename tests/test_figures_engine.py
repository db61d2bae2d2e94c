"""The figures engine on a small stand-in experiment: frozen results -> plots in deck and handout, staleness."""
import hashlib
import json
import subprocess

import pytest
import yaml

from conftest import copy_project, run_build

PLOT = '''
import matplotlib.pyplot as plt

def accuracy(doc):
    results = doc["results"]
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot(results["k"], results["acc"], marker="o")
    ax.set_xlabel("shots k"); ax.set_ylabel("accuracy")
    return fig, f"Accuracy rises from {results['acc'][0]:.2f} at k=0 to {results['acc'][-1]:.2f} at k={results['k'][-1]}."

FIGURES = {"demo-accuracy": accuracy}
'''


@pytest.fixture(scope="module")
def demo(built, tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("fig") / "p", source=built, with_outputs=True)
    figs = project / "figures"
    for sub in ("plots", "results", "config", "experiments"):
        (figs / sub).mkdir(parents=True, exist_ok=True)
    (figs / "plots" / "demo.py").write_text(PLOT)
    (figs / "config" / "demo.py").write_text("shots = [0, 1, 2]\n")
    (figs / "experiments" / "demo.py").write_text("def run(cfg, device):\n    return {}\n")
    files = ["figures/experiments/demo.py", "figures/config/demo.py"]
    digest = hashlib.sha256(b"".join((project / f).read_bytes() for f in files)).hexdigest()
    (figs / "results" / "demo.json").write_text(json.dumps({
        "name": "demo", "results": {"k": [0, 1, 2], "acc": [0.61, 0.7, 0.74]},
        "provenance": {"code_files": files, "code_hash": digest, "config": {"shots": [0, 1, 2]}}}))
    chapter = project / "content/chapters/01-in-context-learning.yaml"
    data = yaml.safe_load(chapter.read_text())
    data["sections"][0]["blocks"].append({"figure": {"id": "demo-accuracy", "caption": "Demo accuracy by k."}})
    chapter.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return project, result


def test_plot_in_deck_with_generated_alt_text(demo):
    project, _ = demo
    html = (project / "site/slides/index.html").read_text()
    assert '<img src="figures/demo-accuracy.svg" alt="Accuracy rises from 0.61 at k=0 to 0.74 at k=2."' in html
    assert (project / "site/slides/figures/demo-accuracy.svg").read_text().lstrip().startswith("<?xml")


def test_plot_in_handout(demo):
    project, _ = demo
    listing = subprocess.run(["pdfimages", "-list", str(project / "site/handouts/01-in-context-learning.pdf")],
                             capture_output=True, text=True, check=True).stdout
    assert len(listing.strip().splitlines()) >= 3   # header lines + at least one image


def test_fresh_results_raise_no_warning(demo):
    _, result = demo
    assert "stale" not in result.stdout


def test_changed_config_marks_result_stale(demo, tmp_path):
    project, _ = demo
    copy = copy_project(tmp_path / "c", source=project, with_outputs=True)
    (copy / "figures/config/demo.py").write_text("shots = [0, 1, 2, 4]\n")
    (copy / "content/chapters/00-why-adapt.yaml").touch()
    result = run_build(copy, "--clean")
    assert result.returncode == 0
    assert "figures/results/demo.json is stale: figures/experiments/demo.py, figures/config/demo.py changed" in result.stdout
    assert "build.py figures --rerun demo" in result.stdout


def test_failing_plot_code_is_reported_with_its_line(demo, tmp_path):
    project, _ = demo
    copy = copy_project(tmp_path / "b", source=project, with_outputs=True)
    plot = copy / "figures/plots/demo.py"
    plot.write_text(PLOT.replace('results = doc["results"]', 'results = doc["results"]["missing"]'))
    site_before = (copy / "site/slides/index.html").read_bytes()
    result = run_build(copy)
    assert result.returncode != 0
    line = PLOT.splitlines().index('    results = doc["results"]') + 1
    assert f"figures/plots/demo.py:{line}" in result.stderr
    assert "figure 'demo-accuracy': KeyError: 'missing'" in result.stderr
    assert "Traceback" not in result.stderr
    assert (copy / "site/slides/index.html").read_bytes() == site_before


def test_figures_command_with_every_result_present_just_builds(demo, tmp_path):
    project, _ = demo
    copy = copy_project(tmp_path / "f", source=project, with_outputs=True)
    result = run_build(copy, "figures")
    assert result.returncode == 0, result.stderr
    assert "every experiment has results" in result.stdout
    assert (copy / "site/slides/figures/demo-accuracy.svg").is_file()
