"""A commission user in headless Chromium (issue 10, "Done when"): opens the statistics forms, picks a form and a
period, sees the table, follows a figure to the members behind it, comes back, downloads the form's XLSX (a figure
read back with openpyxl) and the PDF of the whole set."""

import io
import os
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.accounts.models import Role
from dangbo.core import browser
from dangbo.core.testing import user_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_commission_opens_a_form_follows_a_figure_and_downloads_the_files(page, live_server, tree, year):
    user_with(Role.ORG_COMMISSION, org=tree.commune, username="bantochuc")
    browser.login(page, live_server, "bantochuc")
    page.goto(live_server.url + reverse("statforms:table"))
    page.select_option("#id_bieu", "1")
    page.select_option("#id_ky", "year")
    page.fill("#id_nam", "2025")
    page.get_by_role("button", name="Xem biểu").click()
    page.wait_for_url("**nam=2025**")
    assert page.locator("#form-number").inner_text() == "Biểu số 1-BTCTW"
    assert "Năm 2025" in page.locator("#form-title").inner_text()
    assert page.locator("#row-A td.now").inner_text() == "6"
    assert page.locator("#row-D td.now").inner_text() == "4"
    assert page.locator("#broken").count() == 0

    # a figure leads to the members behind it
    page.locator("#row-C td.now a").click()
    page.wait_for_url("**/danh-sach/**")
    listed = page.locator("main").inner_text()
    for name in ("Lê Văn Cường", "Võ Văn Em", "Hồ Văn Hải"):
        assert name in listed
    assert "Nguyễn Văn An" not in listed
    page.go_back()
    page.wait_for_url("**nam=2025**")
    assert page.locator("#row-C td.now").inner_text() == "3"

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải biểu (XLSX)").click()
    download = info.value
    assert download.suggested_filename == "bieu-1-dang-bo-xa-da-sar-31-12-2025.xlsx"
    with open(download.path(), "rb") as f:
        ws = load_workbook(io.BytesIO(f.read())).active
    rows = {ws.cell(r, 1).value: r for r in range(10, 30)}
    assert ws["D1"].value == "Biểu số 1-BTCTW" and ws.cell(rows["D"], 3).value == 4

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải cả bộ biểu (PDF)").click()
    download = info.value
    assert download.suggested_filename == "bo-bieu-dang-bo-xa-da-sar-31-12-2025.pdf"
    with open(download.path(), "rb") as f:
        body = f.read()
    assert body.startswith(b"%PDF-") and len(re.findall(rb"/Type /Page\b", body)) >= 8
