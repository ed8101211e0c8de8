"""RULES D3: members with unpaid months, those at 3 months in a year without a recorded reason to consider; the
book and arrears pages, the XLSX downloads and the printable notice."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.accounts.models import Role
from dangbo.core.testing import user_with
from dangbo.dues import book_selectors, rules, services

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_three_month_rule():
    assert not rules.arrears_to_consider(2) and rules.arrears_to_consider(3)


@pytest.fixture
def debtors(tree, admin):
    an, binh, chi = tree.member("Nguyễn Văn An"), tree.member("Trần Thị Bình", gender="F"), tree.member("Lê Văn Chi")
    dung = tree.member("Phạm Văn Dũng", org=tree.cell2)
    for member in (an, binh, chi, dung):
        services.declare_basis(actor=admin, member=member, category="pension", basis=6_000_000,
                               valid_from=D(2025, 1, 1))
    for month in (1, 2, 3, 4):
        services.record_payment(actor=admin, member=chi, org=tree.cell1, month=D(2026, month, 1), amount=30_000,
                                paid_on=D(2026, month, 5))
    services.record_payment(actor=admin, member=dung, org=tree.cell2, month=D(2026, 1, 1), amount=30_000,
                            paid_on=D(2026, 1, 5))
    services.grant_relief(actor=admin, member=binh, kind="defer", from_month=D(2026, 2, 1), to_month=D(2026, 4, 1),
                          decision_ref="05-QĐ/ĐU", decided_on=D(2026, 1, 20), reason="Đi làm ăn xa")
    return tree, an, binh, chi, dung


def test_arrears_of_a_subtree_and_the_reason_that_excludes(debtors, admin):
    tree, an, binh, chi, dung = debtors
    found = book_selectors.arrears(user=admin, org=tree.commune, year=2026, until=D(2026, 4, 1))
    by_member = {a.member: a for a in found}
    assert set(by_member) == {an, binh, dung}  # Chi paid every month
    assert by_member[an].to_consider and len(by_member[an].unpaid) == 4 and by_member[an].total == 120_000
    assert by_member[binh].without_reason == [D(2026, 1, 1)] and not by_member[binh].to_consider  # deferred
    assert len(by_member[dung].without_reason) == 3 and by_member[dung].to_consider
    assert by_member[dung].org == tree.cell2
    assert not found[-1].to_consider  # those to consider first
    two_months = book_selectors.arrears(user=admin, org=tree.cell2, year=2026, until=D(2026, 3, 1))
    assert [(a.member, a.to_consider) for a in two_months] == [(dung, False)]


def test_pages_downloads_and_the_notice(client, debtors):
    tree, an, *_ = debtors
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    body = client.get(reverse("dues:book", kwargs={"pk": tree.cell1.pk}), {"nam": "2026"}).content.decode()
    assert "S01/ĐP" in body and "120.000" in body and "Quý 1/2026" in body
    xlsx = client.get(reverse("dues:book_xlsx", kwargs={"pk": tree.cell1.pk}), {"nam": "2026"})
    sheet = load_workbook(io.BytesIO(xlsx.content))["Phần II"]
    labels = {row[0].value: row for row in sheet.iter_rows(min_row=5)}
    assert labels["Tháng 01/2026"][4].value == 30_000
    report = client.get(reverse("dues:report_xlsx", kwargs={"pk": tree.cell1.pk}), {"nam": "2026", "quy": "1"})
    assert load_workbook(io.BytesIO(report.content))["B01-ĐP"]["A8"].value == "Quý 1/2026"
    page = client.get(reverse("dues:arrears", kwargs={"pk": tree.cell1.pk}), {"nam": "2025"})
    assert page.status_code == 200
    notice = client.get(reverse("dues:notice", kwargs={"pk": tree.cell1.pk, "member_pk": an.pk}), {"nam": "2025"})
    assert notice.status_code == 200 and "GIẤY NHẮC" in notice.content.decode()
    assert "360.000" in notice.content.decode()  # 12 months of 2025 at 30.000 đ
    # 2024: no declared basis yet, no amount computed, nothing owed to print
    assert client.get(reverse("dues:notice", kwargs={"pk": tree.cell1.pk, "member_pk": an.pk}),
                      {"nam": "2024"}).status_code == 404


def test_the_level_book_from_the_commune(client, debtors):
    tree, *_ = debtors
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.commune))
    body = client.get(reverse("dues:index")).content.decode()
    assert reverse("dues:book", kwargs={"pk": tree.commune.pk}) in body
    body = client.get(reverse("dues:book", kwargs={"pk": tree.commune.pk}), {"nam": "2026"}).content.decode()
    assert "S02/ĐP" in body and tree.cell2.name in body
    xlsx = client.get(reverse("dues:book_xlsx", kwargs={"pk": tree.commune.pk}), {"nam": "2026"})
    assert load_workbook(io.BytesIO(xlsx.content))["S02-ĐP"]["A4"].value == "Tổ chức đảng"


def test_reversing_a_payment_and_recording_a_remittance(client, debtors):
    from dangbo.accounts.models import AuditEntry
    from dangbo.dues.models import Payment, Remittance

    tree, _an, _binh, chi, _dung = debtors
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    url = reverse("dues:payments", kwargs={"pk": tree.cell1.pk})
    paid = Payment.objects.get(member=chi, month=D(2026, 2, 1))
    assert chi.full_name in client.get(url, {"thang": "02/2026"}).content.decode()
    bad = client.post(url, {"thang": "02/2026", "payment": paid.pk, "reason": " "})
    assert "lý do" in bad.content.decode() and Payment.objects.count() == 5
    done = client.post(url, {"thang": "02/2026", "payment": paid.pk, "reason": "Ghi trùng"})
    assert done.status_code == 302 and paid.reversed_by.amount == -30_000
    assert AuditEntry.objects.filter(action="dues_payment_reverse").count() == 1
    remit = reverse("dues:remit", kwargs={"pk": tree.cell1.pk})
    assert client.post(remit, {"thang": "01/2026", "amount": "9.000", "sent_on": "02/02/2026",
                               "channel": "bank"}).status_code == 302
    row = Remittance.objects.get()
    assert (row.to_org, row.month, row.amount) == (tree.commune, D(2026, 1, 1), 9_000)
    assert client.post(remit, {"thang": "01/2026", "amount": "chín", "sent_on": "02/02/2026"}).status_code == 200
    assert Remittance.objects.count() == 1
    client.force_login(user_with(Role.INSPECTION, org=tree.commune))
    assert client.post(remit, {"thang": "01/2026", "amount": "1", "sent_on": "02/02/2026"}).status_code == 403
