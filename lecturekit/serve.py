"""`build.py serve`: serve site/ on localhost, rebuild when sources change, reload open pages.

Pages served here get a small script that polls /__lecturekit/version; the
built files themselves are never touched, so the site stays offline-clean.
"""
import functools
import http.server
import subprocess
import sys
import threading
import time
from pathlib import Path

from .cache import Inputs

_RELOAD = b"""<script>(function(){let v=null;setInterval(async()=>{try{const r=await fetch('/__lecturekit/version');
const n=await r.text();if(v!==null&&n!==v)location.reload();v=n;}catch(e){}},1000);})();</script>"""


def _snapshot(root):
    return {p: p.stat().st_mtime_ns for p in Inputs(root).everything() if p.is_file()}


def _rebuild(root):
    subprocess.run([sys.executable, str(root / "build.py")], cwd=root)


def _version(site):
    """Changes whenever a build publishes site/ (the deck first, the PDFs after)."""
    try:
        return str((site / "index.html").stat().st_mtime_ns)
    except OSError:
        return "none"


def _watch(root, interval=0.5):
    seen = _snapshot(root)
    while True:
        time.sleep(interval)
        now = _snapshot(root)
        if now != seen:
            seen = now
            print("change detected: rebuilding ...", flush=True)
            _rebuild(root)


class _Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/__lecturekit/version":
            body = _version(Path(self.directory)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            body = path.read_bytes().replace(b"</body>", _RELOAD + b"</body>")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, *args):  # quiet: the build's own output matters more
        pass


def serve(root, port):
    root = Path(root)
    _rebuild(root)
    threading.Thread(target=_watch, args=(root,), daemon=True).start()
    # The directory is looked up per request, so a swapped-in site/ is served at once.
    handler = functools.partial(_Handler, directory=str(root / "site"))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"Serving site/ at http://127.0.0.1:{port}/ (Ctrl+C stops). Watching content/, templates/, exams/.", flush=True)
        server.serve_forever()
