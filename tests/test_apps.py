"""The calculators as apps (``make app``): the widgets of ``servicekit.widgets.apps`` checked
without a browser, then every app of ``apps/`` served by Voilà the way ``make app`` serves it and
used in Debian's chromium: no request leaves the machine, a control moves the answer, 中文 turns
the calculator into Chinese."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

import servicekit
from conftest import ROOT, free_port, local_server
from servicekit import metrics
from servicekit.widgets import apps

# Abbreviations a Chinese page may show as they are; any other run of three Latin letters is English.
ABBREVIATIONS = {"AHT", "CLV"}
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def english_words(text: str) -> list[str]:
    return [word for word in LATIN_WORD.findall(text) if word not in ABBREVIATIONS]


def plain(html_text: str) -> str:
    return re.sub(r"<[^>]+>", " ", html_text)


@pytest.fixture(autouse=True)
def _english_after():
    """Each test starts and ends in English: the switch sets the course's one language."""
    servicekit.set_language("en")
    yield
    servicekit.set_language("en")


# --- the calculators, without a browser ----------------------------------------------------------


def test_staffing_answers_with_erlang_c():
    box = apps.staffing_calculator()
    # 120 calls an hour of 240 s: A = 8 Erlangs; 11 agents answer 80.9% within 20 s, 10 only 65.4%.
    assert "You need 11 agents" in plain(box.result.value)
    assert "8.0 Erlangs" in box.result.value and "80.9%" in box.result.value and "65.4%" in box.result.value
    box.controls["arrival_rate"].value = 600
    box.controls["target_level"].value = 90
    needed = metrics.agents_needed(600, 240, 20, 90)
    assert f"You need {needed} agents" in plain(box.result.value)


def test_sample_size_with_and_without_the_population():
    box = apps.sample_size_calculator()
    # z = 1.960 at 95%: n₀ = 1.96² · 0.25 / 0.05² = 384.1 → 385 respondents.
    assert "Survey 385 respondents" in plain(box.result.value)
    box.controls["population"].value = "2,000"
    # n = 384.1 / (1 + 383.1 / 2000) = 322.4 → 323.
    assert "Survey 323 respondents" in plain(box.result.value)
    assert metrics.sample_size(0.05, 0.95, 0.5, population=2000) == 323
    box.controls["population"].value = "many"
    assert "cannot be worked out" in box.result.value and "whole number" in box.result.value
    box.controls["population"].value = ""
    box.controls["confidence"].value = 0.99
    assert f"Survey {metrics.sample_size(0.05, 0.99, 0.5)} respondents" in plain(box.result.value)


def test_satisfaction_index_is_the_weighted_average_of_the_scores():
    box = apps.satisfaction_index_calculator()
    # Ratings 4.2, 3.8, 3.5, 3.9 score 84, 76, 70, 78: 0.4·84 + 0.3·76 + 0.2·70 + 0.1·78 = 78.2.
    assert "Satisfaction index: 78.2" in plain(box.result.value)
    assert "3.91 out of 5" in box.result.value
    box.controls["price_weight"].value = 0.5  # weights 0.4, 0.3, 0.2, 0.5 are rescaled to sum to 1
    expected = (0.4 * 84 + 0.3 * 76 + 0.2 * 70 + 0.5 * 78) / 1.4
    assert f"Satisfaction index: {expected:.1f}" in plain(box.result.value)
    for item in apps.ITEMS:
        box.controls[f"{item}_weight"].value = 0.0
    assert "give at least one item some weight" in box.result.value


def test_rating_scores_follow_the_likert_table():
    assert [apps.rating_score(level) for level in (1, 2, 3, 4, 5)] == [20, 40, 60, 80, 100]
    assert apps.rating_score(4.2) == pytest.approx(84)


def test_clv_over_years_and_over_the_whole_stay():
    box = apps.clv_calculator()
    # q = 0.8 / 1.1; 500 / 1.1 · (1 − q⁵) / (1 − q) − 300 = 1,027.5.
    assert "CLV = 1,028 yuan" in plain(box.result.value)
    box.controls["years"].value = None  # 500 / (1 + 0.1 − 0.8) − 300 = 1,366.7
    assert "CLV = 1,367 yuan" in plain(box.result.value)
    box.controls["acquisition_cost"].value = 2000
    assert "CLV = −333 yuan" in plain(box.result.value) and "negative" in box.result.value


BUILDERS = [apps.staffing_calculator, apps.sample_size_calculator, apps.satisfaction_index_calculator,
            apps.clv_calculator]


@pytest.mark.parametrize("build", BUILDERS, ids=lambda build: build.__name__)
def test_the_switch_rebuilds_the_calculator_in_chinese_and_back(build):
    box = apps.language_switch(build)
    english = box.calculator
    assert box.switch.value == "en" and box.children == (box.switch, english)
    first = next(iter(english.controls.values()))
    first.value = first.max  # the calculator in Chinese starts where the English one was left
    box.switch.value = "zh"
    chinese = box.calculator
    assert next(iter(chinese.controls.values())).value == first.max
    assert servicekit.language() == "zh" and chinese is not english and box.children == (box.switch, chinese)
    shown = " ".join([plain(chinese.children[0].value), *(c.description for c in chinese.controls.values()),
                      plain(chinese.result.value)])
    assert re.search("[\u4e00-\u9fff]", shown) and english_words(shown) == [], shown
    box.switch.value = "en"
    assert servicekit.language() == "en" and "You" not in shown
    assert box.calculator.controls.keys() == english.controls.keys()


def test_every_string_is_in_both_languages_and_the_chinese_has_no_english_word():
    for key, strings in apps.TEXT.items():
        assert set(strings) == {"en", "zh"}, key
        assert english_words(re.sub(r"\{\w+\}", "", plain(strings["zh"]))) == [], key


# --- the apps in a real browser, served the way `make app` serves them ---------------------------

APPS = {
    # app: (its English answer as it opens, its Chinese title)
    "staffing": ("You need 11 agents", "座席配置"),
    "survey_sample_size": ("Survey 385 respondents", "调查样本量"),
    "satisfaction_index": ("Satisfaction index: 78.2", "满意度指数"),
    "customer_lifetime_value": ("CLV = 1,028 yuan", "客户终身价值"),
}
CALCULATOR = f".{apps.CALCULATOR_CLASS}"


def _makefile_value(name: str) -> str:
    for line in (ROOT / "Makefile").read_text().splitlines():
        if line.startswith(f"{name} :="):
            return line.split(":=", 1)[1].strip()
    raise AssertionError(f"Makefile has no {name}")


def test_every_app_is_a_notebook_that_only_builds_a_calculator():
    assert sorted(p.stem for p in (ROOT / "apps").glob("*.ipynb")) == sorted(APPS)
    for path in (ROOT / "apps").glob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        assert "language_switch(" in text and '"outputs": []' in text and '"execution_count": null' in text


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """Voilà started as `make app` starts it (its arguments and JUPYTER_PATH read from the Makefile),
    on a free loopback port; stopped afterwards."""
    port = free_port()
    bindir = Path(sys.executable).parent
    env = {**os.environ, "JUPYTER_PATH": str(ROOT / _makefile_value("APP_TEMPLATES")),
           "JUPYTER_RUNTIME_DIR": str(tmp_path_factory.mktemp("runtime"))}
    command = [str(bindir / "voila"), *_makefile_value("APP_ARGS").split(), f"--port={port}",
               "--Voila.port_retries=0", "--no-browser"]
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    base = f"http://127.0.0.1:{port}"
    with local_server("Voilà", command, f"{base}/voila/api/contents", ROOT, env, log, seconds=60):
        yield base


def _page(browser):
    """A new page and the list of every request it makes to a host other than this machine."""
    page = browser.new_page(viewport={"width": 1200, "height": 1100})
    outside = []

    def log(url: str) -> None:
        parts = urlparse(url)
        if parts.scheme not in ("data", "blob", "about") and parts.hostname not in ("127.0.0.1", "localhost"):
            outside.append(url)

    page.on("request", lambda request: log(request.url))
    page.on("websocket", lambda socket: log(socket.url))
    return page, outside


@pytest.mark.slow
def test_the_list_of_apps_names_the_calculators_only(voila, browser):
    page, outside = _page(browser)
    page.goto(f"{voila}/", wait_until="load", timeout=60_000)
    for name in APPS:
        page.get_by_text(f"{name}.ipynb").first.wait_for(timeout=30_000)
    assert page.get_by_text("share", exact=True).count() == 0, "the template's folder is not an app"
    page.close()
    assert outside == []


@pytest.mark.slow
@pytest.mark.parametrize("name", APPS)
def test_an_app_works_offline_and_speaks_chinese(voila, browser, name, tmp_path):
    from playwright.sync_api import expect

    before, chinese_title = APPS[name]
    page, outside = _page(browser)
    # "load": the event that never came while the default template's CDN stylesheets hung.
    page.goto(f"{voila}/voila/render/{name}.ipynb", wait_until="load", timeout=90_000)
    calculator = page.locator(CALCULATOR)
    result = calculator.locator(".widget-html").last
    expect(result).to_contain_text(before, timeout=90_000)
    assert page.locator(".jp-InputArea").count() == 0, "the app shows no code"

    # Move the first slider one step: the answer changes.
    calculator.locator(".noUi-handle").first.focus()
    page.keyboard.press("ArrowRight")
    expect(result).not_to_contain_text(before, timeout=30_000)

    page.get_by_role("button", name="中文").click()
    expect(calculator.locator("h3")).to_contain_text(chinese_title, timeout=30_000)
    expect(result).to_contain_text(re.compile("[\u4e00-\u9fff]"), timeout=30_000)
    text = calculator.inner_text()
    page.screenshot(path=tmp_path / f"{name}-zh.png", full_page=True)
    assert english_words(text) == [], text
    page.close()
    assert outside == [], f"requests that left the machine: {outside}"
