"""The editor in a real browser: Debian's headless chromium through chromedriver (Selenium).

Screenshots of every step are written to $REPORTGEN_SCREENSHOTS (or the test's temporary
folder), to be looked at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from servehelp import browser_missing, chromium, running_editor, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        browser_missing() and not os.environ.get("CI"),
        reason="chromium and chromedriver not installed (CI installs them: apt-get install chromium chromium-driver)",
    ),
]

CASE_HEADER = "# yaml-language-server: $schema=../../schemas/case.schema.json\n# 案例（case）：一个单位在一个地方做了什么，有哪些数字。\n"


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = os.environ.get("REPORTGEN_SCREENSHOTS")
    return Path(folder) if folder else tmp_path / "shots"


@pytest.fixture
def editor(project):
    from reportgen.i18n import set_language

    set_language("zh")
    with running_editor(project) as (url, _app):
        yield url
    set_language("en")


@pytest.fixture
def browser():
    with chromium() as driver:
        yield driver


def wait_for(driver, condition, timeout: float = 15):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def text_of(driver, css: str) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, css).text


def test_create_a_case_through_the_form(editor, browser, project, shots):
    from selenium.webdriver.common.by import By

    browser.get(f"{editor}/cases")
    assert "碧江区总工会" in browser.page_source
    assert "干部下沉到一线" in text_of(browser, "main")
    screenshot(browser, shots, "01-case-list")
    browser.find_element(By.ID, "new-case").click()
    wait_for(browser, lambda d: d.current_url.endswith("/cases/new"))
    labels = text_of(browser, "#case-form")
    assert "单位" in labels and "事迹" in labels and "所属一线" in labels
    browser.find_element(By.ID, "f-unit").send_keys("碧江区妇联")
    browser.find_element(By.ID, "f-region").send_keys("碧江区")
    browser.find_element(By.ID, "f-front_line").send_keys("干部下沉到一线")
    browser.find_element(By.ID, "f-tags").send_keys("巾帼志愿, 妇联")
    date = browser.find_element(By.ID, "f-date")
    date.clear()
    date.send_keys("2023-01-08")
    browser.find_element(By.ID, "f-text").send_keys("组织{people}巾帼志愿者入户宣传防疫知识")
    browser.find_element(By.CLASS_NAME, "add-figure").click()
    row = browser.find_elements(By.CSS_SELECTOR, "#f-figures tr.figure")[-1]
    name = row.find_element(By.CLASS_NAME, "fig-name")
    name.clear()
    name.send_keys("people")
    number = row.find_element(By.CLASS_NAME, "fig-number")
    number.clear()
    number.send_keys("120")
    row.find_element(By.CLASS_NAME, "fig-unit").send_keys("人")
    row.find_element(By.CLASS_NAME, "fig-approx").click()
    screenshot(browser, shots, "02-new-case-form")
    browser.find_element(By.ID, "save").click()
    wait_for(browser, lambda d: "/cases/bijiangqufulian" in d.current_url)
    path = project / "data/cases/bijiangqufulian.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(CASE_HEADER)  # the skeleton's comments are kept
    assert "# 事迹：接在单位名称之后读" in text
    assert "unit: 碧江区妇联" in text and "date: 2023-01-08" in text and "people: 120余人" in text
    assert "tags: [巾帼志愿, 妇联]" in text
    screenshot(browser, shots, "03-saved-case")
    browser.get(f"{editor}/cases?q=妇联")
    assert "碧江区妇联" in text_of(browser, "main")
    assert "bijiangqufulian" in text_of(browser, "main")
    screenshot(browser, shots, "04-list-with-new-case")


def test_a_chinese_date_gets_a_chinese_error_beside_the_field(editor, browser, project, shots):
    from selenium.webdriver.common.by import By

    browser.get(f"{editor}/cases/bijiang-federation-of-trade-unions")
    date = browser.find_element(By.ID, "f-date")
    date.clear()
    date.send_keys("2023年1月5日")
    box = '.problems[data-for="date"]'
    wait_for(browser, lambda d: "2023年1月5日" in text_of(d, box))
    message = text_of(browser, box)
    assert "日期" in message and "应为日期" in message and "2023-01-10" in message
    assert "第 6 行第 7 列" in message
    screenshot(browser, shots, "05-date-error")
    before = (project / "data/cases/bijiang-federation-of-trade-unions.yaml").read_bytes()
    browser.find_element(By.ID, "save").click()
    wait_for(browser, lambda d: "未保存" in text_of(d, "#banner"))
    assert (project / "data/cases/bijiang-federation-of-trade-unions.yaml").read_bytes() == before


def test_editing_a_brief_lead_changes_the_preview(editor, browser, project, shots, run_cli):
    from selenium.webdriver.common.by import By

    assert run_cli("build").exit_code == 0  # a last build, for the changes tab

    browser.get(f"{editor}/documents")
    screenshot(browser, shots, "06-documents")
    browser.get(f"{editor}/documents/brief/2023-01")
    wait_for(browser, lambda d: "群团组织" in text_of(d, "#preview"))
    screenshot(browser, shots, "07-brief-editor")
    lead = browser.find_element(By.ID, "t-articles.0.lead")
    lead.clear()
    lead.send_keys("春节前后，各群团组织闻令而动、下沉一线。")
    wait_for(browser, lambda d: "闻令而动" in text_of(d, "#preview"))
    screenshot(browser, shots, "08-brief-preview-changed")
    browser.find_element(By.ID, "save").click()
    wait_for(browser, lambda d: "已保存" in text_of(d, "#banner"))
    text = (project / "data/briefs/2023-01.yaml").read_text(encoding="utf-8")
    assert "春节前后，各群团组织闻令而动、下沉一线。" in text
    assert text.startswith("# yaml-language-server")
    browser.find_element(By.ID, "show-diff").click()
    wait_for(browser, lambda d: "闻令而动" in text_of(d, "#diff table.diff ins"), timeout=60)
    assert "连日来" in text_of(browser, "#diff table.diff del")
    screenshot(browser, shots, "11-brief-diff")


def test_a_second_tabs_stale_save_gets_the_conflict_message(editor, browser, project, shots):
    from selenium.webdriver.common.by import By

    url = f"{editor}/cases/sinan-red-cross"
    browser.get(url)
    first = browser.current_window_handle
    browser.switch_to.new_window("tab")
    browser.get(url)
    second = browser.current_window_handle
    browser.switch_to.window(first)
    place = browser.find_element(By.ID, "f-place")
    place.clear()
    place.send_keys("凉水井镇水晶村村委会")
    browser.find_element(By.ID, "save").click()
    wait_for(browser, lambda d: "已保存" in text_of(d, "#banner"))
    saved = (project / "data/cases/sinan-red-cross.yaml").read_bytes()
    browser.switch_to.window(second)
    place = browser.find_element(By.ID, "f-place")
    place.clear()
    place.send_keys("另一个地点")
    browser.find_element(By.ID, "save").click()
    wait_for(browser, lambda d: "冲突" in text_of(d, "#banner"))
    assert "已被别处修改" in text_of(browser, "#banner")
    screenshot(browser, shots, "09-conflict")
    assert (project / "data/cases/sinan-red-cross.yaml").read_bytes() == saved


@pytest.mark.libreoffice
def test_the_pages_tab_shows_the_pages_libreoffice_made(editor, browser, shots):
    import shutil

    from selenium.webdriver.common.by import By

    from reportgen.serve.office import uno_python

    if not (shutil.which("soffice") and shutil.which("pdftoppm") and uno_python()) and not os.environ.get("CI"):
        pytest.skip("LibreOffice, poppler-utils or python3-uno not installed (CI installs them)")
    browser.get(f"{editor}/documents/brief/2023-01")
    browser.find_element(By.ID, "show-pages").click()
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#pages img.page")) >= 2, timeout=120)
    wait_for(
        browser,
        lambda d: d.execute_script(
            "return Array.from(document.querySelectorAll('#pages img')).every(i => i.naturalWidth > 500)"
        ),
    )
    screenshot(browser, shots, "10-brief-pages")
