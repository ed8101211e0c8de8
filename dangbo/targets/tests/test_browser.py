"""A commission user sets up a plan and a target in the browser, follows it on the dashboard, drills into a number
and downloads the generated sơ kết report (headless Chromium through Playwright,
the shared ``page`` fixture of the root conftest)."""

import datetime as dt
import io
import os

import pytest
from docx import Document as Docx

from dangbo.accounts.models import Role
from dangbo.core import browser
from dangbo.core.testing import okind, user_with
from dangbo.orgs import services as org_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_commission_creates_a_plan_follows_its_target_and_downloads_the_report(page, live_server, tree, admin):
    for name, cell in [("Đạ Nghịt", tree.cell1), ("Păng Tiêng", tree.cell2), ("Đưng K'Si", None)]:
        org_services.village_save(actor=admin, commune=tree.commune, name=name, kind=okind("thon"),
                                  valid_from=dt.date(2015, 1, 1), cell=cell)
    user_with(Role.ORG_COMMISSION, org=tree.district, username="bantochuc")
    browser.login(page, live_server, "bantochuc")

    page.get_by_role("link", name="Nghị quyết, chỉ tiêu").click()
    page.get_by_role("link", name="Thêm văn bản").click()
    page.select_option("#id_kind", "CTr")
    page.fill("#id_reference", "03-CTr/HU")
    page.fill("#id_title", "Chương trình hành động nâng cao chất lượng tổ chức cơ sở đảng")
    page.fill("#id_issuing_body", "Huyện ủy Lạc Dương")
    page.fill("#id_issued_on", "10/01/2021")
    page.fill("#id_period", "2020–2025")
    page.select_option("#id_scope_org", str(tree.district.pk))
    page.fill("#id_place", "Lạc Dương")
    page.click("main button[type=submit]")
    assert "Đã thêm Chương trình hành động số 03-CTr/HU." in page.locator(".messages").inner_text()

    page.get_by_role("link", name="Thêm chỉ tiêu").click()
    page.fill("#id_text", "Duy trì 100% thôn, tổ dân phố có chi bộ")
    page.select_option("#id_indicator", "villages_with_cell_rate")
    page.select_option("#id_comparator", "gte")
    page.fill("#id_low", "100")
    page.click("main button[type=submit]")
    assert "Đã thêm chỉ tiêu." in page.locator(".messages").inner_text()

    page.get_by_role("link", name="Theo dõi thực hiện chỉ tiêu").click()
    page.fill("#id_as_of", "30/06/2024")
    page.click("main button[type=submit]")  # the filter's "Xem"
    card = page.locator("section.target-card").first
    assert "Chỉ tiêu Chương trình hành động đề ra: Duy trì 100% thôn, tổ dân phố có chi bộ" in card.inner_text()
    assert card.locator("td.value").nth(4).inner_text() == "2/3 (tỷ lệ 66,7%)"  # 2024, after 2020–2023
    # judged on the last finished year (2023); the running 2024 is "đang thực hiện" with its forecast
    assert card.locator(".badge.status").inner_text() == "chưa đạt"
    assert card.locator("tr.running .badge").inner_text() == "đang thực hiện, nguy cơ không đạt"
    assert card.locator("svg.trend circle.point").count() == 5

    with page.expect_download() as info:
        page.get_by_role("link", name="Báo cáo sơ kết (DOCX)").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    with open(download.path(), "rb") as f:
        body = f.read()
    assert body
    text = "\n".join(p.text for p in Docx(io.BytesIO(body)).paragraphs)
    assert "03-CTr/HU" in text or "03-CTr/HU" in "".join(c.text for t in Docx(io.BytesIO(body)).tables
                                                         for r in t.rows for c in r.cells)

    # every number leads to the records behind it
    card.locator("td.value a").nth(4).click()
    assert page.locator("h1").inner_text() == "Thôn, tổ dân phố có chi bộ"
    assert "Đưng K'Si" in page.locator("main").inner_text()
