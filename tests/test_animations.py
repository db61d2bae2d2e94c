"""Manim animations: rendered video checked with PyAV, playable on its slide, cached when unchanged."""
import pytest

from conftest import ROOT, copy_project, run_build
from lecturekit import animations, browser

pytestmark = pytest.mark.skipif(not animations.available(), reason="needs Manim (setup.sh installs it)")


def scenes():
    return animations.discover(ROOT / "figures" / "scenes", ROOT)


def test_one_scene_renders_at_lowest_quality(tmp_path):
    scene = scenes()["chain-of-thought"]
    animations.render(scene, "low", tmp_path, ROOT)
    duration, width, height = animations.video_info(tmp_path / "chain-of-thought.webm")
    assert duration > 2
    assert (width, height) == animations.QUALITY["low"][2]
    from PIL import Image
    with Image.open(tmp_path / "chain-of-thought.jpg") as poster:
        assert poster.size == animations.QUALITY["low"][2]


def test_every_scene_is_used_by_a_chapter(lecture):
    used = {b.data["id"] for ch in lecture.chapters for b in ch.blocks("animation")}
    assert set(scenes()) <= used, "a scene no slide shows"


@pytest.mark.skipif(not browser.available(), reason="needs Chromium")
def test_each_animation_slide_has_a_playable_video(built, lecture):
    from playwright.sync_api import sync_playwright
    ids = [b.data["id"] for ch in lecture.chapters for b in ch.blocks("animation") if b.data["id"] in scenes()]
    assert ids
    with sync_playwright() as p:
        chromium = browser.launch(p)
        page = chromium.new_page()
        page.goto((built / "site/slides/index.html").as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        for scene_id in ids:
            video = page.locator(f"video:has(source[src='media/{scene_id}.webm'])")
            assert video.count() == 1, scene_id
            for src in video.locator("source").evaluate_all("els => els.map(e => e.getAttribute('src'))"):
                assert (built / "site/slides" / src).is_file()
            page.evaluate("v => { Reveal.slide(...Object.values(Reveal.getIndices(v.closest('section')))); }",
                          video.element_handle())
            page.wait_for_function("v => v.readyState >= 1 && v.duration > 2", arg=video.element_handle(), timeout=15000)
            assert video.evaluate("v => v.muted && v.controls && !v.error")
        chromium.close()


def test_handout_shows_posters(built):
    import subprocess
    listing = subprocess.run(["pdfimages", "-list", str(built / "site/handouts/06-lora.pdf")],
                             capture_output=True, text=True, check=True).stdout
    assert len(listing.strip().splitlines()) > 2


def test_nothing_changed_renders_nothing(built, tmp_path):
    project = copy_project(tmp_path / "p", source=built, with_outputs=True)
    result = run_build(project, "animations")
    assert result.returncode == 0, result.stderr
    assert "with Manim" not in result.stdout
