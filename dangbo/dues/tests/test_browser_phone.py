"""The cell's monthly collection on a phone (headless Chromium, 390 × 844): open the sheet from the menu, tick
who paid, change an amount, save, see the totals — without scrolling sideways."""

import datetime as dt
import os

import pytest

from dangbo.accounts.models import Role
from dangbo.core import browser
from dangbo.core.dates import today
from dangbo.core.testing import user_with
from dangbo.dues import services
from dangbo.dues.models import Payment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 390, "height": 844}
NO_SIDEWAYS = "() => document.documentElement.scrollWidth"


def test_the_treasurer_collects_a_month_on_a_phone(page, live_server, tree):
    an = tree.member("Nguyễn Văn An")
    binh = tree.member("Trần Thị Bình", gender="F", born=dt.date(1950, 5, 1))
    month = today().replace(day=1)
    services.declare_basis(actor=tree.actor, member=an, category="salary", basis=7_000_000,
                           valid_from=dt.date(2025, 1, 1))
    services.declare_basis(actor=tree.actor, member=binh, category="pension", basis=4_000_000,
                           valid_from=dt.date(2025, 1, 1))
    user_with(Role.CELL_SECRETARY, org=tree.cell1, username="bithu")
    page.set_viewport_size(PHONE)
    browser.login(page, live_server, "bithu")

    page.locator("header .menu-button").click()
    page.locator("header nav").get_by_role("link", name="Đảng phí", exact=True).click()
    page.wait_for_url(f"**/dang-phi/{tree.cell1.pk}/thu/")
    assert page.locator("h1").inner_text().startswith("Thu đảng phí tháng")
    assert page.evaluate(NO_SIDEWAYS) <= PHONE["width"]
    page.get_by_label("Số tiền của Nguyễn Văn An").fill("100.000")  # paying more is allowed
    box = page.locator(f"tr#due-{an.pk} label.tick").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 90
    page.locator(f"tr#due-{an.pk} input[type=checkbox]").check()
    page.locator(f"tr#due-{binh.pk} input[type=checkbox]").check()
    page.get_by_role("button", name="Lưu các khoản đã đánh dấu").click()
    page.wait_for_selector(".messages, .message, [role=status], #total-paid")
    assert "Đã ghi 2 khoản thu" in page.content()
    assert page.locator("#total-paid").inner_text() == "120.000"
    assert page.evaluate(NO_SIDEWAYS) <= PHONE["width"]
    assert sorted(Payment.objects.filter(month=month).values_list("amount", flat=True)) == [20_000, 100_000]
