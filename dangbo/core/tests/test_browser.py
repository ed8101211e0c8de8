"""The main pages driven in headless Chromium (Debian's package) through Playwright."""

import os
import re

import pytest

from dangbo.accounts.models import Role
from dangbo.core import browser
from dangbo.core.testing import user_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")



login = browser.login


def test_commission_browses_tree_org_page_members_and_records_an_event(page, live_server, tree):
    tree.member("Nguyễn Văn An", org=tree.cell1)
    tree.member("Đặng Thị Hoa", org=tree.cell2, gender="F")
    user_with(Role.ORG_COMMISSION, org=tree.district, username="bantochuc")
    login(page, live_server, "bantochuc")
    assert page.locator("h1").inner_text() == "Cây tổ chức đảng"
    # expand the district in place (htmx), then open the commune
    page.locator("li", has_text="Đảng bộ huyện Lạc Dương").locator("button").first.click()
    page.get_by_role("link", name="Đảng bộ xã Đạ Sar").click()
    assert page.locator("h1").inner_text() == "Đảng bộ xã Đạ Sar"
    assert "2" in page.locator("#org-stats .stat").first.inner_text()
    assert page.locator("#children").get_by_text("Chi bộ thôn Đạ Nghịt").is_visible()
    # accent-insensitive search on the member list, live (htmx)
    page.get_by_role("link", name="Đảng viên", exact=True).click()
    page.fill("#id_q", "dang thi")
    page.wait_for_function("() => !document.querySelector('#results').innerText.includes('Nguyễn Văn An')")
    assert "Đặng Thị Hoa" in page.locator("#results").inner_text()
    assert "1 đảng viên" in page.locator("#results").inner_text()  # the live result keeps its count
    page.get_by_role("link", name="Đặng Thị Hoa").click()
    # record a lifecycle event through its form
    page.get_by_role("link", name="Ghi sự kiện sinh hoạt").click()
    page.select_option("#id_kind", "exempt")
    page.fill("#id_date", "15/03/2024")
    page.click("main button[type=submit]")
    assert "Đã ghi nhận sự kiện." in page.locator(".messages").inner_text()
    timeline = page.locator("#timeline").inner_text()
    assert "15/03/2024" in timeline and "Miễn công tác và sinh hoạt đảng" in timeline
    # a refused event shows the Vietnamese rule message and changes nothing
    page.get_by_role("link", name="Ghi sự kiện sinh hoạt").click()
    page.select_option("#id_kind", "recognize")
    page.fill("#id_date", "01/01/2025")
    page.click("main button[type=submit]")
    assert "đã là đảng viên chính thức" in page.locator(".errorlist").inner_text()


def test_phone_width_pages_do_not_scroll_sideways(page, live_server, tree):
    for i in range(5):
        tree.member(f"Nguyễn Văn Thành Số{i}", org=tree.cell1)
    user_with(Role.CELL_SECRETARY, org=tree.cell1, username="bithu")
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, live_server, "bithu")
    for path in (f"/to-chuc/{tree.cell1.pk}/", "/dang-vien/", f"/dang-vien/{tree.cell1.members.first().pk}/"):
        page.goto(live_server.url + path)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (path, overflow)
    # the secretary's scope: only their cell is visible from the tree
    page.goto(live_server.url + "/to-chuc/")
    assert page.get_by_role("link", name="Chi bộ thôn Đạ Nghịt").is_visible()
    assert not re.search("Păng Tiêng", page.content())


def test_no_request_leaves_the_machine(page, live_server, tree, admin):
    external = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(live_server.url) else None)
    login(page, live_server, "admin")
    page.goto(live_server.url + f"/to-chuc/{tree.commune.pk}/")
    page.goto(live_server.url + "/api/docs")
    page.wait_for_load_state("networkidle")
    assert external == []
