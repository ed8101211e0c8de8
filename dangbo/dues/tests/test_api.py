"""/api/dues/…: a cell's dues for a month and recording a payment; bad input names the field with nothing
changed; every path tried from outside the scope (``OUTSIDER_CASES``, collected by orgs/tests/test_api.py)."""

import datetime as dt

import pytest

from dangbo.accounts.tests.test_api_auth import Api, assert_error
from dangbo.core.testing import Role, user_with
from dangbo.dues import services
from dangbo.dues.models import Payment

pytestmark = pytest.mark.django_db
D = dt.date
P = "/api/dues"


def test_a_cells_dues_and_a_payment(tree, admin):
    an = tree.member("Nguyễn Văn An")
    services.declare_basis(actor=admin, member=an, category="other", region=1, valid_from=D(2026, 1, 1))
    api = Api(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    rows = api.get(f"{P}/cell", org=tree.cell1.pk, month="2026-02-10").json()
    assert [(r["member_id"], r["regime"], r["amount"], r["paid"]) for r in rows] == [(an.pk, "01", 15_930, 0)]
    body = {"member": an.pk, "org": tree.cell1.pk, "month": "2026-02-01", "amount": 20_000, "paid_on": "2026-02-20"}
    assert_error(api.post(f"{P}/payments", {**body, "amount": 0}), 400, field="amount")
    assert not Payment.objects.exists()
    created = api.post(f"{P}/payments", body)
    assert created.status_code == 201, created.content.decode()
    assert created.json()["amount"] == 20_000 and created.json()["channel"] == "cash"
    reader = Api(user_with(Role.INSPECTION, org=tree.commune))
    assert_error(reader.post(f"{P}/payments", body), 403, field="org")
    assert Payment.objects.count() == 1


class Ctx:
    def __init__(self, tree):
        self.tree = tree
        self.an = tree.member("Nguyễn Văn An")
        self.outsider = Api(user_with(Role.CELL_SECRETARY, org=tree.cell2))


def _cell(ctx):
    for org in (ctx.tree.cell1, ctx.tree.other_cell):
        assert_error(ctx.outsider.get(f"{P}/cell", org=org.pk, month="2026-03-01"), 404, "out_of_scope", "org")


def _payment(ctx):
    body = {"member": ctx.an.pk, "org": ctx.tree.cell1.pk, "month": "2026-03-01", "amount": 5_000,
            "paid_on": "2026-03-02"}
    assert_error(ctx.outsider.post(f"{P}/payments", body), 404, "out_of_scope", "member")
    assert not Payment.objects.exists()


OUTSIDER_CASES = {
    ("GET", "/api/dues/cell"): _cell,
    ("POST", "/api/dues/payments"): _payment,
}


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_gets_404_and_nothing_changes(tree, key):
    OUTSIDER_CASES[key](Ctx(tree))
