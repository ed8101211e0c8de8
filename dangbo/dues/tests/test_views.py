"""The cell's monthly collection sheet: the secretary ticks who paid and saves once; a reader sees it without the
form and may not post; a bad amount saves nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from dangbo.accounts.models import AuditEntry, Role
from dangbo.core.testing import user_with
from dangbo.dues import services
from dangbo.dues.models import Payment

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def cell(tree, admin):
    an = tree.member("Nguyễn Văn An")
    binh = tree.member("Trần Thị Bình", gender="F", born=D(2004, 5, 1), admitted=D(2023, 1, 10),
                       official=D(2024, 1, 10))
    services.declare_basis(actor=admin, member=an, category="salary", basis=7_000_000, valid_from=D(2026, 1, 1))
    services.declare_basis(actor=admin, member=binh, category="student", valid_from=D(2026, 1, 1))
    return tree, an, binh


def test_the_secretary_ticks_who_paid_and_saves_once(client, cell):
    tree, an, binh = cell
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    url = reverse("dues:collect", kwargs={"pk": tree.cell1.pk})
    page = client.get(url, {"thang": "03/2026"})
    body = page.content.decode()
    assert page.status_code == 200 and "70.000" in body and "5.000" in body and 'name="tick_' in body
    response = client.post(url, {"thang": "03/2026", f"tick_{an.pk}": "1", f"amount_{an.pk}": "70.000",
                                 f"date_{an.pk}": "05/03/2026", f"amount_{binh.pk}": "5000"})
    assert response.status_code == 302
    [paid] = Payment.objects.all()
    assert (paid.member, paid.month, paid.amount, paid.paid_on) == (an, D(2026, 3, 1), 70_000, D(2026, 3, 5))
    assert AuditEntry.objects.filter(action="dues_payment_record").count() == 1
    bad = client.post(url, {"thang": "03/2026", f"tick_{binh.pk}": "1", f"amount_{binh.pk}": "năm nghìn"})
    assert bad.status_code == 200 and "Số tiền" in bad.content.decode()
    assert Payment.objects.count() == 1


def test_a_reader_sees_the_sheet_without_the_form(client, cell):
    tree, an, _binh = cell
    client.force_login(user_with(Role.INSPECTION, org=tree.commune))
    url = reverse("dues:collect", kwargs={"pk": tree.cell1.pk})
    body = client.get(url, {"thang": "01/2026"}).content.decode()
    assert "Nguyễn Văn An" in body and 'name="tick_' not in body
    assert client.post(url, {"thang": "01/2026", f"tick_{an.pk}": "1", f"amount_{an.pk}": "1"}).status_code == 403
    assert not Payment.objects.exists()


def test_the_index_searches_cells_within_the_scope(client, cell):
    tree, _an, _binh = cell
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.commune))
    body = client.get(reverse("dues:index"), {"q": "Đạ Nghịt"}).content.decode()
    assert reverse("dues:collect", kwargs={"pk": tree.cell1.pk}) in body
    assert tree.cell2.name not in body
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    assert client.get(reverse("dues:index")).url == reverse("dues:collect", kwargs={"pk": tree.cell1.pk})
