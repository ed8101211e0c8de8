"""/api/dues/orgs/{id}/s01, s02, b01 and arrears: the figures of the books' XLSX (the same selectors) with their
invariant checks; the wrong book for the org or a bad year is refused naming the field; every path tried from
outside the scope (``OUTSIDER_CASES``, collected by orgs/tests/test_api.py)."""

import datetime as dt

import pytest

from dangbo.accounts.tests.test_api_auth import Api, assert_error
from dangbo.core.testing import Role, user_with
from dangbo.dues import book_selectors, books, services

pytestmark = pytest.mark.django_db
D = dt.date
P = "/api/dues/orgs"


def _year_of_dues(tree, admin):
    an = tree.member("Nguyễn Văn An")
    services.declare_basis(actor=admin, member=an, category="pension", basis=5_000_000, valid_from=D(2025, 1, 1))
    services.record_payment(actor=admin, member=an, org=tree.cell1, month=D(2025, 1, 1), amount=25_000,
                            paid_on=D(2025, 1, 20))
    services.record_remittance(actor=admin, from_org=tree.cell1, month=D(2025, 1, 1), amount=10_000,
                               sent_on=D(2025, 2, 5))
    return an


def test_books_are_the_figures_of_the_xlsx(tree, admin):
    _year_of_dues(tree, admin)
    api = Api(user_with(Role.INSPECTION, org=tree.commune))
    s01 = api.get(f"{P}/{tree.cell1.pk}/s01", year=2025).json()
    book = book_selectors.s01(user=admin, org=tree.cell1, year=2025)
    assert [(r["label"], r["collected"], r["kept"], r["sent"], r["not_sent"]) for r in s01["part_two"]] == [
        (r.label, r.collected, r.kept, r.sent, r.not_sent) for r in book.part_two()]
    assert s01["part_two"][0]["collected"] == 25_000 and s01["part_two"][0]["sent"] == 10_000
    assert [m["name"] for m in s01["members"]] == ["Nguyễn Văn An"] and len(s01["members"][0]["months"]) == 12
    assert s01["problems"] == book.problems == []
    s02 = api.get(f"{P}/{tree.commune.pk}/s02", year=2025).json()
    assert s02["part_two"][0]["received"] == 10_000 and s02["problems"] == []
    assert [c["name"] for c in s02["children"]] == [c.name for c in (tree.cell1, tree.cell2)]
    b01 = api.get(f"{P}/{tree.cell1.pk}/b01", year=2025, quarter=1).json()
    assert [r["label"] for r in b01["rows"]] == [r.label for r in books.b01(book.part_two(), 1)]
    assert b01["period"] == "quý 1/2025"
    assert_error(api.get(f"{P}/{tree.commune.pk}/s01", year=2025), 400, field="org_id")
    assert_error(api.get(f"{P}/{tree.cell1.pk}/s02", year=2025), 400, field="org_id")
    assert_error(api.get(f"{P}/{tree.cell1.pk}/b01", year=2025, quarter=5), 422, field="quarter")
    assert_error(api.get(f"{P}/{tree.cell1.pk}/s01", year="x"), 422, field="year")


def test_arrears_of_the_subtree(tree, admin):
    an = _year_of_dues(tree, admin)
    api = Api(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    found = api.get(f"{P}/{tree.commune.pk}/arrears", year=2025)
    assert_error(found, 404, "out_of_scope", "org_id")
    found = api.get(f"{P}/{tree.cell1.pk}/arrears", year=2025).json()
    assert (found["until"], found["to_consider"]) == ("2025-12-01", 1)
    row = found["rows"][0]
    assert (row["member_id"], row["org_id"], row["to_consider"], len(row["unpaid"])) == (an.pk, tree.cell1.pk,
                                                                                       True, 11)
    assert row["total"] == sum(u["amount"] for u in row["unpaid"])
    assert_error(api.get(f"{P}/{tree.cell1.pk}/arrears"), 422, field="year")


class Ctx:
    def __init__(self, tree):
        self.tree = tree
        self.outsider = Api(user_with(Role.CELL_SECRETARY, org=tree.cell2))


def _refused(book, org_names=("cell1", "commune")):
    def case(ctx):
        for name in org_names:
            org = getattr(ctx.tree, name)
            assert_error(ctx.outsider.get(f"{P}/{org.pk}/{book}", year=2025), 404, "out_of_scope", "org_id")
    return case


OUTSIDER_CASES = {
    ("GET", "/api/dues/orgs/{org_id}/s01"): _refused("s01", ("cell1", "other_cell")),
    ("GET", "/api/dues/orgs/{org_id}/s02"): _refused("s02", ("commune", "other_commune")),
    ("GET", "/api/dues/orgs/{org_id}/b01"): _refused("b01"),
    ("GET", "/api/dues/orgs/{org_id}/arrears"): _refused("arrears"),
}


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_gets_404(tree, key):
    OUTSIDER_CASES[key](Ctx(tree))
