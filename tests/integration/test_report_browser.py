"""The report in a real browser (headless Chromium driven by Selenium), as a reader opens it:
no JavaScript error, every chart drawn, the log-scale and horizon toggles working, the plan on
the first 1440x900 screen and nothing wider than an 800 px window.

Runs on a small report (two rules besides the benchmark and the highlight, three episodes) to
keep CI fast. Chromium and chromedriver come from Debian (`.ci/run` installs them when
missing); without them the test is skipped outside CI and fails in CI.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backtests.committee.job import ReportSummary, build_report
from backtests.data.store import Store
from backtests.episodes.resolve import narrow
from backtests.episodes.runconfig import load_config

pytestmark = pytest.mark.integration
EPISODES = ["2020_covid", "2011_euro_downgrade", "latest"]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def report(real_store: Store, tmp_path_factory: pytest.TempPathFactory) -> ReportSummary:
    config = narrow(load_config(), ["contrarian_qe"], EPISODES).model_copy(
        update={"tear_sheets": "none"})
    return build_report(config, real_store, tmp_path_factory.mktemp("reports"))


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if CHROMIUM is None or DRIVER is None:
        reason = ("chromium and chromedriver are not installed (Debian: apt-get install "
                  "chromium chromium-driver; .ci/run does it)")
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--window-size=1440,900",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()


def _viewport(driver: Any, width: int, height: int) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


@pytest.fixture(scope="module")
def page(report: ReportSummary, browser: Any) -> Any:
    """The report opened at 1440x900, once every chart has been drawn."""
    from selenium.webdriver.support.ui import WebDriverWait

    _viewport(browser, 1440, 900)
    browser.get(Path(report.index).resolve().as_uri())
    WebDriverWait(browser, 120).until(lambda d: d.execute_script(
        "var all = document.querySelectorAll('.plotly-graph-div');"
        "return all.length > 0 && Array.from(all).every("
        "  g => g._fullLayout && g.querySelector('svg.main-svg'));"))
    return browser


def _errors(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_no_javascript_error_and_every_chart_drawn(page: Any) -> None:
    assert _errors(page) == []
    counts = page.execute_script(
        "var all = Array.from(document.querySelectorAll('.plotly-graph-div'));"
        "return [all.length, all.filter(g => g.querySelectorAll('.trace, .scatterlayer path,"
        " .barlayer path').length > 0).length, document.documentElement.dataset.plotly];")
    # an episode chart and an allocation chart per episode, plus the analogues' charts
    assert counts[0] >= 2 * len(EPISODES) + 2
    assert counts[1] == counts[0]  # every chart has drawn traces
    assert counts[2] == "ready"  # plotly.js was unpacked in the page, no network


def test_the_log_scale_toggle_switches_the_axis(page: Any) -> None:
    from selenium.webdriver.common.by import By

    chart = page.find_element(By.ID, "fig-2020_covid")
    kind = "return document.getElementById('fig-2020_covid')._fullLayout.yaxis.type;"
    assert page.execute_script(kind) == "linear"  # a short window opens linear
    page.execute_script("arguments[0].scrollIntoView({block: 'center'});", chart)
    buttons = chart.find_elements(By.CSS_SELECTOR, "g.updatemenu-button")
    labels = [b.text for b in buttons]
    assert labels == ["log scale", "linear scale"]
    buttons[0].click()
    assert page.execute_script(kind) == "log"
    buttons[1].click()
    assert page.execute_script(kind) == "linear"
    assert _errors(page) == []


def test_the_horizon_tabs_switch_the_analogue_grid(page: Any) -> None:
    from selenium.webdriver.common.by import By

    section = page.find_element(By.ID, "if-it-started-today")
    tabs = section.find_elements(By.CSS_SELECTOR, ".horizons button")
    months = [t.text.split(" ")[0] for t in tabs]
    assert months == ["6", "12", "24"]
    shown = ("return Array.from(document.querySelectorAll('#if-it-started-today .horizon'))"
             ".filter(d => !d.hidden).map(d => d.id);")
    assert len(page.execute_script(shown)) == 1
    for tab, m in zip(tabs, months, strict=True):
        page.execute_script("arguments[0].scrollIntoView({block: 'center'});", tab)
        tab.click()
        assert page.execute_script(shown) == [f"h{m}"]
        assert "on" in tab.get_attribute("class")


def test_the_plan_is_on_the_first_screen(page: Any) -> None:
    _viewport(page, 1440, 900)
    page.execute_script("window.scrollTo(0, 0);")
    box = page.execute_script(
        "var r = document.getElementById('plan').getBoundingClientRect();"
        "return [r.top, r.bottom, window.innerHeight, window.innerWidth];")
    assert box[2:] == [900, 1440]
    assert 0 <= box[0] < box[1] <= 900, box


def test_nothing_overflows_an_800_px_window(page: Any) -> None:
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    _viewport(page, 800, 900)
    width = "return [document.documentElement.scrollWidth, window.innerWidth];"
    try:
        page.execute_script("window.dispatchEvent(new Event('resize'));")
        try:  # the charts re-fit to the window on its resize event (plotly's "responsive")
            WebDriverWait(page, 15).until(lambda d: d.execute_script(width)[0] <= 800)
        except TimeoutException:
            pass
        wide = page.execute_script(width)
        assert wide[1] == 800 and wide[0] <= wide[1], wide
    finally:
        _viewport(page, 1440, 900)
