"""Markdown + LaTeX math -> HTML that needs no CDN: math is pre-rendered by KaTeX at build time."""
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from .errors import Problems, ToolError

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_OPEN, _CLOSE = "\ue000", "\ue001"    # private-use marks stand in for math while Markdown runs
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
KATEX_SCRIPT = Path(__file__).parent / "js" / "katex_render.cjs"


def split_math(text):
    """Text with math replaced by placeholders, and the list of (tex, display) pulled out.

    `$$...$$` is display math. `$...$` is inline math only when the opening `$` is
    followed by a non-space and the closing `$` follows a non-space and is not
    followed by a digit (Pandoc's rule), so "$25 and $3" stays text. `\\$` is a
    literal dollar, and code spans are left alone.
    """
    out, found, i, n = [], [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            out.append(text[i:i + 2])
            i += 2
        elif ch == "`":
            run = len(text[i:]) - len(text[i:].lstrip("`"))
            end = text.find("`" * run, i + run)
            stop = n if end < 0 else end + run
            out.append(text[i:stop])
            i = stop
        elif text.startswith("$$", i) and (end := text.find("$$", i + 2)) > i + 2:
            found.append((text[i + 2:end].strip(), True))
            out.append(f"{_OPEN}{len(found) - 1}{_CLOSE}")
            i = end + 2
        elif ch == "$" and i + 1 < n and not text[i + 1].isspace() and (end := _inline_end(text, i + 1)) > 0:
            found.append((text[i + 1:end], False))
            out.append(f"{_OPEN}{len(found) - 1}{_CLOSE}")
            i = end + 1
        else:
            out.append(ch)
            i += 1
    return "".join(out), found


def _inline_end(text, start):
    j = start
    while (j := text.find("$", j)) > 0:
        if text[j - 1] == "\\":
            j += 1
            continue
        if "\n\n" in text[start:j]:
            return -1
        if not text[j - 1].isspace() and not (j + 1 < len(text) and text[j + 1].isdigit()):
            return j
        return -1
    return -1


class MathRenderer:
    """KaTeX, run once per build over every formula not already in the on-disk cache."""

    def __init__(self, root, cache_file):
        self.root = Path(root)
        self.cache_file = Path(cache_file)
        try:
            self.cache = json.loads(self.cache_file.read_text())
        except (OSError, ValueError):
            self.cache = {}

    @staticmethod
    def key(tex, display):
        return hashlib.sha1(f"{int(display)}{tex}".encode()).hexdigest()

    def prepare(self, texts, problems: Problems):
        """Render all math in texts (Text objects); bad LaTeX becomes a problem at the text's file:line."""
        wanted = {}
        for text in texts:
            for tex, display in split_math(text.md)[1]:
                k = self.key(tex, display)
                if k not in self.cache:
                    wanted.setdefault(k, (tex, display, text))
        if not wanted:
            return
        results = self._katex([{"tex": t, "display": d} for t, d, _ in wanted.values()])
        for (k, (tex, _, text)), result in zip(wanted.items(), results):
            if "error" in result:
                problems.add(text.file, text.line, "", f"math ${tex}$: {result['error']}")
            else:
                self.cache[k] = result["html"]
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        self.cache_file.write_text(json.dumps(self.cache))

    def _katex(self, items):
        node = shutil.which("node")
        if not node:
            raise ToolError("node is not installed: math needs KaTeX (run the README's set-up command)")
        if not (self.root / "node_modules" / "katex").is_dir():
            raise ToolError("node_modules/katex is missing: run `npm ci` (the README's set-up command)")
        proc = subprocess.run([node, str(KATEX_SCRIPT)], input=json.dumps(items), capture_output=True,
                              text=True, cwd=self.root, env={"NODE_PATH": str(self.root / "node_modules"), "PATH": ""})
        if proc.returncode != 0:
            raise ToolError(f"KaTeX failed: {proc.stderr.strip()}")
        return json.loads(proc.stdout)

    def rendered(self, texts):
        """The KaTeX HTML of every formula in texts, already prepared."""
        return [self.html(tex, display) for text in texts for tex, display in split_math(text.md)[1]]

    def html(self, tex, display):
        return self.cache[self.key(tex, display)]

    def math_html(self, tex, display=True):
        """A stand-alone formula (a `math:` block), already prepared."""
        return Markup(self.html(tex, display))

    def markdown(self, text, inline=False, tex=False):
        """Markdown (with math) -> safe HTML. Raw HTML in the source is escaped, never passed through.

        tex=True leaves math as \\( \\) / \\[ \\] TeX for an LMS's own renderer (Moodle, Canvas).
        """
        src, found = split_math(text.md if hasattr(text, "md") else text)
        html = _md.renderInline(src) if inline else _md.render(src)
        if tex:
            def to_tex(m):
                body, display = found[int(m.group(1))]
                return escape(f"\\[{body}\\]" if display else f"\\({body}\\)")
            return Markup(_PLACEHOLDER.sub(to_tex, html))
        return Markup(_PLACEHOLDER.sub(lambda m: self.html(*found[int(m.group(1))]), html))
