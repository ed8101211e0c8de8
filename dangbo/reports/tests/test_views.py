"""The download route: formats, parameters, refusals in Vietnamese, and scope."""

import io

import pytest
from django.urls import reverse
from docx import Document as open_docx
from openpyxl import load_workbook

from dangbo.accounts.models import Role
from dangbo.core.testing import user_with
from dangbo.reports.tests.conftest import AS_OF
from dangbo.targets import selectors


def url(programme):
    return reverse("reports:document_report", kwargs={"pk": programme.document.pk})


@pytest.fixture
def district_user(tree):
    return user_with(Role.ORG_COMMISSION, org=tree.district)


def test_docx_by_default_with_number_and_date(client, programme, district_user):
    client.force_login(district_user)
    response = client.get(url(programme), {"as_of": "20/07/2023", "so": "05"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-so-ket-03-ctr-hu-20-07-2023.docx"'
    doc = open_docx(io.BytesIO(response.content))
    left, right = doc.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs][-1] == "Số 05-BC/HU"
    assert [p.text for p in right.paragraphs][-1] == "Lạc Dương, ngày 20 tháng 7 năm 2023"


def test_xlsx_and_pdf(client, programme, district_user):
    client.force_login(district_user)
    xlsx = client.get(url(programme), {"format": "xlsx", "as_of": "20/07/2023", "kind": "tong_ket"})
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].endswith('-20-07-2023.xlsx"')
    assert "tong-ket" in xlsx["Content-Disposition"]
    assert load_workbook(io.BytesIO(xlsx.content))["Tổng hợp"]["F5"].value == 2
    pdf = client.get(url(programme), {"format": "pdf", "as_of": "20/07/2023"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_report_for_a_child_org_is_signed_by_its_committee(client, tree, programme, district_user):
    client.force_login(district_user)
    response = client.get(url(programme), {"org": tree.commune.pk, "as_of": "20/07/2023"})
    doc = open_docx(io.BytesIO(response.content))
    left, right = doc.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == ["ĐẢNG BỘ HUYỆN LẠC DƯƠNG", "ĐẢNG ỦY XÃ ĐẠ SAR", "*", "Số …-BC/ĐU"]
    assert [p.text for p in right.paragraphs][-1] == "Đạ Sar, ngày 20 tháng 7 năm 2023"
    signature = [p.text for p in doc.tables[-1].rows[0].cells[1].paragraphs if p.text]
    assert signature == ["T/M ĐẢNG ỦY", "BÍ THƯ", "[Họ và tên người ký]"]
    lines = [p.text for p in doc.paragraphs]
    board = selectors.dashboard(user=district_user, document=programme.document, org=tree.commune,
                                as_of=AS_OF)
    m = board.rows[0].values[1].measure
    assert f"+ Năm 2021 có {m.numerator}/{m.denominator} thôn, tổ dân phố có chi bộ" in " ".join(lines)
    # the commune's tasks only: none of the district's has a responsible org in the commune
    assert "Văn bản không ghi nhiệm vụ cụ thể có thời hạn trong hệ thống." in lines


@pytest.mark.parametrize(("params", "message"), [
    ({"kind": "giua_ky"}, "Loại báo cáo phải là sơ kết (so_ket) hoặc tổng kết (tong_ket)."),
    ({"format": "odt"}, "Định dạng phải là docx, xlsx hoặc pdf."),
    ({"as_of": "31/02/2023"}, "Ngày báo cáo: “31/02/2023” không phải ngày hợp lệ (dạng dd/mm/yyyy)."),
    ({"so": "05-KH/HU"}, "Số và ký hiệu báo cáo phải có dạng …-BC/HU."),
    ({"so": "năm"}, "Số báo cáo phải là số (vd: 05) hoặc số và ký hiệu dạng 05-BC/…"),
])
def test_bad_parameters_are_refused_in_vietnamese(client, programme, district_user, params, message):
    client.force_login(district_user)
    response = client.get(url(programme), params)
    assert response.status_code == 400
    assert response.content.decode() == message


def test_a_full_report_number_is_accepted(client, programme, district_user):
    client.force_login(district_user)
    response = client.get(url(programme), {"so": "07-BC/HU", "as_of": "20/07/2023"})
    left = open_docx(io.BytesIO(response.content)).tables[0].rows[0].cells[0]
    assert left.paragraphs[-1].text == "Số 07-BC/HU"


def test_scope(client, tree, programme):
    outsiders = [user_with(Role.CELL_SECRETARY, org=tree.cell2), user_with(Role.ORG_COMMISSION, org=tree.other_district)]
    for user in outsiders:
        client.force_login(user)
        assert client.get(url(programme)).status_code == 404
        assert client.get(url(programme), {"format": "xlsx"}).status_code == 404
    commune = user_with(Role.ORG_COMMISSION, org=tree.commune)
    client.force_login(commune)
    # the district's programme is visible to the commune only as the document above its own plans (none here)
    assert client.get(url(programme), {"org": tree.commune.pk}).status_code == 404
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.district))
    assert client.get(url(programme), {"org": tree.other_commune.pk}).status_code == 404
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.province))
    assert client.get(url(programme), {"org": tree.other_commune.pk}).status_code == 404  # outside the programme
    assert client.get(url(programme), {"org": tree.commune.pk}).status_code == 200
    assert client.post(url(programme)).status_code == 405
    client.logout()
    response = client.get(url(programme))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
