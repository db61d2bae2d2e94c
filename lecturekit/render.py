"""The single Jinja environment: autoescape on, undefined names are errors."""
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound

from . import widgets

_formatter = HtmlFormatter(nowrap=True)


def highlight_code(source, language):
    """Pygments HTML for print (the deck highlights in the browser, with line steps)."""
    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        lexer = TextLexer()
    return Markup(highlight(source, lexer, _formatter))


def human_size(n):
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000


def runs(items, attr):
    """Consecutive runs of items sharing `attr`, in order: [(value, [items]), ...]."""
    out = []
    for item in items:
        key = getattr(item, attr)
        if out and out[-1][0] == key:
            out[-1][1].append(item)
        else:
            out.append((key, [item]))
    return out


def environment(templates, math):
    env = Environment(loader=FileSystemLoader(str(templates)), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["md"] = lambda text: math.markdown(text) if text else ""
    env.filters["mdi"] = lambda text: math.markdown(text, inline=True) if text else ""
    env.filters["highlight"] = highlight_code
    env.filters["filesize"] = human_size
    env.filters["runs"] = runs
    env.filters["widget_json"] = lambda data: Markup(widgets.data_json(data))
    env.globals.update(figures={}, videos={}, widgets={})   # filled by the build when the lecture has them
    env.globals["pygments_css"] = Markup(HtmlFormatter(style="friendly").get_style_defs(".code"))
    return env


def templates_dir(root):
    return Path(root) / "templates"
