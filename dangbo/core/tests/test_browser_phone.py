"""Phone-width pages (390 px, an ordinary phone) in headless Chromium: the menu behind one button, the secretary's
review entry page kept compact, and the audit log's filters."""

import datetime as dt
import os

import pytest
from playwright.sync_api import expect

from dangbo.accounts.models import Role
from dangbo.core import browser
from dangbo.core.testing import user_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 390, "height": 844}
login = browser.login

FIRST = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nam", "Oanh", "Phúc", "Quang",
         "Sơn", "Tâm", "Uyên", "Vinh", "Xuân", "Yến"]
# The secretary's page for 19 members measured ≈ 10.500 px before the compact phone layout; half is 5.250.
ENTRY_HEIGHT_BOUND = 5000


def test_entry_page_for_19_members_is_compact_on_a_phone(page, live_server, tree):
    from dangbo.reviews import services

    for name in FIRST:
        tree.member(f"Nguyễn Văn {name}", org=tree.cell1)
    services.campaign_open(actor=tree.actor, org=tree.district, year=2024, opens_on=dt.date(2024, 11, 15))
    user_with(Role.CELL_SECRETARY, org=tree.cell1, username="bithu")
    page.set_viewport_size(PHONE)
    login(page, live_server, "bithu")
    page.goto(live_server.url + f"/danh-gia/nam/2024/chi-bo/{tree.cell1.pk}/")
    assert page.locator("#members tbody a.who").count() == 19
    height = page.evaluate("() => document.documentElement.scrollHeight")
    print(f"entry page height at 390 px for 19 members: {height}")
    assert height < ENTRY_HEIGHT_BOUND, height
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 1
    # every control still reachable by its label, and the rows still readable
    select = page.get_by_label("Nguyễn Văn Yến: Đề xuất", exact=True)
    select.scroll_into_view_if_needed()
    assert select.is_visible()
    box = select.bounding_box()
    assert box["width"] >= 80 and box["height"] >= 28


def test_phone_menu_folds_behind_one_button(page, live_server, tree):
    tree.member("Nguyễn Văn An", org=tree.cell1)
    user = user_with(Role.CELL_SECRETARY, org=tree.cell1, username="bithu")
    user.last_name, user.first_name = "Lê Thị", "Hoa"
    user.save()
    page.set_viewport_size(PHONE)
    login(page, live_server, "bithu")
    members_link = page.locator("header nav").get_by_role("link", name="Đảng viên", exact=True)
    assert not members_link.is_visible() and not page.locator("header .person").is_visible()
    header_height = page.locator("header.top").bounding_box()["height"]
    assert header_height < 60, header_height  # one line: the name of the app and the button
    page.locator("header .menu-button").click()
    assert members_link.is_visible() and page.locator("header .person").inner_text() == "Lê Thị Hoa"
    assert page.get_by_role("link", name="Đổi mật khẩu").is_visible()
    members_link.click()
    page.wait_for_url("**/dang-vien/")
    assert "Nguyễn Văn An" in page.locator("main").inner_text()
    assert not members_link.is_visible()  # closed again on the new page
    # the keyboard reaches it too
    page.locator("#menu-toggle").focus()
    page.keyboard.press("Space")
    assert members_link.is_visible()
    # on a wide screen the links are simply there, no button
    page.set_viewport_size({"width": 1280, "height": 800})
    page.reload()
    assert members_link.is_visible() and not page.locator("header .menu-button").is_visible()


def test_audit_log_filters_narrow_the_rows(page, live_server, tree):
    from dangbo.accounts.models import AuditEntry
    from dangbo.members.services import member_update
    from dangbo.orgs.services import org_rename

    a = tree.member("Nguyễn Văn An", org=tree.cell1)
    member_update(actor=tree.actor, member=a, data={"date_of_birth": dt.date(1986, 4, 5)})
    org_rename(actor=tree.actor, org=tree.cell2, name="Chi bộ thôn Păng Tiêng 2", on=dt.date(2024, 1, 1))
    old = AuditEntry.objects.get(action="org_rename")
    AuditEntry.objects.filter(pk=old.pk).update(at=old.at - dt.timedelta(days=400))
    user_with(Role.ORG_COMMISSION, org=tree.district, username="bantochuc")
    login(page, live_server, "bantochuc")
    page.goto(live_server.url + "/tai-khoan/nhat-ky/")
    rows = page.locator("#audit tbody tr")
    all_rows = rows.count()
    assert all_rows >= 3 and "Đổi tên tổ chức đảng" in page.locator("#audit").inner_text()
    page.get_by_label("Thao tác").select_option(label="Sửa hồ sơ đảng viên")
    page.get_by_role("button", name="Lọc").click()
    assert rows.count() == 1 and "Ngày sinh" in rows.first.inner_text() and "05/04/1986" in rows.first.inner_text()
    page.get_by_label("Thao tác").select_option(label="Đổi tên tổ chức đảng")
    page.get_by_label("Từ ngày").fill((dt.date.today() - dt.timedelta(days=30)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Lọc").click()
    assert "Không có thay đổi nào khớp bộ lọc" in rows.first.inner_text()
    page.get_by_label("Từ ngày").fill("")
    # the org picker: type a few letters, pick among the matches, the rows narrow to that subtree
    page.get_by_label("Thao tác").select_option(label="Mọi thao tác")
    with page.expect_response(lambda r: "/nhat-ky/to-chuc/" in r.url):
        page.get_by_label("Tổ chức (cả cấp dưới)").fill("pang tieng")
    page.wait_for_load_state("networkidle")  # the choices are swapped in once, before one is picked
    choice = page.get_by_label("Chi bộ thôn Păng Tiêng 2")
    choice.check()
    expect(choice).to_be_checked()
    with page.expect_navigation():
        page.get_by_role("button", name="Lọc").click()
    expect(page.locator("#picked-org")).to_have_text("Chi bộ thôn Păng Tiêng 2")
    narrowed = page.locator("#audit tbody td.action").all_inner_texts()
    assert narrowed == ["Đổi tên tổ chức đảng", "Thành lập tổ chức đảng"]  # that cell's entries only
