"""The web pages of documents, targets, tasks, manual values, the dashboard and the drill-down: what they show,
and each refusal shown on the form with its Vietnamese message while nothing changes."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangbo.accounts.models import Role
from dangbo.core.testing import okind, otype, user_with
from dangbo.orgs import services as org_services
from dangbo.orgs.models import Org
from dangbo.targets import services
from dangbo.targets.models import Document, ManualValue, Target, Task

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def docs(tree, admin):
    nq = services.document_create(actor=admin, reference="21-NQ/TW", issuing_body="Ban Chấp hành Trung ương",
                                  issued_on=D(2022, 6, 16), title="Về tăng cường củng cố tổ chức cơ sở đảng",
                                  period_start=2022, period_end=2030, scope_org=tree.province)
    ctr = services.document_create(actor=admin, reference="42-CTr/TU", issuing_body="Tỉnh ủy Lâm Đồng",
                                   issued_on=D(2022, 10, 27), title="Chương trình hành động thực hiện 21-NQ/TW",
                                   period_start=2022, period_end=2030, scope_org=tree.province, implements=nq)
    kh = services.document_create(actor=admin, reference="15-KH/HU", issuing_body="Huyện ủy Lạc Dương",
                                  issued_on=D(2023, 1, 10), title="Kế hoạch thực hiện 42-CTr/TU", period_start=2023,
                                  period_end=2025, scope_org=tree.district, implements=ctr)
    return nq, ctr, kh


@pytest.fixture
def commission(tree):
    return user_with(Role.ORG_COMMISSION, org=tree.district)


def _villages(tree, admin):
    for name, cell in [("Đạ Nghịt", tree.cell1), ("Păng Tiêng", tree.cell2), ("Đưng K'Si", None)]:
        org_services.village_save(actor=admin, commune=tree.commune, name=name, kind=okind("thon"),
                                  valid_from=D(2015, 1, 1), cell=cell)


def _errors(response) -> str:
    assert response.status_code == 200, response.status_code
    return " ".join(re.findall(r'<ul class="errorlist"[^>]*>(.*?)</ul>', response.content.decode(), re.S))


def state():
    return (list(Document.objects.values_list("pk", "reference", "implements_id")),
            list(Target.objects.values_list("pk", "low", "high")), list(Task.objects.values_list("pk", "status")),
            list(ManualValue.objects.values_list("pk", "numerator")))


DOC = {"kind": "KH", "reference": "20-KH/HU", "title": "Kế hoạch thực hiện Chỉ thị", "issuing_body": "Huyện ủy Lạc Dương",
       "issued_on": "15/03/2023", "period": "2023–2025", "place": "Lạc Dương", "signer_title": "BÍ THƯ"}


# --- documents ---------------------------------------------------------------------------------------------


def test_list_is_scoped_and_searchable(client, tree, docs, commission):
    client.force_login(commission)
    body = client.get(reverse("targets:documents")).content.decode()
    assert "15-KH/HU" in body and "42-CTr/TU" in body  # its plan, and what its plan implements
    assert f'href="{reverse("targets:document", args=[docs[0].pk])}"' not in body  # the central one: no link
    found = client.get(reverse("targets:documents"), {"q": "CHUONG trinh hanh dong"}).content.decode()
    assert f'href="{reverse("targets:document", args=[docs[1].pk])}"' in found
    assert f'href="{reverse("targets:document", args=[docs[2].pk])}"' not in found
    assert "Không có văn bản nào khớp “không có”" in client.get(reverse("targets:documents"),
                                                                {"q": "không có"}).content.decode()
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.other_district))
    assert "15-KH/HU" not in client.get(reverse("targets:documents")).content.decode()


def test_create_a_document_implementing_another(client, tree, docs, commission):
    client.force_login(commission)
    kh = docs[2]
    form = client.get(reverse("targets:document_create"), {"implements": kh.pk}).content.decode()
    assert "Thực hiện văn bản" in form and "Đảng bộ huyện Đam Rông" not in form
    response = client.post(reverse("targets:document_create"), {**DOC, "scope_org": tree.district.pk,
                                                                "implements": kh.pk})
    assert response.status_code == 302
    new = Document.objects.get(reference="20-KH/HU")
    assert (new.implements, new.period_start, new.period_end, new.scope_org) == (kh, 2023, 2025, tree.district)
    page = client.get(reverse("targets:document", args=[kh.pk])).content.decode()
    chain = page[page.index('id="chain"'):]
    # up to the top (the central resolution is named but not linked: it is outside the district's scope)
    assert chain.index("21-NQ/TW") < chain.index("42-CTr/TU") < chain.index("20-KH/HU")
    assert f'href="{reverse("targets:document", args=[docs[1].pk])}"' in chain
    assert f'href="{reverse("targets:document", args=[docs[0].pk])}"' not in chain
    assert f'href="{reverse("targets:document", args=[new.pk])}"' in chain
    up_from_new = client.get(reverse("targets:document", args=[new.pk])).content.decode()
    assert "15-KH/HU" in up_from_new and "21-NQ/TW" in up_from_new


@pytest.mark.parametrize(("change", "field_text"), [
    ({"reference": "20/HU"}, "Số và ký hiệu “20/HU” không đúng dạng"),
    ({"reference": "20-XYZ/HU"}, "loại văn bản “XYZ” không có trong danh mục"),
    ({"reference": "15-KH/HU"}, "Số và ký hiệu 15-KH/HU đã có trong hồ sơ văn bản"),
    ({"kind": "NQ"}, "Loại văn bản không khớp số và ký hiệu (KH)."),
    ({"period": "2025–2020"}, "Giai đoạn: “2025–2020”: năm kết thúc trước năm bắt đầu."),
    ({"period": "sắp tới"}, "Giai đoạn: “sắp tới” không phải kỳ hợp lệ"),
    ({"issued_on": "01/01/2020", "implements": "kh"}, "Văn bản thực hiện phải ban hành sau"),
    ({"issued_on": "2023-31-12"}, "Ngày phải có dạng dd/mm/yyyy."),
])
def test_document_refusals_are_shown_on_the_form(client, tree, docs, commission, change, field_text):
    client.force_login(commission)
    if change.get("implements") == "kh":
        change = {**change, "implements": docs[2].pk}
    before = state()
    errors = _errors(client.post(reverse("targets:document_create"), {**DOC, "scope_org": tree.district.pk,
                                                                       **change}))
    assert field_text in errors
    assert state() == before


def test_document_outside_the_write_scope_cannot_be_chosen(client, tree, docs, commission):
    client.force_login(commission)
    before = state()
    errors = _errors(client.post(reverse("targets:document_create"), {**DOC, "scope_org": tree.other_district.pk}))
    assert "Hãy chọn một lựa chọn hợp lệ" in errors or "Chọn một lựa chọn hợp lệ" in errors
    assert state() == before
    client.force_login(user_with(Role.INSPECTION, org=tree.district))
    assert client.get(reverse("targets:document_create")).status_code == 404


# --- targets and manual values -----------------------------------------------------------------------------


TARGET = {"text": "Duy trì 100% thôn, tổ dân phố có chi bộ", "indicator": "villages_with_cell_rate",
          "comparator": "gte", "low": "100", "frequency": "yearly", "order": "1"}


def test_target_form_lists_computed_manual_and_no_data_indicators(client, tree, docs, commission):
    client.force_login(commission)
    form = client.get(reverse("targets:target_add", args=[docs[2].pk])).content.decode()
    assert re.search(r'<optgroup label="Chỉ số tính từ dữ liệu">.*value="villages_with_cell_rate"', form, re.S)
    assert re.search(r'<optgroup label="Chỉ số nhập tay theo năm">.*value="orgs_new_model_rate"', form, re.S)
    assert re.search(r'<optgroup label="Chỉ số chưa có dữ liệu">.*value="district_committee_good_rate"', form, re.S)
    assert "Đảng bộ huyện Đam Rông" not in form


def test_add_targets_with_vietnamese_numbers(client, tree, docs, commission):
    client.force_login(commission)
    url = reverse("targets:target_add", args=[docs[2].pk])
    assert client.post(url, {**TARGET, "scope_org": tree.district.pk}).status_code == 302
    assert client.post(url, {**TARGET, "text": "Kết nạp 1.800 – 2.000 đảng viên mỗi năm",
                             "indicator": "admissions_count", "comparator": "between", "low": "1.800",
                             "high": "2.000", "scope_org": tree.district.pk}).status_code == 302
    assert client.post(url, {**TARGET, "indicator": "district_committee_good_rate", "low": "96,5",
                             "scope_org": tree.commune.pk}).status_code == 302
    rows = list(Target.objects.values_list("indicator", "low", "high", "scope_org_id").order_by("id"))
    assert [(i, str(lo), str(hi) if hi is not None else None, s) for i, lo, hi, s in rows] == [
        ("villages_with_cell_rate", "100.00", None, tree.district.pk),
        ("admissions_count", "1800.00", "2000.00", tree.district.pk),
        ("district_committee_good_rate", "96.50", None, tree.commune.pk)]
    page = client.get(reverse("targets:document", args=[docs[2].pk])).content.decode()
    assert "từ 1.800 đến 2.000" in page and "từ 96,5% trở lên" in page and "chưa có dữ liệu" in page


@pytest.mark.parametrize(("change", "message"), [
    ({"comparator": "between", "low": "4", "high": "3"}, "cần ngưỡng trên không nhỏ hơn ngưỡng dưới"),
    ({"comparator": "between", "low": "4"}, "cần ngưỡng trên không nhỏ hơn ngưỡng dưới"),
    ({"low": "120"}, "Chỉ tiêu tỷ lệ không vượt quá 100%."),
    ({"frequency": "deadline"}, "Chỉ tiêu “đến thời hạn” phải có năm hạn."),
    ({"low": "nhiều"}, "Nhập một số."),
    ({"indicator": "khong_co"}, "Hãy chọn một lựa chọn hợp lệ"),
])
def test_target_refusals_are_shown_on_the_form(client, tree, docs, commission, change, message):
    client.force_login(commission)
    before = state()
    response = client.post(reverse("targets:target_add", args=[docs[2].pk]),
                           {**TARGET, "scope_org": tree.district.pk, **change})
    assert message in _errors(response)
    assert state() == before


def test_read_only_users_get_no_write_forms(client, tree, docs):
    client.force_login(user_with(Role.INSPECTION, org=tree.district))
    kh = docs[2]
    assert client.get(reverse("targets:document", args=[kh.pk])).status_code == 200
    for name in ("targets:target_add", "targets:task_add"):
        assert client.get(reverse(name, args=[kh.pk])).status_code == 404
    before = state()
    assert client.post(reverse("targets:target_add", args=[kh.pk]),
                       {**TARGET, "scope_org": tree.district.pk}).status_code == 404
    assert state() == before
    # the province's programme is visible to the district (its plan implements it) but not writable
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.district))
    assert client.get(reverse("targets:target_add", args=[docs[1].pk])).status_code == 404


def test_manual_values_per_year(client, tree, docs, commission, admin):
    kh = docs[2]
    target = services.target_add(actor=admin, document=kh, text="25% TCCS có mô hình mới",
                                 indicator="orgs_new_model_rate", comparator="gte", low=25)
    client.force_login(commission)
    url = reverse("targets:manual_values", args=[kh.pk, target.pk])
    before = state()
    refused = client.post(url, {"org": tree.district.pk, "year": "2023", "numerator": "60", "denominator": "58"})
    assert "Tử số phải từ 0 đến mẫu số; mẫu số phải dương." in _errors(refused)
    refused = client.post(url, {"org": tree.district.pk, "year": "2023", "numerator": "6"})
    assert "Chỉ số tỷ lệ cần mẫu số." in _errors(refused)
    assert "Hãy chọn một lựa chọn hợp lệ" in _errors(client.post(url, {"org": tree.district.pk, "year": "2031",
                                                                      "numerator": "1", "denominator": "2"}))
    assert state() == before
    saved = client.post(url, {"org": tree.district.pk, "year": "2023", "numerator": "15", "denominator": "58",
                              "note": "Quyết định công nhận 12-QĐ/HU"})
    assert saved.status_code == 302
    page = client.get(url).content.decode()
    assert "Quyết định công nhận 12-QĐ/HU" in page and ">58<" in page
    board = client.get(reverse("targets:dashboard", args=[kh.pk]), {"as_of": "01/02/2024"}).content.decode()
    assert "15/58 (tỷ lệ 25,9%)" in board and "(nhập tay)" in board
    computed = services.target_add(actor=admin, document=kh, text="x", indicator="villages_with_cell_rate",
                                   comparator="gte", low=100)
    other = client.get(reverse("targets:manual_values", args=[kh.pk, computed.pk])).content.decode()
    assert "không nhập tay" in other and 'name="numerator"' not in other
    assert client.get(reverse("targets:manual_values", args=[docs[1].pk, target.pk])).status_code == 404


# --- tasks -------------------------------------------------------------------------------------------------


def test_tasks_add_update_and_overdue(client, tree, docs, commission):
    client.force_login(commission)
    kh = docs[2]
    add = reverse("targets:task_add", args=[kh.pk])
    body = {"responsible": "Ban Tổ chức Huyện ủy", "deliverable": "Hướng dẫn quy chế làm việc",
            "deadline_text": "Quý IV/2023", "order": "1"}
    before = state()
    assert "Thời hạn: “quý V/2023” không phải kỳ hợp lệ" in _errors(client.post(add, {**body,
                                                                                      "deadline_text": "quý V/2023"}))
    assert state() == before
    assert client.post(add, body).status_code == 302
    task = Task.objects.get()
    assert (task.deadline_text, task.deadline_end) == ("quý IV/2023", D(2023, 12, 31))
    page = client.get(reverse("targets:document", args=[kh.pk])).content.decode()
    assert "quý IV/2023" in page and "quá hạn" in page
    overdue = client.get(reverse("targets:overdue")).content.decode()
    assert "Hướng dẫn quy chế làm việc" in overdue and "15-KH/HU" in overdue
    update = reverse("targets:task_update", args=[kh.pk, task.pk])
    before = state()
    assert "Phải ghi ngày hoàn thành." in _errors(client.post(update, {"status": "done", "evidence": "x"}))
    assert "Phải ghi kết quả, minh chứng khi hoàn thành." in _errors(
        client.post(update, {"status": "done", "done_on": "01/12/2023"}))
    assert state() == before
    assert client.post(update, {"status": "done", "done_on": "01/12/2023",
                                "evidence": "Hướng dẫn số 05-HD/BTCHU"}).status_code == 302
    assert "Hướng dẫn quy chế làm việc" not in client.get(reverse("targets:overdue")).content.decode()
    assert "Hướng dẫn số 05-HD/BTCHU" in client.get(reverse("targets:document", args=[kh.pk])).content.decode()
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.other_district))
    assert "Hướng dẫn quy chế" not in client.get(reverse("targets:overdue")).content.decode()
    assert client.get(update).status_code == 404


# --- dashboard and drill-down ------------------------------------------------------------------------------


@pytest.fixture
def board_doc(tree, admin, docs):
    kh = docs[2]
    _villages(tree, admin)
    services.target_add(actor=admin, document=kh, text="Duy trì 100% thôn, tổ dân phố có chi bộ",
                        indicator="villages_with_cell_rate", comparator="gte", low=100, order=1)
    services.target_add(actor=admin, document=kh, text="Mỗi nhiệm kỳ thành lập 01 - 02 chi bộ doanh nghiệp",
                        indicator="new_cells_private_sector", comparator="between", low=1, high=2, frequency="term",
                        order=2)
    services.target_add(actor=admin, document=kh, text="100% đảng bộ cấp huyện hoàn thành tốt nhiệm vụ trở lên",
                        indicator="district_committee_good_rate", comparator="gte", low=100, order=3)
    return kh


def _card(body: str, n: int) -> str:
    cards = re.findall(r'<section class="card target-card".*?</section>', body, re.S)
    return cards[n]


def test_dashboard_rows_values_status_chart_and_children(client, tree, board_doc, commission):
    client.force_login(commission)
    body = client.get(reverse("targets:dashboard", args=[board_doc.pk]), {"as_of": "30/06/2024"}).content.decode()
    villages = _card(body, 0)
    assert "Chỉ tiêu Kế hoạch đề ra: Duy trì 100% thôn, tổ dân phố có chi bộ" in villages
    # 2023, 2024, and the commune twice: below the threshold (shown) and in the whole ranking (behind "xem tất cả")
    assert villages.count("2/3 (tỷ lệ 66,7%)") == 2 + 2
    assert re.search(r"2023</td>.*?chưa đạt.*?2024</td>.*?đang thực hiện, nguy cơ không đạt", villages, re.S)
    assert "<svg" in villages and 'class="threshold"' in villages and villages.count('class="point') == 2
    assert villages.count('class="point running"') == 1  # 2024 is still running on 30/06/2024: a hollow point
    ranking = villages[villages.index('class="children"'):]
    assert ranking.index("Đảng bộ xã Đạ Sar") < ranking.index("Chi bộ Phòng Giáo dục")
    assert "0/0 (tỷ lệ —)" in ranking  # the agency has no villages: ranked last
    term = _card(body, 1)
    assert "Nhiệm kỳ 2023–2025 (đến năm 2024)" in term and "nguy cơ không đạt" in term
    no_data = _card(body, 2)  # never hidden
    assert "Chỉ tiêu Kế hoạch đề ra: 100% đảng bộ cấp huyện hoàn thành tốt nhiệm vụ trở lên" in no_data
    assert "chưa có dữ liệu" in no_data and "phân hệ tính chỉ số chưa được triển khai" in no_data
    assert "Báo cáo sơ kết (DOCX)" in body


def test_dashboard_scope_org_and_as_of(client, tree, board_doc, commission, docs):
    client.force_login(commission)
    url = reverse("targets:dashboard", args=[board_doc.pk])
    commune = client.get(url, {"org": tree.commune.pk, "as_of": "30/06/2024"}).content.decode()
    assert "Phạm vi: <b>Đảng bộ xã Đạ Sar</b>" in commune
    assert "Chi bộ thôn Đạ Nghịt" in _card(commune, 0)  # the commune's children are ranked now
    assert client.get(url, {"org": tree.other_district.pk}).status_code == 404
    assert client.get(url, {"org": tree.province.pk}).status_code == 404
    past = client.get(url, {"as_of": "30/06/2023"}).content.decode()
    assert "các năm 2023." in past and "2024</td>" not in _card(past, 0)
    bad = client.get(url, {"as_of": "31/02/2024"}).content.decode()
    assert "Ngày phải có dạng dd/mm/yyyy." in bad
    # the province's programme seen from the district: the district's own part of it
    province = client.get(reverse("targets:dashboard", args=[docs[1].pk])).content.decode()
    assert "Phạm vi: <b>Đảng bộ huyện Lạc Dương</b>" in province


def test_dashboard_picks_its_org_by_name_within_the_document(client, tree, board_doc, commission, docs):
    """No <select> of every committee below the document: the org is picked by name (htmx), inside the
    document's scope org only."""
    client.force_login(commission)
    body = client.get(reverse("targets:dashboard", args=[board_doc.pk])).content.decode()
    assert "<option" not in body and 'name="org_q"' in body
    assert f'"trong": "{board_doc.scope_org.pk}"' in body
    picker = reverse("accounts:audit_orgs")
    within = client.get(picker, {"org_q": "da sar", "trong": board_doc.scope_org.pk}).content.decode()
    assert "Đảng bộ xã Đạ Sar" in within
    # the province's programme from the district's user: the picker offers only its own part, never above
    province = docs[1]
    below = client.get(picker, {"org_q": "dang bo", "trong": tree.commune.pk}).content.decode()
    assert "Đảng bộ xã Đạ Sar" in below and "Đảng bộ huyện Lạc Dương" not in below
    assert client.get(picker, {"org_q": "ro men", "trong": tree.other_district.pk}).status_code == 404
    assert client.get(picker, {"org_q": "dang", "trong": "x"}).status_code == 404
    assert client.get(reverse("targets:dashboard", args=[province.pk])).status_code == 200


def test_dashboard_queries_do_not_grow_with_the_records(client, tree, admin, board_doc, commission):
    client.force_login(commission)
    url = reverse("targets:dashboard", args=[board_doc.pk])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"as_of": "30/06/2024"}).status_code == 200
        return len(captured)

    first = queries()
    # 3 targets (one without an indicator) over 2 years, 2 children each: counted set-based
    assert first <= 30, first  # 28 when written: session, scope, document, org choices, then the counts
    for i in range(4):
        tree.member(f"Nguyễn Văn Thêm{i}", org=tree.cell2)
        org_services.village_save(actor=admin, commune=tree.commune, name=f"Thôn Mới {i}", kind=okind("thon"),
                                  valid_from=D(2015, 1, 1), cell=tree.cell1)
    assert queries() == first


def test_drilldown_lists_the_records_behind_a_number(client, tree, board_doc, commission):
    client.force_login(commission)
    body = client.get(reverse("targets:dashboard", args=[board_doc.pk]), {"as_of": "30/06/2024"}).content.decode()
    link = re.search(r'<a href="([^"]+)">2/3 \(tỷ lệ 66,7%\)</a>', _card(body, 0))[1].replace("&amp;", "&")
    assert link == reverse("targets:drilldown", args=["villages_with_cell_rate", tree.district.pk]) + "?ky=2023"
    detail = client.get(link).content.decode()
    assert "Đảng bộ huyện Lạc Dương, năm 2023: <b>2/3 (tỷ lệ 66,7%)</b>" in detail
    has, lacks = detail.split("Thôn, tổ dân phố chưa có chi bộ")
    assert "Đạ Nghịt" in has and "Păng Tiêng" in has and "Đưng K&#x27;Si" in lacks
    none = client.get(reverse("targets:drilldown", args=["district_committee_good_rate", tree.district.pk]),
                      {"ky": "2023"}).content.decode()
    assert 'id="no-detail"' in none and "chưa có dữ liệu" in none
    running = re.findall(r'<a href="([^"]+)">2/3 \(tỷ lệ 66,7%\)</a>', _card(body, 0))[1].replace("&amp;", "&")
    assert running.endswith("?ky=2024&den=2024-06-30")  # the running year is counted up to the dashboard's day
    assert "năm 2024 (tính đến ngày 30/06/2024): <b>2/3 (tỷ lệ 66,7%)</b>" in client.get(running).content.decode()
    bad = client.get(reverse("targets:drilldown", args=["villages_with_cell_rate", tree.district.pk]),
                     {"ky": "quý V/2023"}).content.decode()
    assert "Kỳ: “quý V/2023” không phải kỳ hợp lệ" in bad
    assert client.get(reverse("targets:drilldown", args=["khong_co", tree.district.pk])).status_code == 404
    assert client.get(reverse("targets:drilldown", args=["villages_with_cell_rate", tree.province.pk])
                      ).status_code == 404


def test_drilldown_counts_the_past_tree_but_lists_only_what_the_user_may_read(client, tree, admin, commission):
    tree.member("Lê Văn Mới", admitted=D(2021, 3, 1), official=D(2022, 3, 1), org=tree.cell1)
    tree.member("Lê Thị Nay", gender="F", admitted=D(2021, 5, 1), official=D(2022, 5, 1), org=tree.agency)
    org_services.org_transfer(actor=admin, org=tree.commune, new_parent=tree.other_district, on=D(2022, 7, 1))
    client.force_login(commission)
    detail = client.get(reverse("targets:drilldown", args=["admissions_count", tree.district.pk]),
                        {"ky": "2021"}).content.decode()
    assert "năm 2021: <b>2</b>" in detail  # the district as it stood in 2021, commune included
    assert "Lê Thị Nay" in detail and "Lê Văn Mới" not in detail  # the commune is now another district's
    client.force_login(admin)
    assert "Lê Văn Mới" in client.get(reverse("targets:drilldown", args=["admissions_count", tree.district.pk]),
                                      {"ky": "2021"}).content.decode()


@pytest.fixture
def rich_district(tree, admin):
    """Villages, committees, posts, admissions, a death and a discipline in the district, for the drill-downs."""
    from dangbo.members.choices import EventKind
    from dangbo.members.services import discipline_record, event_record, member_update, post_assign

    _villages(tree, admin)
    sec = tree.member("Nguyễn Văn An", org=tree.cell1, education_level="dai_hoc", political_theory="trung_cap")
    deputy = tree.member("Trần Văn Bình", org=tree.cell1, education_level="trung_cap", political_theory="so_cap")
    for org, name in ((tree.commune, "2020–2025"), (tree.cell1, "2022–2025")):
        committee = org_services.term_open(actor=admin, org=org, name=name, starts_on=D(2020, 6, 1),
                                           has_working_rules=org == tree.commune)
        org_services.committee_seat_assign(actor=admin, committee=committee, member=sec, post="secretary",
                                           starts_on=D(2020, 6, 1))
    org_services.committee_seat_assign(actor=admin, committee=tree.commune.terms.get().committee, member=deputy,
                                       post="deputy_secretary", starts_on=D(2020, 6, 1))
    post_assign(actor=admin, member=sec, kind="village_head", starts_on=D(2020, 1, 1))
    post_assign(actor=admin, member=sec, kind="council_chair", starts_on=D(2021, 1, 1))
    new = tree.member("Lê Văn Mới", admitted=D(2021, 3, 1), official=D(2022, 3, 1), org=tree.cell2)
    member_update(actor=admin, member=new, data={"category": "chu_dn", "political_theory": "so_cap"})
    tree.member("Lê Thị Hoa", gender="F", admitted=D(2021, 9, 1), official=None, org=tree.agency)
    old = tree.member("Đỗ Văn Già", admitted=D(2015, 1, 1), official=D(2016, 1, 1), born=D(1950, 1, 1))
    event_record(actor=admin, member=old, kind=EventKind.DEATH, date=D(2021, 6, 1))
    discipline_record(actor=admin, form="warning", date=D(2021, 5, 1), decided_by="Chi bộ", reason="Vi phạm",
                      member=deputy)
    tree.member("Phạm Văn Chính", admitted=D(2020, 5, 1), official=D(2021, 5, 1), org=tree.cell2)
    org_services.village_save(actor=admin, commune=tree.commune, name="Tổ dân phố 1", kind=okind("thon"),
                              valid_from=D(2015, 1, 1), cell=tree.cell1, head_member=sec)
    org_services.org_create(actor=admin, parent=tree.district, name="Chi bộ Công ty TNHH Đà Lạt Xanh",
                            type=otype("chi_bo_co_so"), kind=okind("dn_tu_nhan"), founded_on=D(2021, 4, 1))
    return tree


def test_every_drilldown_lists_exactly_what_its_number_counts(rich_district, admin):
    """For each indicator with a drill-down: its first list holds the numerator's records and, where it splits
    the population in two, both lists together hold the denominator's."""
    from dangbo.core.periods import year as year_period
    from dangbo.targets import registry

    tree = rich_district
    codes = sorted(code for code, ind in registry.REGISTRY.items() if ind.drilldown)
    assert len(codes) >= 20
    nonzero = 0
    for code in codes:
        period = year_period(2021) if code not in ("village_cells_with_committee_rate",) else year_period(2023)
        m = registry.measure(code, org=tree.district, period=period)
        sections = registry.get(code).drilldown(user=admin, org=tree.district, period=period)
        counts = [records.count() for _, records in sections]
        assert counts[0] == m.numerator, (code, counts, m)
        if len(sections) == 2:
            assert sum(counts) == m.denominator, (code, counts, m)
        nonzero += m.numerator > 0
    assert nonzero >= 17  # every one but the removals and discipline forms the fixture does not record


def test_trend_chart_draws_values_gaps_and_thresholds():
    from decimal import Decimal

    from dangbo.targets.charts import trend_svg

    svg = trend_svg([(2021, Decimal("70")), (2022, None), (2023, Decimal("96.5"))], low=Decimal(90), title="A <b>")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count('class="point"') == 2 and svg.count('class="missing"') == 1
    assert "96,5%" in svg and "70,0%" in svg and "90%" in svg and "2022: chưa có dữ liệu" in svg
    assert "A &lt;b&gt;" in svg and "<b>" not in svg
    assert "<polyline" not in svg  # a gap splits the line, and no segment has two points
    counts = trend_svg([(2023, Decimal(1850)), (2024, Decimal(2100))], low=Decimal(1800), high=Decimal(2000),
                       rate=False)
    assert counts.count('class="threshold"') == 2 and "1.800" in counts and "2.100" in counts
    assert counts.count("<polyline") == 1
    empty = trend_svg([(2023, None)], low=Decimal(100))
    assert "chưa có dữ liệu" in empty and 'class="point"' not in empty


def test_drilldown_of_a_running_year_lists_what_the_dashboard_counted(client, tree, admin, docs, commission):
    tree.member("Lê Văn Xuân", admitted=D(2024, 3, 1), official=None, org=tree.cell1)
    tree.member("Lê Văn Thu", admitted=D(2024, 9, 1), official=None, org=tree.cell1)
    services.target_add(actor=admin, document=docs[2], text="Kết nạp mỗi năm 2 đảng viên",
                        indicator="admissions_count", comparator="gte", low=2)
    client.force_login(commission)
    body = client.get(reverse("targets:dashboard", args=[docs[2].pk]), {"as_of": "30/06/2024"}).content.decode()
    link = re.search(r'<td class="value"><a href="([^"]+)">1</a>', _card(body, 0))[1].replace("&amp;", "&")
    detail = client.get(link).content.decode()
    assert "Lê Văn Xuân" in detail and "Lê Văn Thu" not in detail


def test_dashboard_judges_exact_values_and_headlines_the_last_finished_year(tree, admin, docs, commission):
    """"trên 4%" with 151/3.737 (shown 4,0%) is "vượt" in 2023; on 30/06/2024 the target's headline is that
    finished year, and 2024 is "đang thực hiện" with its forecast."""
    from dangbo.targets import selectors

    kh = docs[2]
    services.target_add(actor=admin, document=kh, text="Hằng năm trên 4% tổ chức cơ sở đảng có mô hình mới",
                        indicator="orgs_new_model_rate", comparator="gt", low=4, order=1)
    services.manual_value_set(actor=admin, indicator="orgs_new_model_rate", org=tree.district, year=2023,
                              numerator=151, denominator=3737, note="")
    services.manual_value_set(actor=admin, indicator="orgs_new_model_rate", org=tree.district, year=2024,
                              numerator=37, denominator=3737, note="")
    board = selectors.dashboard(user=commission, document=kh, as_of=D(2024, 6, 30))
    row = board.rows[0]
    v2023, v2024 = row.values
    assert v2023.measure.text == "151/3.737 (tỷ lệ 4,0%)" and v2023.status == "exceeded" and not v2023.running
    assert v2024.running and v2024.status == "at_risk" and v2024.projection is not None
    assert row.headline is v2023 and row.status == "exceeded"


def _more_children(tree, admin, n: int) -> None:
    for i in range(n):
        cell = org_services.org_create(actor=admin, parent=tree.district, name=f"Chi bộ Cơ quan Thêm {i}",
                                       type=otype("chi_bo_co_so"), kind=okind("co_quan_hanh_chinh"),
                                       founded_on=D(2015, 1, 1))
        tree.member(f"Nguyễn Văn Con{i}", org=cell, admitted=D(2016, 3, 1), official=D(2017, 3, 1))
        tree.member(f"Trần Văn Mới{i}", org=cell, admitted=D(2023, 3, 1), official=None)


def test_dashboard_queries_do_not_grow_with_the_children(client, tree, admin, docs, commission):
    """Each child's value comes from one set-based pass per target (the indicators' ``compute_children``), so
    adding child orgs adds rows to the ranking, not queries."""
    kh = docs[2]
    _villages(tree, admin)
    for order, (code, comparator, low, frequency) in enumerate([
            ("admission_rate", "gt", 4, "yearly"), ("villages_with_cell_rate", "gte", 100, "yearly"),
            ("village_head_member_rate", "gte", 90, "yearly"), ("member_good_rate", "gte", 80, "yearly"),
            ("org_good_rate", "gt", 80, "yearly"), ("admissions_count", "gte", 2, "yearly"),
            ("members_count", "gte", 10, "yearly"), ("orgs_new_model_rate", "gte", 25, "yearly"),
            ("new_cells_private_sector", "between", 1, "term")], start=1):
        services.target_add(actor=admin, document=kh, text=f"Chỉ tiêu {order}", indicator=code,
                            comparator=comparator, low=low, high=2 if comparator == "between" else None,
                            frequency=frequency, order=order)
    client.force_login(commission)
    url = reverse("targets:dashboard", args=[kh.pk])

    def render():
        with CaptureQueriesContext(connection) as captured:
            body = client.get(url, {"as_of": "31/12/2024"}).content.decode()
        return len(captured), body

    first, before = render()
    _more_children(tree, admin, 3)
    again, body = render()
    assert again == first, (first, again)
    assert "Chi bộ Cơ quan Thêm 2" in _card(body, 0) and "Chi bộ Cơ quan Thêm 2" not in before
    assert body.count("Xem tất cả 5 tổ chức trực thuộc") == 9


def test_dashboard_shows_the_children_below_the_threshold_then_all(client, tree, admin, docs, commission):
    kh = docs[2]
    services.target_add(actor=admin, document=kh, text="Hằng năm kết nạp trên 4% so với đảng viên đầu năm",
                        indicator="admission_rate", comparator="gt", low=4, order=1)
    _more_children(tree, admin, 3)  # each: 1 member at the start of 2023, 1 admitted in 2023 = 100%
    tree.member("Lê Văn Cũ", org=tree.cell1, admitted=D(2016, 3, 1), official=D(2017, 3, 1))  # the commune: 0%
    client.force_login(commission)
    card = _card(client.get(reverse("targets:dashboard", args=[kh.pk]), {"as_of": "31/12/2023"}).content.decode(), 0)
    shown = card[card.index('class="children attention"'):card.index("<details")]
    assert "Đảng bộ xã Đạ Sar" in shown and "0/1 (tỷ lệ 0,0%)" in shown
    assert "Chi bộ Cơ quan Thêm" not in shown and "1/1 (tỷ lệ 100,0%)" not in shown
    assert "1/5 tổ chức chưa đạt ngưỡng trên 4%" in card  # the agency has no members: no rate, not judged
    everything = card[card.index("<details"):]
    assert "Xem tất cả 5 tổ chức trực thuộc" in everything
    assert everything.count("Chi bộ Cơ quan Thêm") == 3 and "Đảng bộ xã Đạ Sar" in everything


def test_many_children_below_the_threshold_show_only_the_lowest(client, tree, admin, docs, commission,
                                                                  monkeypatch):
    from dangbo.targets import views

    monkeypatch.setattr(views, "ATTENTION_SHOWN", 1)
    kh = docs[2]
    services.target_add(actor=admin, document=kh, text="Hằng năm kết nạp trên 4% so với đảng viên đầu năm",
                        indicator="admission_rate", comparator="gt", low=4, order=1)
    _more_children(tree, admin, 3)  # 100% each
    tree.member("Lê Văn Cũ", org=tree.cell1, admitted=D(2016, 3, 1), official=D(2017, 3, 1))  # the commune: 0%
    tree.member("Trần Văn Cơ", org=tree.agency, admitted=D(2016, 3, 1), official=D(2017, 3, 1))  # the agency: 0%
    client.force_login(commission)
    card = _card(client.get(reverse("targets:dashboard", args=[kh.pk]), {"as_of": "31/12/2023"}).content.decode(), 0)
    assert "2/5 tổ chức chưa đạt ngưỡng trên 4%; 1 tổ chức thấp nhất:" in card
    shown = card[card.index('class="children attention"'):card.index("<details")]
    assert shown.count("<tr><td class=\"num\">") == 1 and '<td class="num">5</td>' in shown
    everything = card[card.index("<details"):]
    assert "Đảng bộ xã Đạ Sar" in everything and "Chi bộ Phòng Giáo dục" in everything


def test_trend_chart_labels_stay_clear_of_the_threshold_and_each_other():
    from decimal import Decimal

    from dangbo.targets.charts import trend_svg

    svg = trend_svg([(2021, Decimal("4.2")), (2022, Decimal("4.0")), (2023, Decimal("3.8")), (2024, Decimal("3.6")),
                     (2025, Decimal("4.5"))], low=Decimal(4), rate=True, running=frozenset({2025}))
    assert 'font-size="13"' in svg and 'font-size="10"' not in svg
    point_xs = [float(x) for x in re.findall(r'<circle class="point[^"]*" cx="([\d.]+)"', svg)]
    label_x = float(re.search(r'class="threshold-label" x="([\d.]+)"', svg)[1])
    assert label_x > max(point_xs) + 20  # "4%" in the right margin, not on top of the first or last value
    # a value under the threshold is labelled under its point, so its label does not sit on the dashed line
    labels = re.findall(r'<circle class="point[^"]*" cx="[\d.]+" cy="([\d.]+)".*?<text class="value( below)?" '
                        r'x="[\d.]+" y="([\d.]+)"[^>]*>([^<]+)</text>', svg)
    by_text = {text: (float(cy), bool(below), float(y)) for cy, below, y, text in labels}
    assert by_text["3,8%"][1] and by_text["3,8%"][2] > by_text["3,8%"][0]
    assert not by_text["4,2%"][1] and by_text["4,2%"][2] < by_text["4,2%"][0]
    assert "4,0%" in by_text  # a value keeps its decimal (as in the table); the threshold is "4%"
    assert 'class="point running"' in svg and "2025: 4,5% (đang thực hiện)" in svg


def test_every_children_hook_equals_measuring_each_child(rich_district, admin):
    """``compute_children`` is an optimisation only: for every indicator that has one, each child's value is the
    one ``measure`` gives that child alone (ratings included), over past and running periods."""
    from dangbo.core.periods import term
    from dangbo.core.periods import year as year_period
    from dangbo.reviews import services as review_services
    from dangbo.reviews.choices import Level
    from dangbo.reviews.models import Assessment
    from dangbo.targets import registry

    tree = rich_district
    members = [tree.member(f"Nguyễn Văn Số{i}", org=tree.cell1 if i % 2 else tree.cell2) for i in range(6)]
    review_services.campaign_open(actor=admin, org=tree.district, year=2024, opens_on=D(2024, 11, 15))
    for unit, levels in ((tree.cell1, [Level.EXCELLENT, Level.GOOD, Level.GOOD, Level.GOOD, Level.COMPLETED]),
                         (tree.cell2, [Level.GOOD, Level.GOOD, Level.NOT_COMPLETED, Level.GOOD, Level.GOOD])):
        rows = {a.pk: {"level": lv} for a, lv in zip(
            Assessment.objects.filter(year=2024, member__in=members, org=unit).order_by("pk"), levels, strict=False)}
        review_services.unit_propose(actor=admin, unit=unit, year=2024, rows=rows)
    review_services.assessments_approve(actor=admin, approver=tree.commune, year=2024)
    review_services.registration_record(actor=admin, year=2024, level=Level.GOOD, registered_on=D(2024, 1, 5),
                                        member=members[0])
    hooked = sorted(code for code, ind in registry.REGISTRY.items() if ind.compute_children)
    assert len(hooked) == len([i for i in registry.REGISTRY.values() if not i.manual])  # every computed one
    checked = 0
    for org in (tree.district, tree.commune):
        kids = list(Org.objects.get_children(org))
        for period in (year_period(2021), year_period(2024), term(2020, 2025)):
            for code in hooked:
                found = registry.measure_children(code, org=org, period=period, kids=kids)
                alone = {kid.pk: registry.measure(code, org=kid, period=period) for kid in kids}
                assert found == alone, (code, org.name, period)
                checked += sum(m is not None and m.numerator > 0 for m in alone.values())  # None: no data (no plan)
    assert checked >= 10  # the fixture gives most hooks something to count
