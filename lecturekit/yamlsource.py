"""YAML files loaded with the line of every key, so errors can say file:line."""
import yaml

try:  # libyaml is ~10x faster; fall back to the pure-Python loader where it is missing
    Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    Loader = yaml.SafeLoader


def keypath(path):
    """('sections', 2, 'blocks', 0) -> 'sections[2].blocks[0]'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class Source:
    """One YAML file: its data and where each key path starts."""

    def __init__(self, file, data, lines):
        self.file = file
        self.data = data
        self._lines = lines

    def line(self, path):
        """Line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path not in self._lines and path:
            path = path[:-1]
        return self._lines.get(path)


def _lines_of(node, path, lines, problems, file):
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                problems.add(file, key_node.start_mark.line + 1, keypath(path + (key,)), "duplicate key")
            seen.add(key)
            _lines_of(value_node, path + (key,), lines, problems, file)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _lines_of(item, path + (i,), lines, problems, file)


def load(path, file, problems):
    """Parse `path` (reported as `file`). Returns a Source, or None after recording the problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(file, None, "", f"cannot read: {exc}")
        return None
    try:
        data = yaml.load(text, Loader=Loader)
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(p for p in (exc.context, exc.problem) if p)
        problems.add(file, line, "", f"YAML syntax error: {what}")
        return None
    except yaml.YAMLError as exc:
        problems.add(file, None, "", f"YAML error: {exc}")
        return None
    lines = {}
    if node is not None:
        _lines_of(node, (), lines, problems, file)
    return Source(file, data, lines)
