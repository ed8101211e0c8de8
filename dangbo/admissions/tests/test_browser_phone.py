"""One candidate from the list to the official member in headless Chromium at 390 × 844: the secretary records the
person and the file, the commune's commission proposes, the district's decides, the secretary records the
ceremony; a year later the district's commission finds the probationary member on the probations page and
recognises them as official — without ever scrolling sideways."""

import os

import pytest

from dangbo.accounts.models import Role
from dangbo.admissions.choices import Stage
from dangbo.admissions.models import Candidate
from dangbo.core import browser
from dangbo.core.testing import user_with
from dangbo.members.choices import MemberStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 390, "height": 844}
NO_SIDEWAYS = "() => document.documentElement.scrollWidth"


def as_user(page, live_server, username):
    page.context.clear_cookies()
    browser.login(page, live_server, username)


def record(page, code, **fields):
    form = page.locator(f"#step-{code}")
    for label, value in fields.items():
        form.get_by_label(label, exact=True).fill(value)
    assert page.evaluate(NO_SIDEWAYS) <= PHONE["width"]
    form.get_by_role("button", name="Ghi").click()
    page.wait_for_load_state()
    assert page.locator(".messages").count(), page.locator(".errorlist").all_inner_texts()
    assert "Đã ghi" in page.locator(".messages").inner_text()


def test_one_candidate_from_the_list_to_the_member_on_a_phone(page, live_server, tree):
    for name in ("Nguyễn Văn An", "Trần Văn Bình"):
        tree.member(name, org=tree.cell1)
    user_with(Role.CELL_SECRETARY, org=tree.cell1, username="bithu")
    user_with(Role.ORG_COMMISSION, org=tree.commune, username="xa")
    user_with(Role.ORG_COMMISSION, org=tree.district, username="huyen")
    page.set_viewport_size(PHONE)
    as_user(page, live_server, "bithu")

    page.locator("header .menu-button").click()
    page.locator("header nav").get_by_role("link", name="Phát triển đảng viên", exact=True).click()
    page.get_by_role("link", name="Thêm quần chúng ưu tú").click()
    assert page.evaluate(NO_SIDEWAYS) <= PHONE["width"]
    page.get_by_label("Họ và tên").fill("Ka Thị Hương")
    page.get_by_label("Ngày sinh").fill("08/03/2000")
    page.get_by_label("Giới tính").select_option("F")
    page.get_by_label("Giáo dục phổ thông").select_option("thpt")
    page.get_by_label("Ngày đưa vào danh sách quần chúng ưu tú").fill("01/09/2024")
    page.get_by_label("Người dân tộc thiểu số").check()
    page.get_by_label("Đảng viên được phân công giúp đỡ").select_option(label="Nguyễn Văn An")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url("**/phat-trien-dang-vien/*/")
    assert page.locator("h1").inner_text() == "Ka Thị Hương"

    record(page, "course", **{"Ngày": "20/10/2024", "Ngày cấp giấy chứng nhận": "18/10/2024"})
    record(page, "application", **{"Ngày": "01/11/2024"})
    record(page, "background", **{"Ngày": "02/12/2024"})
    for name in ("Nguyễn Văn An", "Trần Văn Bình"):
        form = page.locator("#introducer-form")
        form.get_by_label("Đảng viên chính thức giới thiệu").select_option(label=name)
        form.get_by_label("Hình thức giới thiệu").select_option("two_members")
        form.get_by_label("Cùng công tác, học tập, cư trú từ ngày").fill("01/01/2022")
        form.get_by_label("Ngày giới thiệu").fill("10/12/2024")
        form.get_by_role("button", name="Ghi người giới thiệu").click()
        page.wait_for_load_state()
        assert name in page.locator("#introducers").inner_text()
    record(page, "introduction", **{"Ngày": "10/12/2024"})
    record(page, "comments", **{"Ngày": "20/12/2024"})
    record(page, "cell_vote", **{"Ngày": "06/01/2025", "Số đảng viên chính thức tán thành": "2",
                                 "Tổng số đảng viên chính thức của chi bộ": "3"})
    assert "08/04/2025" in page.locator("#deadline").inner_text()
    assert page.locator("#step-grassroots").count() == 0
    url = page.url

    as_user(page, live_server, "xa")
    page.goto(url)
    record(page, "grassroots", **{"Ngày": "15/01/2025", "Văn bản (số, ngày)": "NQ 12-NQ/ĐU"})
    as_user(page, live_server, "huyen")
    page.goto(url)
    record(page, "decision", **{"Ngày": "20/02/2025", "Văn bản (số, ngày)": "QĐ 345-QĐ/HU"})
    as_user(page, live_server, "bithu")
    page.goto(url)
    record(page, "ceremony", **{"Ngày": "03/03/2025"})
    assert page.locator("#stage").inner_text() == "Đã kết nạp"
    page.get_by_role("link", name="Hồ sơ đảng viên").click()
    assert "Ka Thị Hương" in page.locator("h1").inner_text()
    assert page.evaluate(NO_SIDEWAYS) <= PHONE["width"]
    c = Candidate.objects.get()
    assert c.stage == Stage.ADMITTED and c.member is not None

    # twelve months later: the district's commission recognises the member on the probations page (M7, M8)
    as_user(page, live_server, "huyen")
    page.goto(f"{live_server.url}/phat-trien-dang-vien/")
    page.get_by_role("link", name="Đảng viên dự bị đến hạn").click()
    page.get_by_label("Tính đến ngày").fill("10/03/2026")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_load_state()
    row = page.locator(f"#probation-{c.member_id}")
    assert "03/03/2026" in row.inner_text()  # the end of probation
    assert page.evaluate(NO_SIDEWAYS) <= PHONE["width"]
    page.get_by_text("Quyết định của cấp ủy có thẩm quyền").click()
    form = page.locator(f"#rec-{c.member_id}")
    for label, value in {"Ngày chi bộ biểu quyết": "05/03/2026", "Số đảng viên chính thức tán thành": "2",
                         "Tổng số đảng viên chính thức của chi bộ": "3", "Lần biểu quyết": "1",
                         "Số quyết định công nhận": "QĐ 88-QĐ/HU", "Ngày quyết định": "09/03/2026"}.items():
        form.get_by_label(label, exact=True).fill(value)
    assert page.evaluate(NO_SIDEWAYS) <= PHONE["width"]
    form.get_by_role("button", name="Công nhận").click()
    page.wait_for_load_state()
    assert "Đã công nhận đồng chí Ka Thị Hương là đảng viên chính thức" in page.locator(".messages").inner_text()
    c.member.refresh_from_db()
    assert c.member.status == MemberStatus.OFFICIAL and str(c.member.official_on) == "2026-03-03"
