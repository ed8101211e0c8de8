"""The set-based month of a subtree (the national benchmark's path) against the cell's own page: the same amounts
and payments; the bulk collection and the subtree's remittances audited and balanced."""

import datetime as dt

import pytest

from dangbo.accounts.models import AuditEntry
from dangbo.core.exceptions import DomainError
from dangbo.dues import book_selectors, month_selectors, selectors, services
from dangbo.dues.models import Payment, Remittance
from dangbo.orgs.models import Org

D = dt.date


@pytest.fixture
def declared(tree, admin):
    an, binh = tree.member("Nguyễn Văn An"), tree.member("Trần Thị Bình", gender="F")
    chi, dung = tree.member("Lê Văn Chi", org=tree.cell2), tree.member("Phạm Văn Dũng", org=tree.cell2)
    tree.member("Hoàng Văn Em")  # no declaration: not computable, on both paths
    services.declare_basis(actor=admin, member=an, category="salary", basis=8_000_000, valid_from=D(2025, 1, 1))
    services.declare_basis(actor=admin, member=an, category="salary", basis=9_000_000, valid_from=D(2026, 10, 1))
    services.declare_basis(actor=admin, member=binh, category="pension", basis=6_000_000, valid_from=D(2025, 1, 1))
    services.declare_basis(actor=admin, member=chi, category="other", region=2, valid_from=D(2025, 1, 1))
    services.declare_basis(actor=admin, member=dung, category="student", valid_from=D(2025, 1, 1))
    services.grant_relief(actor=admin, member=binh, kind="reduce", percent=50, from_month=D(2026, 9, 1),
                          to_month=D(2026, 12, 1), decision_ref="12-QĐ/ĐU", decided_on=D(2026, 8, 20),
                          reason="Ốm dài ngày")
    services.record_payment(actor=admin, member=an, org=tree.cell1, month=D(2026, 10, 1), amount=80_000,
                            paid_on=D(2026, 10, 5))
    return tree


@pytest.mark.django_db
@pytest.mark.parametrize("month", [D(2025, 10, 1), D(2026, 10, 1)])  # 342-QĐ/TW, then 01-QĐ/TW
def test_the_subtree_month_gives_the_cells_figures(declared, admin, month):
    tree = declared
    got = {(r.member_id, r.org_id): (r.amount, r.exempt, r.paid)
           for r in month_selectors.subtree_month(user=admin, org=tree.district, month=month)}
    expected = {}
    for cell in (tree.cell1, tree.cell2):
        for row in selectors.cell_dues(user=admin, org=cell, month=month):
            expected[(row.member.pk, cell.pk)] = (row.due.amount, row.due.exempt, row.paid)
    assert got == expected
    assert sum(1 for amount, _e, _p in got.values() if amount is None) == 1


@pytest.mark.django_db
def test_the_collection_and_remittances_of_a_subtree_are_audited_and_balance(declared, admin):
    tree, month = declared, D(2026, 10, 1)
    due = [r for r in month_selectors.month_dues(path=tree.district.path, month=month) if r.amount and not r.paid]
    before = AuditEntry.objects.count()
    n = services.record_collection(actor=admin, org=tree.district, month=month, paid_on=D(2026, 10, 25),
                                   entries=[(r.member_id, r.org_id, r.amount) for r in due])
    assert n == len(due) == 3 and AuditEntry.objects.count() == before + 3
    with pytest.raises(DomainError):  # a member of another cell: nothing of the sheet is saved
        services.record_collection(actor=admin, org=tree.district, month=month, paid_on=D(2026, 10, 25),
                                   entries=[(due[0].member_id, tree.cell2.pk if due[0].org_id == tree.cell1.pk
                                             else tree.cell1.pk, 1_000)])
    assert Payment.objects.filter(month=month).count() == 4
    sent = services.remit_subtree(actor=admin, org=tree.district, month=month, sent_on=D(2026, 11, 5))
    assert sent == Remittance.objects.filter(month=month).count() == 3  # two cells, the commune
    assert services.remit_subtree(actor=admin, org=tree.district, month=month, sent_on=D(2026, 11, 5)) == 0
    commune = Org.objects.select_related("type", "kind").get(pk=tree.commune.pk)
    book = book_selectors.s02(user=admin, org=commune, year=2026)
    assert book.problems == [] and book.months[9].not_sent == 0
    collected = sum(Payment.objects.filter(month=month).values_list("amount", flat=True))
    assert book.months[9].received == collected - sum(months[9].kept for _n, months, _t in book.children)
