"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright: the slides PDF."""
import importlib.util
import shutil

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-dev-shm-usage", "--disable-sync", "--no-first-run"]


def chromium_path():
    return shutil.which("chromium") or shutil.which("chromium-browser")


def available():
    """True when both Chromium and the Playwright package are installed (looked up, not imported)."""
    return importlib.util.find_spec("playwright") is not None and chromium_path() is not None


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


def print_slides_pdf(deck_index, out):
    """One page per slide, fragments shown (pdfSeparateFragments is off in the deck)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        page.goto(deck_index.resolve().as_uri() + "?print-pdf")
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        page.pdf(path=str(out), print_background=True, prefer_css_page_size=True)
        browser.close()
