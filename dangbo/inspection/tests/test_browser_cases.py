"""The inspection commission's case screen in headless Chromium: from the menu to the case, add a step of the
conduct phase, record the conclusion with a violation found, and see both on the page."""

import datetime as dt
import os

import pytest

from dangbo.core import browser
from dangbo.inspection.models import CaseStep
from dangbo.inspection.tests.conftest import open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_the_commission_steps_and_concludes_a_case(page, live_server, tree, inspector, an):
    case = open_case(tree, inspector, members=[an], topic="Dấu hiệu vi phạm về đất đai")
    browser.login(page, live_server, "ubkt")

    page.locator("header nav").get_by_role("link", name="Kiểm tra, giám sát", exact=True).click()
    page.wait_for_url("**/kiem-tra/vu-viec/")
    page.get_by_role("link", name="12-QĐ/UBKT").click()
    page.wait_for_url(f"**/kiem-tra/vu-viec/{case.pk}/")
    assert page.locator("h1").inner_text() == "Kiểm tra khi có dấu hiệu vi phạm"
    assert "Nguyễn Văn An" in page.locator("#subjects").inner_text()

    form = page.locator("#step-form")
    form.get_by_label("Bước").select_option("verification")
    form.get_by_label("Ngày", exact=True).fill("15/03/2024")
    form.get_by_label("Số văn bản").fill("BB-01/UBKT")
    form.get_by_role("button", name="Ghi bước").click()
    page.wait_for_selector(".messages")
    assert "Đã ghi bước" in page.locator(".messages").inner_text()
    assert "BB-01/UBKT" in page.locator("table.steps").nth(1).inner_text()  # the conduct phase

    form = page.locator("#conclusion-form")
    form.get_by_label("Ngày kết luận").fill("02/05/2024")
    form.get_by_label("Nội dung kết luận").fill("Đồng chí An có vi phạm trong quản lý đất đai.")
    form.get_by_label("Có vi phạm").check()
    form.get_by_role("button", name="Ghi kết luận").click()
    page.wait_for_selector("#conclusion p")
    conclusion = page.locator("#conclusion").inner_text()
    assert "02/05/2024" in conclusion and "có vi phạm" in conclusion and "quản lý đất đai" in conclusion
    assert CaseStep.objects.filter(case=case, step="verification", date=dt.date(2024, 3, 15)).exists()
    # the follow-up form appears once concluded
    assert page.locator("#follow-up-form").is_visible()
