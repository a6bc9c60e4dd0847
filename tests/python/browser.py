"""Opening the HTML reports in a real headless browser (Debian's chromium and
chromium-driver through Selenium), for every test of a page:

>>> page = open_in_browser(tmp_path / "report.html", tmp_path / "report.png")
>>> page.severe            # console entries of level SEVERE (must be empty)
>>> page.count("#roads path")
>>> page.close()

or as a context manager (``with open_in_browser(...) as page:``). Without
chromium the tests skip with the reason, except under CI=true, where they fail:
`make test` installs it (Makefile DEBIAN_PACKAGES).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
DRIVER_CANDIDATES = ("/usr/bin/chromedriver",)


def _first(paths: tuple[str, ...], name: str) -> str | None:
    for p in paths:
        if Path(p).exists():
            return p
    return shutil.which(name)


def browser_paths() -> tuple[str, str]:
    """(chromium, chromedriver); skips the test when either is missing, fails under CI=true."""
    chromium = _first(CHROMIUM_CANDIDATES, "chromium")
    driver = _first(DRIVER_CANDIDATES, "chromedriver")
    missing = [n for n, p in (("chromium", chromium), ("chromium-driver", driver)) if p is None]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip install selenium, the test extra)")
    if missing:
        reason = "the browser test needs " + ", ".join(missing) + " (make deps installs the Debian packages)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(reason + "; CI must have them")
        pytest.skip(reason)
    return chromium, driver  # type: ignore[return-value]


@dataclass
class BrowserPage:
    """A page open in headless Chromium, with what its console said while loading."""

    driver: Any
    path: Path
    screenshot: Path
    console: list[dict] = field(default_factory=list)

    @property
    def severe(self) -> list[dict]:
        """Console entries of level SEVERE (JavaScript errors, resources that failed to load)."""
        return [e for e in self.console if e.get("level") == "SEVERE"]

    def find(self, css: str) -> list:
        from selenium.webdriver.common.by import By

        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def count(self, css: str) -> int:
        return len(self.find(css))

    def script(self, code: str, *args):
        return self.driver.execute_script(code, *args)

    def box(self, css: str) -> dict:
        """The rendered size of the first element matching css (width, height in CSS pixels)."""
        return self.script("const e = document.querySelector(arguments[0]);"
                           "if (!e) return null; const r = e.getBoundingClientRect();"
                           "return {width: r.width, height: r.height};", css)

    def close(self) -> None:
        self.driver.quit()

    def __enter__(self) -> BrowserPage:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_in_browser(path: str | os.PathLike, screenshot: str | os.PathLike, *, width: int = 1280,
                    height: int = 2400) -> BrowserPage:
    """Opens the file in headless Chromium (no network needed: the page must be self-contained),
    waits for it to load, writes a screenshot and collects the console log. Close it (or use `with`)."""
    chromium, driver_path = browser_paths()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--disable-extensions", "--no-first-run"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        page_path = Path(path).resolve()
        driver.get(page_path.as_uri())
        driver.execute_script("return document.readyState")
        shot = Path(screenshot)
        driver.save_screenshot(str(shot))
        console = driver.get_log("browser")
    except Exception:
        driver.quit()
        raise
    return BrowserPage(driver=driver, path=page_path, screenshot=shot, console=console)
