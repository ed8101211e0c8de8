import datetime as dt
import os
import pytest
from dangbo.accounts.models import Role
from dangbo.core.testing import okind, user_with
from dangbo.orgs import services as org_services
from dangbo.targets import services
from dangbo.targets.tests.test_browser import page  # noqa

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
D = dt.date

def test_shot(page, live_server, tree, admin):
    for name, cell in [("Đạ Nghịt", tree.cell1), ("Păng Tiêng", tree.cell2), ("Đưng K'Si", None)]:
        org_services.village_save(actor=admin, commune=tree.commune, name=name, kind=okind("thon"), valid_from=D(2015, 1, 1), cell=cell)
    tree.member("Lê Văn Mới", admitted=D(2021, 3, 1), official=D(2022, 3, 1))
    tree.member("Lê Văn Hai", admitted=D(2022, 3, 1), official=D(2023, 3, 1), org=tree.agency)
    kh = services.document_create(actor=admin, reference="03-CTr/HU", issuing_body="Huyện ủy Lạc Dương", issued_on=D(2021, 1, 10), title="Chương trình hành động", period_start=2020, period_end=2025, scope_org=tree.district)
    services.target_add(actor=admin, document=kh, text="Duy trì 100% thôn có chi bộ", indicator="villages_with_cell_rate", comparator="gte", low=100)
    services.target_add(actor=admin, document=kh, text="Tỷ lệ kết nạp trên 4%", indicator="admission_rate", comparator="gt", low=4)
    services.target_add(actor=admin, document=kh, text="Kết nạp 1-2 chủ DN", indicator="business_owners_admitted", comparator="between", low=1, high=2, frequency="term")
    services.target_add(actor=admin, document=kh, text="100% chi bộ sinh hoạt chuyên đề", indicator="thematic_quarterly_rate", comparator="gte", low=100)
    services.task_add(actor=admin, document=kh, responsible="Ban Tổ chức", deliverable="Hướng dẫn", deadline_text="quý IV/2021")
    page.goto(live_server.url + "/tai-khoan/dang-nhap/")
    page.fill("#id_username", "admin"); page.fill("#id_password", "matkhau-123"); page.click("button[type=submit]")
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(live_server.url + f"/chi-tieu/{kh.pk}/theo-doi/?as_of=30/06/2024")
    page.screenshot(path="/tmp/dash.png", full_page=True)
    page.goto(live_server.url + f"/chi-tieu/{kh.pk}/")
    page.screenshot(path="/tmp/detail.png", full_page=True)
    page.goto(live_server.url + f"/chi-tieu/{kh.pk}/them-chi-tieu/")
    page.screenshot(path="/tmp/tadd.png", full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + f"/chi-tieu/{kh.pk}/theo-doi/?as_of=30/06/2024")
    print("OVERFLOW", page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth"))
    page.screenshot(path="/tmp/dash_phone.png", full_page=False)
