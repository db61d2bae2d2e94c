"""The single Jinja environment: autoescape on, undefined names are errors."""
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from pygments import highlight, lex
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.token import STANDARD_TYPES
from pygments.util import ClassNotFound

from . import widgets

_formatter = HtmlFormatter(nowrap=True)


def _lexer(language):
    try:
        return get_lexer_by_name(language, stripnl=False)   # keep blank lines: steps count lines
    except ClassNotFound:
        return TextLexer(stripnl=False)


def highlight_code(source, language):
    """Pygments HTML for print."""
    return Markup(highlight(source, _lexer(language), _formatter))


def code_lines(source, language):
    """The source highlighted, one Markup per line: the deck numbers lines and steps through them.

    Highlighting at build time is what lets the deck drop highlight.js (900 KB) and its work on load.
    """
    lines, line = [], []
    for ttype, value in lex(source, _lexer(language)):
        while ttype not in STANDARD_TYPES:
            ttype = ttype.parent
        for i, part in enumerate(value.split("\n")):
            if i:
                lines.append(Markup("").join(line))
                line = []
            if part:
                cls = STANDARD_TYPES[ttype]
                line.append(Markup('<span class="{}">{}</span>').format(cls, part) if cls else escape(part))
    if line:
        lines.append(Markup("").join(line))
    return lines


def step_lines(step):
    """'2,5-7' -> {2, 5, 6, 7}"""
    out = set()
    for part in step.split(","):
        first, _, last = part.partition("-")
        out.update(range(int(first), int(last or first) + 1))
    return out


def deck_code_css():
    """Token colours for the deck's code (dark, like reveal.js's monokai), scoped to its code blocks."""
    return (".reveal pre code.hljs { display: block; overflow-x: auto; padding: .5em; color: #f8f8f2; background: #272822; }\n"
            ".reveal pre code.hljs table { border-collapse: collapse; }\n"
            + HtmlFormatter(style="monokai").get_style_defs(".reveal pre code.hljs"))


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
    env.filters["code_lines"] = code_lines
    env.filters["step_lines"] = step_lines
    env.filters["filesize"] = human_size
    env.filters["runs"] = runs
    env.filters["widget_json"] = lambda data: Markup(widgets.data_json(data))
    env.globals.update(figures={}, videos={}, widgets={})   # filled by the build when the lecture has them
    env.globals["pygments_css"] = Markup(HtmlFormatter(style="friendly").get_style_defs(".code"))
    return env


def templates_dir(root):
    return Path(root) / "templates"
