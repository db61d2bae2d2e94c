"""Interactive widgets on slides, their data computed at build time, and their static twins for print.

The lecture's figures folder holds widgets/<module>.py, each with
WIDGETS = {widget id: fn(ctx) -> {"data": {...}, "twin": {...}}}, and widgets/<id>.js,
which registers window.LectureWidgets[id] = (element, data) => {...}; an optional widgets/widgets.js
(shared helpers) and widgets/widgets.css load before them. The engine
embeds the data as JSON beside the widget's element and loads the scripts; it knows
nothing of what a widget shows. A twin is {"figure": figure id} or
{"table": {"caption", "header", "rows"}}: what the handout prints instead.
"""
import json
from dataclasses import dataclass
from pathlib import Path

from .figures import load_module


@dataclass
class Context:
    """What a widget's data function may read: frozen results and the formula module."""
    folder: Path
    formulas: object

    def results(self, name):
        """The whole results file figures/results/<name>.json, or None when it has not been run."""
        path = self.folder / "results" / f"{name}.json"
        return json.loads(path.read_text()) if path.is_file() else None


def build_widgets(folder, formulas, problems, rel):
    """{widget id: {"data", "twin", "script"}} for every widget the lecture defines; faults go to problems."""
    folder = Path(folder)
    ctx = Context(folder, formulas)
    out = {}
    for path in sorted((folder / "widgets").glob("*.py")):
        try:
            module = load_module(path)
        except Exception as exc:  # the lecture's own code: say where, don't crash
            problems.add(rel(path), None, "", f"widget module failed to load: {type(exc).__name__}: {exc}")
            continue
        for widget_id, fn in getattr(module, "WIDGETS", {}).items():
            script = folder / "widgets" / f"{widget_id}.js"
            if not script.is_file():
                problems.add(rel(path), None, f"WIDGETS['{widget_id}']", f"no script {rel(script)}")
                continue
            try:
                spec = fn(ctx)
                out[widget_id] = {"data": spec["data"], "twin": spec.get("twin"), "script": script}
            except Exception as exc:
                problems.add(rel(path), None, f"WIDGETS['{widget_id}']", f"data failed: {type(exc).__name__}: {exc}")
    return out


def data_json(data):
    """JSON safe to place inside <script type="application/json">."""
    return json.dumps(data, separators=(",", ":")).replace("</", "<\\/")


def input_files(folder):
    return sorted((Path(folder) / "widgets").glob("*")) if folder else []
