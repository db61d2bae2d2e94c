"""Small checks over a loaded YAML Source that record problems instead of raising.

Each check returns the value (or None) and, when the value is wrong, records
`file:line: key.path: expected ...`. Callers keep going, so one pass reports
every problem in a file.
"""
import re

from . import expr
from .model import Text
from .yamlsource import keypath

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_TYPE_NAMES = {str: "a string", int: "a whole number", list: "a list", dict: "a mapping",
               bool: "true or false", float: "a number"}


class Checker:
    def __init__(self, source, problems):
        self.source = source
        self.problems = problems

    def fail(self, path, message):
        self.problems.add(self.source.file, self.source.line(path), keypath(path), message)

    def get(self, path):
        value = self.source.data
        for part in path:
            value = value[part]
        return value

    def mapping(self, path, required=(), optional=()):
        """A mapping with exactly these keys allowed; returns it, or None."""
        value = self.get(path)
        if not isinstance(value, dict):
            self.fail(path, f"expected a mapping with keys {', '.join(required) or '...'}, got {_kind(value)}")
            return None
        for key in required:
            if key not in value:
                self.fail(path, f"missing required key '{key}'")
        allowed = set(required) | set(optional)
        for key in value:
            if key not in allowed:
                self.fail(path + (key,), f"unknown key '{key}'; expected one of: {', '.join(sorted(allowed))}")
        return value

    def typed(self, path, kind, default=None, required=True):
        """The value at path if it has type `kind` (a bool is never a number)."""
        try:
            value = self.get(path)
        except (KeyError, IndexError):
            return default
        if value is None and not required:
            return default
        ok = isinstance(value, kind) and not (kind in (int, float) and isinstance(value, bool))
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            ok = True
        if not ok:
            self.fail(path, f"expected {_TYPE_NAMES.get(kind, kind.__name__)}, got {_kind(value)}")
            return default
        return value

    def string(self, path, default=None, pattern=None, what=None):
        value = self.typed(path, str, default)
        if isinstance(value, str) and not value.strip():
            self.fail(path, "expected a non-empty string")
            return default
        if isinstance(value, str) and pattern is not None and not pattern.match(value):
            self.fail(path, f"expected {what}, got {value!r}")
            return default
        return value

    def choice(self, path, options, default=None):
        value = self.typed(path, str, default)
        if value is not None and value not in options:
            self.fail(path, f"expected one of {', '.join(options)}, got {value!r}")
            return default
        return value

    def items(self, path, min_items=1):
        """Indices of a list at path (empty after recording the problem if it is not a list)."""
        value = self.typed(path, list, [])
        if isinstance(value, list) and len(value) < min_items:
            self.fail(path, f"expected at least {min_items} item(s)")
        return range(len(value))


class TextChecker(Checker):
    """A Checker that also reads Markdown text fields, computing their {{ expressions }}."""

    def __init__(self, source, problems, env):
        super().__init__(source, problems)
        self.env = env

    def text(self, path, required=True):
        value = self.typed(path, str, required=required)
        if value is None:
            return None
        try:
            md = expr.interpolate(value, self.env)
        except expr.ExprError as exc:
            self.fail(path, f"in {{{{ }}}}: {exc}")
            md = value
        return Text(md, self.source.file, self.source.line(path))


def _kind(value):
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({value})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"a string ({value[:40]!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
