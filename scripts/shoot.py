"""Screenshot ipdash pages in headless Debian Chromium, waiting for Streamlit to go idle.

python3 -m scripts.shoot "http://localhost:8501/targets?lang=en" out.png [--width 1600 --height 1000]
"""

from __future__ import annotations

import argparse

from tests.browser import launch, wait_idle


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("url")
    p.add_argument("out")
    p.add_argument("--width", type=int, default=1600)
    p.add_argument("--height", type=int, default=1000)
    p.add_argument("--full", action="store_true", help="capture the whole scrollable page")
    a = p.parse_args()
    with launch() as browser:
        page = browser.new_page(viewport={"width": a.width, "height": a.height})
        page.goto(a.url)
        wait_idle(page)
        page.screenshot(path=a.out, full_page=a.full)


if __name__ == "__main__":
    main()
