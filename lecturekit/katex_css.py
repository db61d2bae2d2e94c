"""KaTeX's stylesheet cut down to what a set of pages uses: for print, for the deck, for a quiz.

KaTeX ships 230 rules and 20 fonts for every formula it could ever typeset. A document's math
uses a few dozen rules and a handful of fonts: fewer rules make WeasyPrint's cascade cheaper,
fewer fonts keep the deck and the self-contained quizzes small.
"""
import base64
import hashlib
import re
from pathlib import Path

_CLASS = re.compile(r'class="([^"]*)"')
_SELECTOR_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")


def katex_dist(node_modules):
    return Path(node_modules) / "katex" / "dist"


def trimmed_css(css_text, htmls):
    """The rules whose classes occur in htmls (a rule stays if every class of one of its selectors is used),
    plus every @font-face."""
    import tinycss2
    used = {c for html in htmls for attr in _CLASS.findall(html) for c in attr.split()}
    kept = []
    for rule in tinycss2.parse_stylesheet(css_text, skip_whitespace=True, skip_comments=True):
        if rule.type == "qualified-rule":
            selectors = tinycss2.serialize(rule.prelude).split(",")
            if not any(set(_SELECTOR_CLASS.findall(sel)) <= used for sel in selectors):
                continue
        kept.append(tinycss2.serialize([rule]))
    return "\n".join(kept)


def print_css(node_modules, htmls, cache_dir):
    """A stylesheet file for WeasyPrint (fonts by absolute file URL), saved once under cache_dir."""
    dist = katex_dist(node_modules)
    text = trimmed_css((dist / "katex.min.css").read_text(), htmls)
    text = text.replace("url(fonts/", f"url({(dist / 'fonts').resolve().as_uri()}/")
    out = Path(cache_dir) / "print" / f"katex-{hashlib.sha256(text.encode()).hexdigest()[:16]}.css"
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
    return str(out)


def web_css(node_modules, htmls):
    """(stylesheet, [woff2 file names]) for browsers: the rules htmls use and only the fonts those rules need.

    Fonts are named `url(fonts/<file>.woff2)`, woff2 only: every browser that runs the deck reads it.
    """
    import tinycss2
    rules = tinycss2.parse_stylesheet(trimmed_css((katex_dist(node_modules) / "katex.min.css").read_text(), htmls),
                                      skip_whitespace=True, skip_comments=True)
    faces = [r for r in rules if r.type == "at-rule" and r.lower_at_keyword == "font-face"]
    others = "\n".join(tinycss2.serialize([r]) for r in rules if r not in faces)
    bold = re.search(r"font-weight:\s*(700|bold)", others) is not None
    italic = "font-style:italic" in others
    kept, files = [], []
    for face in faces:
        text = tinycss2.serialize([face])
        family = re.search(r"font-family:\s*\"?([\w-]+)", text).group(1)
        if family not in others:
            continue
        # a bold or italic face is needed only if some rule in use asks for bold or italic
        if ("font-weight:700" in text and not bold) or ("font-style:italic" in text and not italic):
            continue
        woff2 = re.search(r"url\(fonts/([\w-]+\.woff2)\)", text).group(1)
        kept.append(re.sub(r"src:[^;}]*", f'src:url(fonts/{woff2}) format("woff2")', text))
        files.append(woff2)
    return "\n".join([*kept, others]), files


def inline_css(node_modules, htmls):
    """web_css with its fonts inlined as data URLs: one HTML file that works alone and offline."""
    text, files = web_css(node_modules, htmls)
    fonts = katex_dist(node_modules) / "fonts"
    for name in files:
        data = base64.b64encode((fonts / name).read_bytes()).decode()
        text = text.replace(f"url(fonts/{name})", f"url(data:font/woff2;base64,{data})")
    return text
