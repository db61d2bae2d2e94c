"""Content-hash cache: which inputs each output depends on, and the artefacts built from them.

An output is rebuilt only when the hash of its inputs changes; artefacts live in
.cache/artefacts/ and the site is assembled from them, so an unchanged chapter's
PDF is reused as is.
"""
import hashlib
import json
import shutil
from pathlib import Path


def file_hash(paths, root, extra=""):
    """sha256 over the names and bytes of the given files (order-independent)."""
    h = hashlib.sha256(extra.encode())
    for path in sorted(set(paths)):
        h.update(str(Path(path).relative_to(root)).encode() + b"\0")
        h.update(Path(path).read_bytes() + b"\0")
    return h.hexdigest()[:20]


class Inputs:
    """The files of one project, grouped by what they feed."""

    def __init__(self, root):
        self.root = Path(root)
        r = self.root
        self.engine = [*r.glob("lecturekit/**/*.py"), *r.glob("lecturekit/js/*"), r / "package-lock.json"]
        self.common = [r / "content/lecture.yaml", *r.glob("content/*.py"), *r.glob("exams/bank/*.yaml")]
        self.chapters = sorted(r.glob("content/chapters/*.yaml"))
        self.slides = [*r.glob("templates/slides/*"), *r.glob("templates/partials/slide*")]
        self.handout = [*r.glob("templates/handout/*"), *r.glob("templates/partials/handout*")]
        self.site = list(r.glob("templates/site/*"))
        self.exam = list(r.glob("templates/exam/*"))
        self.papers = sorted(r.glob("exams/papers/*.yaml"))
        # results, plots, scenes and widgets: their own keys decide what to redo; this list only
        # makes the no-op check see that something there changed
        self.figures = [p for p in r.glob("figures/**/*") if p.suffix in (".py", ".json", ".js", ".css")
                        and "__pycache__" not in p.parts]

    def everything(self):
        return (self.engine + self.common + self.chapters + self.slides + self.handout + self.site
                + self.exam + self.papers + self.figures)

    def key(self, *groups, extra=""):
        return file_hash([p for g in groups for p in g if Path(p).is_file()], self.root, extra)


class Store:
    """Built artefacts by output name and key, plus a manifest of the latest of each."""

    def __init__(self, cache_dir):
        self.dir = Path(cache_dir) / "artefacts"
        self.manifest_file = Path(cache_dir) / "manifest.json"
        try:
            self.manifest = json.loads(self.manifest_file.read_text())
        except (OSError, ValueError):
            self.manifest = {}

    def path(self, name, key):
        return self.dir / f"{key}-{name.replace('/', '_')}"

    def fresh(self, name, key):
        """The artefact for (name, key) if it was built before."""
        path = self.path(name, key)
        return path if path.exists() else None

    def record(self, name, key):
        old = self.manifest.get(name)
        self.manifest[name] = key
        if old and old != key:
            stale = self.path(name, old)
            shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink(missing_ok=True)

    def latest(self):
        """{site path: artefact} for every output built at least once."""
        return {name: self.path(name, key) for name, key in self.manifest.items() if self.path(name, key).exists()}

    def save(self):
        self.manifest_file.parent.mkdir(parents=True, exist_ok=True)
        self.manifest_file.write_text(json.dumps(self.manifest, indent=1, sort_keys=True))
