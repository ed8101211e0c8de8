"""The figures page and its XLSX: the inspection commission and the organization commission read the counts of
their subtree, anyone else gets 404; the period chosen, bad input named; the query count pinned."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.core.testing import Role, user_with
from dangbo.inspection.tests.conftest import open_case
from dangbo.members import services as member_services

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def work(tree, inspector, an):
    open_case(tree, inspector, kind="compliance", members=[an], orgs=[tree.cell1])
    open_case(tree, inspector, org=tree.commune, body="standing", kind="sup_thematic", orgs=[tree.cell2])
    member_services.discipline_record(actor=tree.actor, member=an, form="reprimand", date=D(2024, 5, 1),
                                      decided_by="Chi bộ", reason="Vi phạm")


def url(name, where, **query):
    return reverse(f"inspection:{name}", kwargs={"pk": where.pk}), query


def test_the_commission_reads_the_year(client, tree, inspector, work, django_assert_num_queries):
    client.force_login(inspector)
    path, query = url("figures", tree.district, ky="year", nam="2024")
    client.get(path, query)  # warm the session and the user's scope
    # session, user, scope grants, the org, placement, cases, letters, complaints, discipline, leavers
    with django_assert_num_queries(10):
        body = client.get(path, query).content.decode()
    assert "Trong năm 2024, các cấp ủy, tổ chức đảng đã tiến hành giám sát 01 tổ chức đảng; ủy ban kiểm tra" in body
    assert "01 trường hợp khiển trách" in body and "Nguyễn Văn An" not in body


def test_xlsx_read_back(client, tree, inspector, work):
    client.force_login(inspector)
    path, query = url("figures_xlsx", tree.district, ky="year", nam="2024")
    response = client.get(path, query)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    values = {row[0]: row[1] for row in ws.iter_rows(values_only=True)}
    assert values["Kiểm tra — Ủy ban kiểm tra: số cuộc"] == 1
    assert values["Kiểm tra — Ủy ban kiểm tra: lượt tổ chức đảng"] == 1
    assert values["Kiểm tra — Ủy ban kiểm tra: lượt đảng viên"] == 1
    assert values["Giám sát — Cấp ủy, ban thường vụ: lượt tổ chức đảng"] == 1
    assert values["Tổng số đảng viên bị kỷ luật"] == 1
    assert values["Đảng viên bị kỷ luật — khiển trách"] == 1
    assert ws["A2"].value.startswith("Đảng bộ huyện Lạc Dương — năm 2024")
    assert not any("Nguyễn Văn An" in str(c) for row in ws.iter_rows(values_only=True) for c in row)


def test_who_reads_and_who_gets_404(client, tree, commission, secretary, work):
    client.force_login(commission)
    assert client.get(*url("figures", tree.commune, ky="half1", nam="2024")).status_code == 200
    admin = user_with(Role.ADMIN, org=tree.province)
    for user in (secretary, admin):
        client.force_login(user)
        for name in ("figures", "figures_xlsx"):
            assert client.get(*url(name, tree.cell1, ky="year", nam="2024")).status_code == 404


def test_bad_input_names_the_field_and_the_picker_moves(client, tree, inspector, work):
    client.force_login(inspector)
    body = client.get(*url("figures", tree.district, ky="range", tu="01/02/2024", den="01/01/2024")).content.decode()
    assert "Đến ngày phải sau từ ngày." in body
    body = client.get(*url("figures", tree.district, ky="year", nam="")).content.decode()
    assert "Phải nhập năm của kỳ báo cáo." in body
    response = client.get(*url("figures", tree.district, org=str(tree.commune.pk), ky="year", nam="2024"))
    assert response.status_code == 302 and f"/{tree.commune.pk}/so-lieu/?ky=year&nam=2024" in response["Location"]
    body = client.get(*url("figures", tree.district, ky="range", tu="01/01/2024", den="30/06/2024")).content.decode()
    assert "thời gian từ ngày 01/01/2024 đến ngày 30/06/2024" in body


def test_the_menu_leads_who_may_read_the_counts_to_them(client, tree, inspector, commission, secretary):
    """The inspection commission finds the figures from its case list, the organization commission from its menu
    (one entry, no query); a cell secretary has neither and gets 404 at the entry."""
    home = reverse("inspection:figures_home")
    client.force_login(inspector)
    assert f'href="{home}"' in client.get(reverse("inspection:cases")).content.decode()
    assert client.get(home)["Location"] == reverse("inspection:figures", args=[tree.district.pk])
    client.force_login(commission)
    page = client.get(reverse("orgs:tree")).content.decode()
    assert f'href="{home}"' in page and reverse("inspection:cases") not in page
    assert client.get(home)["Location"] == reverse("inspection:figures", args=[tree.district.pk])
    client.force_login(secretary)
    assert f'href="{home}"' not in client.get(reverse("orgs:tree")).content.decode()
    assert client.get(home).status_code == 404
