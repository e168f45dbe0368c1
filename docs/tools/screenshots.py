"""Screenshots of the demo homepage for the docs: light, dark and phone.

Builds docs/demo into a temporary folder, opens its pages in Debian's Chromium
(Playwright; no browser is downloaded; every request to another host is
aborted), and writes docs/_static/screenshots/*.png.  From the repository root:

    python docs/tools/screenshots.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "_static" / "screenshots"
# file name -> (page, viewport width, scheme)
SHOTS = {
    "home-desktop-light": ("index", 1280, "light"),
    "home-desktop-dark": ("index", 1280, "dark"),
    "home-phone-light": ("index", 390, "light"),
    "publications-desktop-light": ("publications", 1280, "light"),
    "entry-desktop-dark": ("papers/marwick2025sparse", 1280, "dark"),
    "publications-phone-dark": ("publications", 390, "dark"),
}


def main() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("Chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as work:
        build = Path(work) / "html"
        subprocess.run(
            [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(ROOT / "docs" / "demo"), str(build)], check=True
        )
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            for name, (page_name, width, scheme) in SHOTS.items():
                height = 1000 if width > 600 else 844
                context = browser.new_context(
                    viewport={"width": width, "height": height}, color_scheme=scheme, device_scale_factor=1
                )
                context.route(
                    "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
                )
                page = context.new_page()
                page.goto((build / f"{page_name}.html").as_uri())
                page.wait_for_load_state("load")
                page.screenshot(path=str(OUT / f"{name}.png"))
                print(OUT / f"{name}.png")
                context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
