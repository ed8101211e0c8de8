import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.accounts.models import AuditEntry, Role
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.testing import user_with
from dangbo.dues import selectors, services
from dangbo.dues.models import Declaration, Payment, Relief

pytestmark = pytest.mark.django_db
D = dt.date


def test_declarations_supersede_and_payments_reverse(tree, admin):
    secretary = user_with(Role.CELL_SECRETARY, org=tree.cell1)
    an = tree.member("Nguyễn Văn An")
    services.declare_basis(actor=secretary, member=an, category="salary", basis=8_000_000, valid_from=D(2026, 1, 1))
    services.declare_basis(actor=secretary, member=an, category="salary", basis=9_000_000,
                           valid_from=D(2026, 2, 15))
    assert Declaration.objects.filter(member=an).count() == 2
    assert AuditEntry.objects.filter(action="dues_declare").count() == 2
    [jan] = selectors.cell_dues(user=secretary, org=tree.cell1, month=D(2026, 1, 1))
    [feb] = selectors.cell_dues(user=secretary, org=tree.cell1, month=D(2026, 2, 1))
    [mar] = selectors.cell_dues(user=secretary, org=tree.cell1, month=D(2026, 3, 1))
    # 01-QĐ/TW: the previous month's BHXH base
    assert (jan.due.amount, feb.due.amount, mar.due.amount) == (80_000, 80_000, 90_000)
    paid = services.record_payment(actor=secretary, member=an, org=tree.cell1, month=D(2026, 3, 9),
                                   amount=100_000, paid_on=D(2026, 3, 10))
    assert paid.month == D(2026, 3, 1)
    [row] = selectors.cell_dues(user=secretary, org=tree.cell1, month=D(2026, 3, 1))
    assert (row.paid, row.unpaid) == (100_000, 0)  # paying more is allowed
    reversal = services.reverse_payment(actor=secretary, payment=paid, on=D(2026, 3, 11), reason="Ghi nhầm người")
    assert reversal.amount == -100_000 and reversal.reversal_of == paid
    [row] = selectors.cell_dues(user=secretary, org=tree.cell1, month=D(2026, 3, 1))
    assert (row.paid, row.unpaid) == (0, 90_000)
    with pytest.raises(DomainError) as err:
        services.reverse_payment(actor=secretary, payment=paid, on=D(2026, 3, 11), reason="Lần nữa")
    assert err.value.field == "payment"
    assert {"dues_payment_record", "dues_payment_reverse"} <= set(AuditEntry.objects.values_list("action", flat=True))


def test_reliefs_apply_to_their_months(tree, admin):
    an = tree.member("Nguyễn Văn An")
    services.declare_basis(actor=admin, member=an, category="pension", basis=6_000_000, valid_from=D(2026, 2, 1))
    services.grant_relief(actor=admin, member=an, kind="reduce", percent=50, from_month=D(2026, 3, 1),
                          to_month=D(2026, 4, 1), decision_ref="12-QĐ/ĐU", decided_on=D(2026, 2, 20),
                          reason="Hoàn cảnh khó khăn")
    amounts = [selectors.cell_dues(user=admin, org=tree.cell1, month=D(2026, m, 1))[0].due.amount for m in (2, 3, 5)]
    assert amounts == [30_000, 15_000, 30_000]
    assert AuditEntry.objects.filter(action="dues_relief_grant").count() == 1
    with pytest.raises(DomainError) as err:
        services.grant_relief(actor=admin, member=an, kind="exempt", from_month=D(2026, 4, 1),
                              to_month=D(2026, 6, 1), decision_ref="13", decided_on=D(2026, 3, 20), reason="x")
    assert err.value.field == "from_month" and Relief.objects.count() == 1


@pytest.mark.parametrize("kwargs,field", [
    ({"category": "salary", "basis": None}, "basis"),
    ({"category": "salary", "basis": -1}, "basis"),
    ({"category": "luong", "basis": 1}, "category"),
    ({"category": "other", "region": None}, "region"),
    ({"category": "other", "region": 7}, "region"),
])
def test_bad_declarations_name_the_field_and_change_nothing(tree, admin, kwargs, field):
    an = tree.member("Nguyễn Văn An")
    with pytest.raises(DomainError) as err:
        services.declare_basis(actor=admin, member=an, valid_from=D(2026, 2, 1), **kwargs)
    assert err.value.field == field and err.value.message
    assert not Declaration.objects.exists() and not AuditEntry.objects.filter(action="dues_declare").exists()


@pytest.mark.parametrize("kwargs,field", [
    ({"amount": 0}, "amount"), ({"amount": 1.5}, "amount"), ({"channel": "momo"}, "channel"),
    ({"paid_on": None}, "paid_on"), ({"org": "cell2"}, "member"),
])
def test_bad_payments_name_the_field_and_change_nothing(tree, admin, kwargs, field):
    an = tree.member("Nguyễn Văn An")
    args = {"amount": 5_000, "channel": "cash", "paid_on": D(2026, 3, 2), **kwargs}
    args["org"] = tree.cell2 if kwargs.get("org") else tree.cell1
    with pytest.raises(DomainError) as err:
        services.record_payment(actor=admin, member=an, month=D(2026, 3, 1), **args)
    assert err.value.field == field
    assert not Payment.objects.exists()


def test_outside_the_scope_nothing_is_read_or_written(tree):
    an = tree.member("Nguyễn Văn An")
    stranger = user_with(Role.CELL_SECRETARY, org=tree.cell2)
    reader = user_with(Role.INSPECTION, org=tree.commune)
    with pytest.raises(OutOfScope):
        selectors.cell_dues(user=stranger, org=tree.cell1, month=D(2026, 3, 1))
    with pytest.raises(OutOfScope):
        services.declare_basis(actor=stranger, member=an, category="student", valid_from=D(2026, 3, 1))
    with pytest.raises(OutOfScope):
        services.record_payment(actor=reader, member=an, org=tree.cell1, month=D(2026, 3, 1), amount=5_000,
                                paid_on=D(2026, 3, 2))
    assert not Declaration.objects.exists() and not Payment.objects.exists()


@pytest.mark.parametrize("month", [D(2026, 1, 1), D(2026, 3, 1)])
def test_a_cells_dues_take_a_fixed_number_of_queries(tree, admin, month):
    reader = user_with(Role.ORG_COMMISSION, org=tree.district)
    for i in range(6):
        m = tree.member(f"Đảng viên {i}", born=D(1950 + 5 * i, 1, 1))
        services.declare_basis(actor=admin, member=m, category=["salary", "pension", "other"][i % 3],
                               basis=5_000_000, region=2, valid_from=D(2025, 6, 1))
        services.record_payment(actor=admin, member=m, org=tree.cell1, month=month, amount=20_000,
                                paid_on=month)
    selectors.cell_dues(user=reader, org=tree.cell1, month=month)  # the scope is cached on the user
    with CaptureQueriesContext(connection) as ctx:
        rows = selectors.cell_dues(user=reader, org=tree.cell1, month=month)
    assert len(rows) == 6 and all(r.paid == 20_000 for r in rows)
    assert len(ctx.captured_queries) == (4 if month < D(2026, 2, 1) else 6)  # 01-QĐ/TW: + seniority spans


def test_remittance_goes_to_the_parent(tree, admin):
    row = services.record_remittance(actor=admin, from_org=tree.cell1, month=D(2026, 3, 5), amount=70_000,
                                     sent_on=D(2026, 4, 5))
    assert row.to_org == tree.commune and row.month == D(2026, 3, 1)
    assert AuditEntry.objects.filter(action="dues_remit").count() == 1
