"""The secretary's phone flow in headless Chromium at 390 × 844: log in, open this month's meeting, tick the
attendance, write the conclusion, save, see what was saved — without ever scrolling sideways."""

import datetime as dt
import os

import pytest

from dangbo.accounts.models import Role
from dangbo.core import browser
from dangbo.core.testing import user_with
from dangbo.meetings.models import Attendance, Meeting
from dangbo.members.services import event_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 390, "height": 844}
NO_SIDEWAYS = "() => document.documentElement.scrollWidth"


def test_secretary_records_this_months_meeting_on_a_phone(page, live_server, tree):
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Văn Dũng", "Hoàng Thị Xuân Hương"]
    members = {n: tree.member(n, org=tree.cell1, gender="F" if "Thị" in n else "M") for n in names}
    event_record(actor=tree.actor, member=members["Phạm Văn Dũng"], kind="exempt", date=dt.date(2023, 1, 10))
    user_with(Role.CELL_SECRETARY, org=tree.cell1, username="bithu")
    page.set_viewport_size(PHONE)
    browser.login(page, live_server, "bithu")

    page.locator("header .menu-button").click()
    page.locator("header nav").get_by_role("link", name="Sinh hoạt chi bộ", exact=True).click()
    page.wait_for_url(f"**/sinh-hoat/chi-bo/{tree.cell1.pk}/")
    assert page.evaluate(NO_SIDEWAYS) <= PHONE["width"]
    page.get_by_role("link", name="Kỳ sinh hoạt tháng này").click()
    page.wait_for_url("**/thang-nay/")
    assert page.locator("h1").inner_text().startswith("Sinh hoạt tháng")
    assert page.get_by_label("Ngày họp").input_value()  # the day is prefilled
    assert page.evaluate(NO_SIDEWAYS) <= PHONE["width"]

    # the exempt member is shown, never asked
    exempt = page.locator("li.exempt")
    assert "Phạm Văn Dũng" in exempt.inner_text() and "Miễn" in exempt.inner_text()
    assert exempt.locator("input").count() == 0

    page.get_by_label("Bắt đầu").fill("19:30")
    page.get_by_label("Kết thúc").fill("21:30")
    binh = page.get_by_role("group", name="Trần Thị Bình")
    binh.get_by_text("Vắng có lý do", exact=True).click()
    reason = binh.get_by_label("Lý do vắng")
    assert reason.is_visible()
    reason.fill("Đi viện")
    cuong = page.get_by_role("group", name="Lê Văn Cường")
    cuong.get_by_text("Vắng không lý do", exact=True).click()
    assert not cuong.get_by_label("Lý do vắng").is_visible()  # asked only for an absence with reason
    box = cuong.get_by_text("Có mặt", exact=True).bounding_box()
    assert box["height"] >= 44 and box["width"] >= 90  # a tap target, not a tiny radio
    page.get_by_label("Nghị quyết, kết luận của kỳ họp").fill(
        "Chi bộ thống nhất ra quân làm đường giao thông nông thôn trong tháng.")
    assert page.evaluate(NO_SIDEWAYS) <= PHONE["width"]
    page.get_by_role("button", name="Lưu").click()

    page.wait_for_url("**/diem-danh/")
    assert "Đã lưu kỳ sinh hoạt ngày" in page.locator(".messages").inner_text()
    saved = page.locator("#saved").inner_text()
    assert "có mặt 2/4" in saved and "vắng có lý do 1" in saved and "vắng không lý do 1" in saved
    assert "miễn 1" in saved and "có kết luận" in saved
    assert binh.get_by_label("Lý do vắng").input_value() == "Đi viện"
    assert page.get_by_label("Nghị quyết, kết luận của kỳ họp").input_value().startswith("Chi bộ thống nhất")
    assert page.evaluate(NO_SIDEWAYS) <= PHONE["width"]

    m = Meeting.objects.get()
    assert (m.present, m.excused, m.unexcused, m.exempt) == (2, 1, 1, 1) and m.starts_at == dt.time(19, 30)
    assert Attendance.objects.get(meeting=m, member=members["Trần Thị Bình"]).reason == "Đi viện"

    page.get_by_role("link", name="Xem đầy đủ").click()
    assert "Chưa đạt chất lượng" in page.locator("#verdict").inner_text()  # one unexcused absence (G2 group 1)
    assert page.evaluate(NO_SIDEWAYS) <= PHONE["width"]
