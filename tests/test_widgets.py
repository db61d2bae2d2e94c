"""The interactive widgets on the slides (figures/widgets/), in Debian's Chromium from file://.

Each test operates one widget (moves a slider, presses a toggle, clicks a node) and checks the
number it then shows against the results file or the formula module for that setting. A
widget whose results file does not exist yet must say "not measured yet" instead, so the suite
passes both before and after the experiments have run. Every shown number carries its exact
value in data-value; the text beside it must be the lecture's own formatting of that value.

WIDGETS_TEST_PROJECT=<a built project folder> runs the checks against that build instead of
building a fresh copy (for quick iterations on the widgets).
"""
import importlib.util
import json
import math
import os
from pathlib import Path

import pytest

from conftest import watch
from lecturekit import browser, numfmt

WIDGET_IDS = ["cost-vs-size", "icl-shots", "prompt-format", "cot-toggle", "lottery-sparsity", "adapter-architecture",
              "lora-rank", "peft-playground", "decision-tree", "adaptation-spectrum"]
NOT_MEASURED = "not measured yet"
WIDGETS_DIR = Path(__file__).resolve().parent.parent / "figures" / "widgets"


def test_widget_scripts_share_one_kit_and_fetch_nothing():
    scripts = sorted(WIDGETS_DIR.glob("*.js"))
    assert sorted(p.stem for p in scripts) == sorted(WIDGET_IDS + ["widgets"])
    for p in scripts:
        if p.stem != "widgets":
            assert "window.LectureWidgetKit" in p.read_text(), f"{p.name} does not use the shared kit"
    for p in scripts:
        code = p.read_text().replace('"http://www.w3.org/2000/svg"', "")
        for banned in ("fetch(", "XMLHttpRequest", "http://", "https://", "import(", "localStorage"):
            assert banned not in code, f"{p.name} uses {banned}"


@pytest.fixture(scope="module")
def project(request):
    folder = os.environ.get("WIDGETS_TEST_PROJECT")
    return Path(folder) if folder else request.getfixturevalue("built")


@pytest.fixture(scope="module")
def results(project):
    """results(name): the whole figures/results/<name>.json the build used, or None."""
    def load(name):
        path = project / "figures" / "results" / f"{name}.json"
        return json.loads(path.read_text()) if path.is_file() else None
    return load


@pytest.fixture(scope="module")
def F(project):
    spec = importlib.util.spec_from_file_location("formulas_for_widget_tests", project / "content" / "formulas.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def deck(request):
    if not browser.available():
        pytest.skip("needs /usr/bin/chromium and playwright")
    project = request.getfixturevalue("project")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        chromium = browser.launch(p)
        page = chromium.new_page(viewport={"width": 1280, "height": 760})
        errors, requests = watch(page)
        page.goto((project / "site/slides/index.html").as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        page.evaluate("Reveal.configure({transition: 'none', backgroundTransition: 'none'})")   # no slide animation to wait for
        yield page, errors, requests
        chromium.close()


def goto(page, widget_id):
    """Show the slide of a widget; returns its body's locator."""
    page.evaluate("""id => { const s = document.querySelector(`.widget[data-widget='${id}']`).closest('section');
                             const i = Reveal.getIndices(s); Reveal.slide(i.h, i.v); }""", widget_id)
    page.wait_for_function("""id => { const r = document.querySelector(`.widget[data-widget='${id}'] .widget-body`).getBoundingClientRect();
                                      return r.width > 0 && r.left >= 0 && r.right <= innerWidth; }""", arg=widget_id)
    return page.locator(f".widget[data-widget='{widget_id}'] .widget-body")


def widget_data(page, widget_id):
    """The data the build embedded for a widget."""
    return json.loads(page.locator(f".widget[data-widget='{widget_id}'] script.widget-data").text_content())


def value(locator):
    """(the number in data-value, the shown text) of one shown number."""
    raw = locator.get_attribute("data-value")
    return (float(raw) if raw not in (None, "") else None), locator.inner_text().strip()


def assert_shows(locator, expected, text=None):
    got, shown = value(locator)
    assert got is not None, f"shows {shown!r}, expected {expected}"
    assert math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-12), (got, expected)
    if text is not None:
        assert text in shown, (shown, text)


def set_range(locator, index):
    """Move a slider with the keyboard: Home, then ArrowRight index times."""
    locator.focus()
    locator.press("Home")
    for _ in range(index):
        locator.press("ArrowRight")


def test_every_placed_widget_is_live(deck):
    page, _, _ = deck
    assert page.locator("figure.placeholder:has-text('Interactive simulation to come')").count() == 0
    for widget_id in WIDGET_IDS:
        body = page.locator(f".widget[data-widget='{widget_id}'] .widget-body")
        assert body.count() == 1, widget_id
        assert body.evaluate("b => b.children.length") > 0, f"{widget_id} drew nothing"


def test_widgets_fit_below_the_slide_title(deck):
    page, _, _ = deck
    for widget_id in WIDGET_IDS:
        body = goto(page, widget_id)
        w, h, section = body.evaluate("b => [b.scrollWidth, b.scrollHeight, b.closest('section').offsetHeight]")
        assert w <= 1200 and h <= 520, f"{widget_id}: {w} x {h} px"
        assert section <= 760, f"{widget_id}: its slide is {section} px tall"


def test_cost_vs_size_bar_details_match_the_formula_results(deck, results, F):
    page, _, _ = deck
    body = goto(page, "cost-vs-size")
    doc = results("cost_memory")
    if doc is None:
        assert NOT_MEASURED in body.inner_text()
        return
    models = doc["results"]["models"]
    bars = body.locator(".w-bar")
    assert bars.count() == len(models)
    bars.nth(2).focus()                      # keyboard focus shows a bar's details
    details = body.locator(".w-details")
    assert details.get_attribute("data-selected") == models[2]["name"]
    gpt3 = models[-1]
    bars.nth(len(models) - 1).click()
    rows = details.locator(".w-v")
    assert_shows(rows.nth(0), gpt3["params"], numfmt.si(gpt3["params"]))
    assert_shows(rows.nth(1), gpt3["gpu_hours"], numfmt.num(gpt3["gpu_hours"]))
    assert_shows(rows.nth(2), F.finetune_cost(gpt3["gpu_hours"]), "$" + numfmt.num(F.finetune_cost(gpt3["gpu_hours"])))
    assert_shows(rows.nth(3), F.weights_bytes(gpt3["params"], 2), numfmt.nbytes(F.weights_bytes(gpt3["params"], 2)))
    assert_shows(rows.nth(4), F.train_memory_bytes(gpt3["params"], gpt3["params"]))
    assert_shows(rows.nth(5), F.gpus_needed(F.train_memory_bytes(gpt3["params"], gpt3["params"])))
    body.locator("label[data-option=cost] input").check()
    assert_shows(bars.nth(2).locator(".w-bar-value"), models[2]["cost_usd"])


def test_icl_shots_shows_the_measured_accuracy_for_k(deck, results):
    page, _, _ = deck
    body = goto(page, "icl-shots")
    doc = results("icl")
    if doc is None:
        assert NOT_MEASURED in body.inner_text()
        return
    r = doc["results"]
    k = max(r["shots"])
    body.locator(f"label[data-option='{k}'] input").check()
    s = r["summary"][str(k)]
    assert_shows(body.locator("[data-key=accuracy]"), s["accuracy"]["mean"], numfmt.pct(s["accuracy"]["mean"], 1))
    assert_shows(body.locator("[data-key=tokens]"), s["prompt_tokens"]["mean"])
    assert body.locator(".w-prompt mark").count() == k          # the prompt grew by k demonstrations
    body.locator(".w-check input").check()                     # contextual calibration
    assert_shows(body.locator("[data-key=accuracy]"), s["accuracy_contextual"]["mean"])
    body.locator("label[data-option='0'] input").check()
    assert body.locator(".w-prompt mark").count() == 0


def test_prompt_format_meter_follows_each_format_choice(deck, results):
    page, _, _ = deck
    body = goto(page, "prompt-format")
    doc = results("prompt_format")
    if doc is None:
        assert NOT_MEASURED in body.inner_text()
        return
    rows = doc["results"]["variants"]
    base = next(v for v in rows if v["is_baseline"])
    assert_shows(body.locator("[data-key=accuracy]"), base["accuracy"], numfmt.pct(base["accuracy"], 1))
    changed = [v for v in rows if not v["is_baseline"]]
    cal = body.locator(".w-pf-cal input")
    for v in changed[:3]:
        option(body, v["group"], label_text(v, doc)).check()
        cal.set_checked(False)
        assert_shows(body.locator("[data-key=accuracy]"), v["accuracy"], numfmt.pct(v["accuracy"], 1))
        assert_shows(body.locator("[data-key=positive-rate]"), v["positive_rate"])
        cal.check()
        assert_shows(body.locator("[data-key=accuracy]"), v["accuracy_calibrated"])
    # one factor at a time: changing another group puts the first back to its baseline
    other = next((v for v in changed if v["group"] != changed[0]["group"]), None)
    if other is not None:
        first = changed[0]
        option(body, first["group"], label_text(first, doc)).check()
        option(body, other["group"], label_text(other, doc)).check()
        assert body.locator(f"[data-group={first['group']}] input:checked + span").inner_text().endswith("★")
        assert_shows(body.locator("[data-key=accuracy]"), other["accuracy_calibrated"])


def option(body, group, text):
    """The radio button of a prompt-format group whose label reads exactly text."""
    label = body.locator(f"[data-group={group}] label").filter(has=body.page.get_by_text(text, exact=True))
    return label.locator("input")


def label_text(variant, doc):
    """The option's label, as the widget's data function writes it (figures/widgets/ch2_prompt_format.py)."""
    import sys
    folder = Path(__file__).resolve().parent.parent / "figures" / "widgets"
    spec = importlib.util.spec_from_file_location("prompt_format_widget_for_tests", folder / "ch2_prompt_format.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(folder))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(folder))
    return module.label_of(variant["group"], variant["value"], doc["provenance"]["config"]["baseline"])


def test_cot_toggle_shows_the_real_output_and_accuracy(deck, results):
    page, _, _ = deck
    body = goto(page, "cot-toggle")
    doc = results("cot")
    if doc is None:
        assert NOT_MEASURED in body.inner_text()
        return
    r = doc["results"]
    widget = page.locator(".widget[data-widget='cot-toggle'] .widget-body")
    for mode, few, cond in (("cot", "none", "zero_shot_cot"), ("direct", "none", "direct"), ("cot", "few", "few_shot_cot")):
        body.locator(f".w-cot-mode label[data-option={mode}] input").check()
        body.locator(f".w-cot-few label[data-option={few}] input").check()
        assert widget.get_attribute("data-condition") == cond
        assert_shows(body.locator("[data-key=accuracy]"), r["accuracy"][cond], numfmt.pct(r["accuracy"][cond], 1))
        page.wait_for_function("() => document.querySelector(\".widget[data-widget='cot-toggle'] .widget-body\").dataset.typing === 'false'")
        sample = r["per_condition"][cond]["samples"][0]
        assert body.locator(".w-cot-out").text_content() == sample["output"]
        assert ("✓" in body.locator(".w-cot-verdict").inner_text()) == bool(sample["correct"])


def test_lottery_slider_greys_out_the_pruned_weights(deck, results):
    page, _, _ = deck
    body = goto(page, "lottery-sparsity")
    doc = results("lottery")
    if doc is None:
        assert NOT_MEASURED in body.inner_text()
        return
    mlp = doc["results"]["mlp"]
    seed = list(mlp["seeds"])[0]
    slider = body.locator("input[type=range]")
    for i in (0, len(mlp["remaining"]) // 2, len(mlp["remaining"]) - 1):
        set_range(slider, i)
        assert_shows(body.locator("[data-key=sparsity]"), 1 - mlp["remaining"][i], numfmt.pct(1 - mlp["remaining"][i], 1))
        assert_shows(body.locator("[data-key=rewind]"), mlp["summary"]["rewind"]["mean"][i])
        assert_shows(body.locator("[data-key=reinit]"), mlp["summary"]["reinit"]["mean"][i])
        alive = sum(map(sum, mlp["seeds"][seed]["masks_grid"][i]))
        assert body.locator("circle.w-alive").count() == alive
        assert_shows(body.locator("[data-key=alive]"), alive)


def test_adapter_bottleneck_slider_counts_parameters(deck, results, F):
    page, _, _ = deck
    body = goto(page, "adapter-architecture")
    expand = body.locator("button.w-ad-expand")
    assert expand.get_attribute("aria-expanded") == "false"
    expand.click()
    assert expand.get_attribute("aria-expanded") == "true"
    assert "down-project" in body.locator("svg").text_content()
    body.locator("label[data-option=bert] input").check()
    ms = widget_data(page, "adapter-architecture")["bottlenecks"]      # the slider's stops
    set_range(body.locator("input[type=range]"), ms.index(16))
    params = F.adapter_model_params(F.BERT_LARGE_D_MODEL, 16, F.BERT_LARGE_LAYERS)
    assert_shows(body.locator("[data-key=params]"), params, numfmt.si(params))
    assert_shows(body.locator("[data-key=fraction]"), F.fraction(params, F.BERT_LARGE_PARAMS))
    assert_shows(body.locator("[data-key=per-adapter]"), F.adapter_params(F.BERT_LARGE_D_MODEL, 16))
    body.locator("label[data-option=gpt3] input").check()
    assert_shows(body.locator("[data-key=params]"), F.adapter_model_params(F.GPT3_D_MODEL, 16, F.GPT3_LAYERS))
    doc = results("adapters")
    shown = body.locator(".w-ad-measured [data-key=accuracy]")
    if doc is None:
        assert NOT_MEASURED in shown.inner_text()
        return
    sweep = doc["results"]["sweep"]
    tested = [m for m in ms if str(m) in sweep]
    set_range(body.locator("input[type=range]"), ms.index(tested[-1]))
    assert_shows(shown, sweep[str(tested[-1])]["test_accuracy_mean"])
    body.locator(".w-ad-jump button").first.click()                     # the shortcut to a tested m
    assert_shows(shown, sweep[str(tested[0])]["test_accuracy_mean"])
    untested = next((m for m in ms if str(m) not in sweep), None)
    if untested:
        set_range(body.locator("input[type=range]"), ms.index(untested))
        assert "not tested" in shown.inner_text()
    body.locator("label[data-option=smollm2] input").check()
    m = tested[-1]
    set_range(body.locator("input[type=range]"), ms.index(m))
    assert_shows(body.locator("[data-key=params-exact]"), sweep[str(m)]["trainable"])   # formula = measured count


def test_lora_rank_slider_compares_r_d_plus_k_with_dk(deck, results, F):
    page, _, _ = deck
    body = goto(page, "lora-rank")
    d = F.GPT3_D_MODEL
    assert_shows(body.locator("[data-key=lora]"), F.lora_params(d, d, 8), numfmt.num(F.lora_params(d, d, 8)))
    ranks = widget_data(page, "lora-rank")["ranks"]                    # the slider's stops
    set_range(body.locator("input[type=range]"), ranks.index(64))
    assert_shows(body.locator("[data-key=r]"), 64)
    assert_shows(body.locator("[data-key=lora]"), F.lora_params(d, d, 64))
    assert_shows(body.locator("[data-key=full]"), F.matrix_params(d, d))
    assert_shows(body.locator("[data-key=ratio]"), F.ratio(F.matrix_params(d, d), F.lora_params(d, d, 64)))
    doc = results("lora")
    shown = body.locator(".w-lora-measured [data-key=accuracy]")
    if doc is None:
        assert NOT_MEASURED in shown.inner_text()
        return
    sweep = doc["results"]["rank_sweep"]
    r = max(int(x) for x in sweep)
    set_range(body.locator("input[type=range]"), ranks.index(r))
    assert_shows(shown, sweep[str(r)]["test_accuracy_mean"])
    assert_shows(body.locator("[data-key=trainable]"), sweep[str(r)]["trainable"])
    body.locator("label[data-option=smollm2] input").check()
    d = doc["results"]["dims"]["d_model"]
    assert_shows(body.locator("[data-key=lora]"), F.lora_params(d, d, r))


def test_peft_playground_plays_back_the_measured_run(deck, results):
    page, _, _ = deck
    body = goto(page, "peft-playground")
    doc = results("peft_compare")
    if doc is None:
        assert NOT_MEASURED in body.inner_text()
        return
    pm = doc["results"]["per_method"]
    widget = page.locator(".widget[data-widget='peft-playground'] .widget-body")
    for name in ("adapters", "full"):
        if name not in pm:
            continue
        body.locator(f"label[data-option={name}] input").check()
        p = pm[name]
        assert_shows(body.locator("[data-key=trainable]"), p["trainable"], numfmt.num(p["trainable"]))
        assert_shows(body.locator("[data-key=memory]"), sum(p["memory"][k] for k in ("weights", "gradients", "optimizer", "activations")))
        assert_shows(body.locator("[data-key=seconds-per-step]"), p["seconds_per_step"])
        assert NOT_MEASURED not in body.inner_text()
        assert body.locator("[data-key=accuracy]").get_attribute("data-value") == ""   # shown after training
        body.locator("button.w-pp-train").click()
        page.wait_for_function("() => document.querySelector(\".widget[data-widget='peft-playground'] .widget-body\").dataset.state === 'done'",
                               timeout=15000)
        assert_shows(body.locator("[data-key=accuracy]"), p["test_accuracy_mean"], numfmt.pct(p["test_accuracy_mean"], 1))
        assert body.locator("path.w-pp-curve").count() == 1
    assert widget.get_attribute("data-method") in pm


def matrix(project):
    import yaml
    chapter = yaml.safe_load((project / "content/chapters/08-when-to-use-what.yaml").read_text())
    for section in chapter["sections"]:
        for block in section.get("blocks", []):
            if block.get("table", {}).get("caption", "").startswith("Decision matrix — which"):
                return {row[0]: row for row in block["table"]["rows"]}
    raise AssertionError("no decision matrix in chapter 8")


def test_decision_tree_paths_end_at_the_decision_matrix(deck, project):
    page, _, _ = deck
    body = goto(page, "decision-tree")
    rows = matrix(project)

    def answer(*labels):
        restart = body.locator(".w-dt-nav button", has_text="Start over")
        if restart.count():
            restart.click()
        for label in labels:
            body.locator(".w-dt-option", has_text=label).first.click()
        return body.locator("[data-key=method]").inner_text(), body.locator("[data-key=scenario]").inner_text()

    method, scenario = answer("100 – 100K examples", "API only")
    row = rows["100-10K examples, API access only"]
    assert method == row[1] and row[0] in scenario
    assert "prompt tuning" not in method.lower()          # the corrected fact: no weights, no prompt tuning
    assert answer("None")[0] == rows["No labeled data at all"][1]
    assert answer("100 – 100K examples", "Yes, we host", "One or a few", "No", "No, too large")[0] == \
        rows["Model too large for GPU memory"][1]
    assert answer("100K+ examples", "Yes, we host", "One or a few", "No", "Yes, a full GPU cluster")[0] == \
        rows["100K+ examples, full GPU cluster"][1]
    assert answer("100 – 100K examples", "Yes, we host", "10 or more")[0] == rows["10+ tasks on the same base model"][1]
    # a node on the lit path takes you back to that question
    body.locator("button.w-dt-node").first.click()
    assert page.locator(".widget[data-widget='decision-tree'] .widget-body").get_attribute("data-node") == "data"


def test_adaptation_spectrum_measured_and_reference_points(deck, results, F):
    page, _, _ = deck
    body = goto(page, "adaptation-spectrum")
    body.locator("[data-point=ref-lora4]").focus()
    page.keyboard.press("Enter")                             # a point is a keyboard button too
    share = F.fraction(F.lora_model_params(F.GPT3_D_MODEL, F.GPT3_LAYERS, 4, 2), F.GPT3_PARAMS)
    panel = body.locator(".w-sp-panel")
    assert_shows(panel.locator("[data-key=share]"), share, numfmt.pct(share, 4))
    assert "reference" in panel.inner_text().lower()
    body.locator("[data-point=ref-qlora]").click()
    assert_shows(panel.locator("[data-key=share]"),
                 F.fraction(F.lora_llama2_70b_params(16, "qv"), F.llama2_70b_params()))
    doc = results("peft_compare")
    if doc is None:
        assert NOT_MEASURED in body.inner_text()
    else:
        for name, p in doc["results"]["per_method"].items():
            body.locator(f".w-sp-list button[data-method={name}]").click()
            assert_shows(panel.locator("[data-key=accuracy]"), p["test_accuracy_mean"])
            assert_shows(panel.locator("[data-key=share]"), p["trainable_fraction"])
    icl = results("icl")
    if icl is not None:
        k = max(icl["results"]["shots"])
        body.locator(f".w-sp-list button[data-method=icl-{k}]").click()
        assert_shows(panel.locator("[data-key=accuracy]"), icl["results"]["summary"][str(k)]["accuracy"]["mean"])
    body.locator(".w-check input").uncheck()
    assert body.locator("[data-point^=ref-]").count() == 0


def test_reveal_keys_still_work_around_widgets(deck):
    page, _, _ = deck
    body = goto(page, "lora-rank")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    before = page.evaluate("Reveal.getIndices()")
    page.keyboard.press("ArrowRight")                       # no widget focused: reveal.js moves on
    page.wait_for_timeout(100)
    assert page.evaluate("Reveal.getIndices()") != before
    body = goto(page, "lora-rank")
    slider = body.locator("input[type=range]")
    slider.focus()
    start = slider.input_value()
    here = page.evaluate("Reveal.getIndices()")
    page.keyboard.press("ArrowLeft")                        # focused slider: the slider moves, not the deck
    assert slider.input_value() != start
    assert page.evaluate("Reveal.getIndices()") == here
    page.evaluate("Reveal.next()")                          # leaving the slide takes the focus out of the widget
    assert page.evaluate("document.activeElement.closest('.widget') === null")
    body = goto(page, "decision-tree")
    body.locator(".w-dt-option").first.focus()
    page.keyboard.press("Space")                            # a focused button takes Space, the deck stays
    assert page.evaluate("Reveal.getIndices()") == page.evaluate(
        "Reveal.getIndices(document.querySelector(\".widget[data-widget='decision-tree']\").closest('section'))")


def test_widgets_raise_no_errors_and_fetch_nothing(deck):
    _, errors, requests = deck
    assert errors == []
    assert [u for u in requests if not u.startswith(("file://", "data:"))] == []
