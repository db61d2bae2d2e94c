"""`build.py serve`: the site on localhost, rebuilt and reloaded when a source changes."""
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import copy_project, watch


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode()


def wait_for(predicate, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


@pytest.fixture
def server(built, tmp_path):
    project = copy_project(tmp_path / "p", source=built, with_outputs=True)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "build.py", "serve", "--port", str(port)], cwd=project,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    assert wait_for(lambda: "Efficient Adaptation" in get(base + "/"), 60), "server did not come up"
    yield project, base
    proc.terminate()
    proc.wait(timeout=10)


def test_serves_site_with_reload_script(server):
    project, base = server
    page = get(base + "/slides/index.html")
    assert "Reveal.initialize" in page and "/__lecturekit/version" in page
    assert "/__lecturekit/version" not in (project / "site/slides/index.html").read_text(), "the built file must stay clean"


def test_rebuilds_when_content_changes(server):
    project, base = server
    version = get(base + "/__lecturekit/version")
    chapter = project / "content/chapters/00-why-adapt.yaml"
    chapter.write_text(chapter.read_text().replace("title: Why Adapt?", "title: Why Adapt At All?", 1))
    assert wait_for(lambda: get(base + "/__lecturekit/version") != version, 120), "no rebuild after the edit"
    assert "Why Adapt At All?" in get(base + "/slides/index.html")


def test_deck_over_http_stays_on_the_machine(server):
    from lecturekit import browser
    if not browser.available():
        pytest.skip("needs Chromium")
    from playwright.sync_api import sync_playwright
    _, base = server
    with sync_playwright() as p:
        chromium = browser.launch(p)
        page = chromium.new_page()
        errors, requests = watch(page)
        page.goto(base + "/slides/index.html")
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        # the simulations run over http as they do from file://: each drew itself
        drawn = page.evaluate("() => [...document.querySelectorAll('.widget .widget-body')].map(b => b.children.length)")
        chromium.close()
    assert requests and all(u.startswith((base, "data:")) for u in requests), [u for u in requests if not u.startswith(base)]
    assert len(drawn) >= 10 and all(drawn), drawn
    assert errors == []
