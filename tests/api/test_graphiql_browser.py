"""GraphiQL in a real headless Chromium, with every request outside the application blocked.

An isolated government network has no CDN: the page must load, introspect and run a query
from what the application serves itself. Chromium sends everything but loopback to a closed
proxy port and resolves no host name but localhost, and the test fails if the page asked for
anything outside the application at all (or logged an error, a refused script for instance).
Needs Debian's `chromium` and `chromium-driver`; CI installs them (`.ci/run`).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.live_server import live_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
# CI installs the browser (.ci/run), so there a missing browser fails instead of skipping.
pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists())
    and os.environ.get("CI") != "true",
    reason="needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver",
)
LOCAL_SCHEMES = ("data:", "blob:", "about:", "chrome:", "chrome-error:")
"""Schemes that never leave the browser (chrome: is its own new-tab page, before ours loads)."""
QUERY = "{ maturityScales { code } }"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The application, served by uvicorn on a loopback port."""
    with live_server(tmp_path) as base:
        yield base


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    """Headless Chromium that can reach loopback addresses only, logging every request."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        # Loopback bypasses the proxy; everything else goes to a port where nothing listens.
        "--proxy-server=http://127.0.0.1:9",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
        "--window-size=1400,900",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def requested_urls(driver: Any) -> list[str]:
    """Every URL the browser asked for so far, from Chromium's DevTools network events."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_graphiql_runs_a_query_with_no_outside_request(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 30)
    # given: the page a browser gets at /graphql, rendered and holding the schema
    browser.get(f"{server}/graphql")
    editor = wait.until(
        ready.presence_of_element_located((By.CSS_SELECTOR, ".graphiql-query-editor .CodeMirror"))
    )
    # when: a person replaces the example with a query of their own and runs it
    editor.click()
    textarea = editor.find_element(By.CSS_SELECTOR, "textarea")
    textarea.send_keys(Keys.CONTROL, "a")
    textarea.send_keys(Keys.DELETE)
    textarea.send_keys(QUERY)
    typed = browser.execute_script(
        "return document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.getValue()"
    )
    browser.find_element(By.CSS_SELECTOR, ".graphiql-execute-button").click()
    # then: the result pane shows the answer
    wait.until(
        ready.text_to_be_present_in_element((By.CSS_SELECTOR, ".graphiql-response"), "HEBEI-13")
    )
    result = json.loads(
        browser.execute_script(
            "return document.querySelector('.graphiql-response .CodeMirror').CodeMirror.getValue()"
        )
    )
    assert " ".join(typed.split()) == QUERY
    assert {scale["code"] for scale in result["data"]["maturityScales"]} == {"HEBEI-13", "TRL-9"}
    # and: nothing outside the application was asked for, and the page logged no error
    urls = requested_urls(browser)
    outside = [u for u in urls if not u.startswith((server, *LOCAL_SCHEMES))]
    assert not outside, f"the page requested outside the application: {outside}"
    assert any(u.startswith(f"{server}/static/graphiql/graphiql.min.js") for u in urls)
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors
