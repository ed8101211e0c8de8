"""Under the Content-Security-Policy the pages still work in Chromium, and the browser reports no violation."""

import os

import pytest

from dangbo.accounts.models import Role
from dangbo.core import browser
from dangbo.core.testing import user_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_htmx_the_back_link_and_the_moved_styles_work_without_a_violation(page, live_server, tree):
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    tree.member("Nguyễn Văn An", org=tree.cell1)
    user_with(Role.ORG_COMMISSION, org=tree.district, username="bantochuc")
    page.goto(live_server.url + "/tai-khoan/dang-nhap/")
    assert page.locator(".card.login").evaluate("e => getComputedStyle(e).maxWidth") == "420px"
    browser.login(page, live_server, "bantochuc")
    # htmx (a static file) expands the tree in place; the toggle's style comes from app.css
    toggle = page.locator("li", has_text="Đảng bộ huyện Lạc Dương").locator("button").first
    assert toggle.evaluate("e => getComputedStyle(e).paddingTop") == "0px"
    toggle.click()
    page.get_by_role("link", name="Đảng bộ xã Đạ Sar").wait_for()
    page.get_by_role("link", name="Đảng viên", exact=True).click()
    page.fill("#id_q", "khong co ai")
    page.wait_for_function("() => !document.querySelector('#results').innerText.includes('Nguyễn Văn An')")
    # "Quay lại trang trước" on a missing page goes back through app.js, not a javascript: link
    page.goto(live_server.url + "/khong-co-trang-nay/")
    page.get_by_role("link", name="Quay lại trang trước").click()
    page.wait_for_url("**/dang-vien/**")
    assert refused == []
