"""One error tree. Every user-facing message names where (file:line and key path) and what was expected."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    path: str
    message: str

    def __str__(self):
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class LectureError(Exception):
    """A user's input is wrong. Carries every problem found, so all are reported at once."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ToolError(Exception):
    """The machine lacks something the build needs (a program, an npm package)."""


class Problems:
    """Collects problems during a pass; `check()` raises them all together."""

    def __init__(self):
        self.items = []

    def add(self, file, line, path, message):
        self.items.append(Problem(str(file), line, path, message))

    def extend(self, problems):
        self.items.extend(problems)

    def __bool__(self):
        return bool(self.items)

    def check(self):
        if self.items:
            raise LectureError(self.items)
