"""The cell secretary's entry screen driven in headless Chromium: marks and levels for several members, a rule
refusal (a member disciplined in the year proposed HTTNV), the correction, the save."""

import datetime as dt
import os

import pytest

from dangbo.accounts.models import Role
from dangbo.core import browser
from dangbo.core.testing import user_with
from dangbo.members.services import discipline_record
from dangbo.reviews import services
from dangbo.reviews.models import Assessment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CRITERIA = ["Phẩm chất chính trị, đạo đức, lối sống", "Ý thức tổ chức kỷ luật",
            "Thực hiện chức trách, nhiệm vụ được giao", "Thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu hằng năm",
            "Thực hiện nhiệm vụ ở nơi cư trú, phụ trách hộ gia đình"]



login = browser.login


def fill_row(page, name, mark, level):
    for criterion in CRITERIA:
        page.get_by_label(f"{name}: {criterion}", exact=True).select_option(label=mark)
    page.get_by_label(f"{name}: Đề xuất", exact=True).select_option(label=level)


def test_cell_secretary_fills_the_sheet_meets_a_refusal_corrects_and_saves(page, live_server, tree):
    names = ["Trần Văn Bình", "Nguyễn Văn An", "Lê Văn Cường", "Phạm Thị Dung"]
    members = {n: tree.member(n, org=tree.cell1, gender="F" if "Thị" in n else "M") for n in names}
    discipline_record(actor=tree.actor, member=members["Lê Văn Cường"], form="reprimand", date=dt.date(2024, 5, 1),
                      decided_by="Chi bộ", reason="Vi phạm quy định sinh hoạt")
    campaign = services.campaign_open(actor=tree.actor, org=tree.district, year=2024, opens_on=dt.date(2024, 11, 15))
    user_with(Role.CELL_SECRETARY, org=tree.cell1, username="bithu")
    login(page, live_server, "bithu")

    page.goto(live_server.url + "/danh-gia/")
    page.locator(f"#progress-{campaign.pk}").get_by_role("link", name="nhập kết quả").click()
    assert page.locator("h1").inner_text() == "Kiểm điểm, xếp loại năm 2024 — Chi bộ thôn Đạ Nghịt"
    rows = page.locator("#members tbody a.who")
    assert rows.all_inner_texts() == ["Nguyễn Văn An", "Trần Văn Bình", "Lê Văn Cường", "Phạm Thị Dung"]

    fill_row(page, "Nguyễn Văn An", "Xuất sắc", "HTTNV")
    fill_row(page, "Trần Văn Bình", "Tốt", "HTTNV")
    fill_row(page, "Lê Văn Cường", "Tốt", "HTTNV")
    page.click("main button[type=submit]")

    alert = page.locator("#sheet-errors").inner_text()
    assert "Lê Văn Cường" in alert and "bị kỷ luật trong năm đánh giá" in alert
    assert not Assessment.objects.filter(status="proposed").exists()
    # everything typed is still on screen; the refused row is marked and suggests the cap
    assert page.get_by_label("Nguyễn Văn An: Phẩm chất chính trị, đạo đức, lối sống", exact=True).input_value() == "xs"
    assert page.get_by_label("Trần Văn Bình: Đề xuất", exact=True).input_value() == "good"
    refused = page.locator("#members tr.refused")
    assert "Lê Văn Cường" in refused.inner_text() and "KHTNV" in refused.locator("td.suggest").inner_text()

    page.get_by_label("Lê Văn Cường: Đề xuất", exact=True).select_option(label="KHTNV")
    page.click("main button[type=submit]")
    assert "Đã lưu đề xuất xếp loại của 3 phiếu." in page.locator(".messages").inner_text()
    saved = {r.locator("a.who").inner_text(): r.locator(".saved").inner_text()
             for r in page.locator("#members tbody tr").all() if r.locator(".saved").count()}
    assert saved == {"Nguyễn Văn An": "đã lưu: HTTNV", "Trần Văn Bình": "đã lưu: HTTNV",
                     "Lê Văn Cường": "đã lưu: KHTNV"}
    levels = dict(Assessment.objects.filter(year=2024, member__isnull=False, proposed_level__gt="")
                  .values_list("member__full_name", "proposed_level"))
    assert levels == {"Nguyễn Văn An": "good", "Trần Văn Bình": "good", "Lê Văn Cường": "not_completed"}

    # on a phone the rows stack: no sideways scrolling, every input labelled by its column
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 1
    assert page.locator("#members thead").is_hidden()
    assert page.get_by_label("Phạm Thị Dung: Đề xuất", exact=True).is_visible()
