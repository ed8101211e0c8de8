"""/api/dues/… declarations, reliefs, reversals and remittances: a write is audited; bad input is refused naming the
field (Vietnamese) with nothing changed; a read-only role gets 403; every path tried from outside the scope
(``OUTSIDER_CASES``, collected by orgs/tests/test_api.py)."""

import datetime as dt

import pytest

from dangbo.accounts.models import AuditEntry
from dangbo.accounts.tests.test_api_auth import Api, assert_error
from dangbo.core.testing import Role, user_with
from dangbo.dues import services
from dangbo.dues.models import Declaration, Payment, Relief, Remittance

pytestmark = pytest.mark.django_db
D = dt.date
P = "/api/dues"
RELIEF = {"kind": "reduce", "percent": 50, "from_month": "2026-01-01", "to_month": "2026-06-01",
          "decision_ref": "12-QĐ/ĐU", "decided_on": "2025-12-20", "reason": "Ốm dài ngày"}


def rows():
    return (AuditEntry.objects.count(), list(Declaration.objects.values()), list(Relief.objects.values()),
            list(Payment.objects.values()), list(Remittance.objects.values()))


def test_declarations_and_reliefs(tree):
    an = tree.member("Nguyễn Văn An")
    api = Api(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    reader = Api(user_with(Role.INSPECTION, org=tree.commune))
    url = f"{P}/members/{an.pk}/declarations"
    before = rows()
    assert_error(api.post(url, {"category": "salary", "valid_from": "2026-01-01"}), 400, field="basis")
    assert_error(api.post(url, {"category": "x", "valid_from": "2026-01-01"}), 422, field="category")
    assert_error(api.post(url, {"category": "salary", "valid_from": "2026-01-01", "basis": -1}), 422, field="basis")
    assert_error(reader.post(url, {"category": "other", "region": 1, "valid_from": "2026-01-01"}), 403,
                 field="member_id")
    assert rows() == before
    made = api.post(url, {"category": "salary", "basis": 8_000_000, "valid_from": "2026-01-15"})
    assert made.status_code == 201, made.content.decode()
    assert (made.json()["valid_from"], made.json()["basis"]) == ("2026-01-01", 8_000_000)
    assert [r["id"] for r in reader.get(url).json()] == [made.json()["id"]]
    url = f"{P}/members/{an.pk}/reliefs"
    before = rows()
    assert_error(api.post(url, {**RELIEF, "reason": " "}), 400, field="reason")
    assert_error(api.post(url, {**RELIEF, "decided_on": "20/12/2025"}), 422, field="decided_on")
    assert_error(reader.post(url, RELIEF), 403, field="member_id")
    assert rows() == before
    granted = api.post(url, RELIEF)
    assert granted.status_code == 201, granted.content.decode()
    assert reader.get(url).json()[0]["percent"] == 50
    assert list(AuditEntry.objects.filter(action__startswith="dues_").values_list("action", flat=True)
                .order_by("id")) == ["dues_declare", "dues_relief_grant"]


def test_reversal_and_remittances(tree, admin):
    an = tree.member("Nguyễn Văn An")
    paid = services.record_payment(actor=admin, member=an, org=tree.cell1, month=D(2026, 2, 1), amount=20_000,
                                   paid_on=D(2026, 2, 20))
    api = Api(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    reader = Api(user_with(Role.INSPECTION, org=tree.commune))
    url = f"{P}/payments/{paid.pk}/reversal"
    before = rows()
    assert_error(api.post(url, {"on": "2026-02-21", "reason": ""}), 400, field="reason")
    assert_error(api.post(url, {"on": "2026-02-21"}), 422, field="reason")
    assert_error(reader.post(url, {"on": "2026-02-21", "reason": "Ghi nhầm"}), 403, field="payment_id")
    assert rows() == before
    done = api.post(url, {"on": "2026-02-21", "reason": "Ghi nhầm"})
    assert done.status_code == 201, done.content.decode()
    assert (done.json()["amount"], done.json()["reversal_of_id"]) == (-20_000, paid.pk)
    assert_error(api.post(url, {"on": "2026-02-22", "reason": "Lần nữa"}), 400, field="payment")
    url = f"{P}/orgs/{tree.cell1.pk}/remittances"
    body = {"month": "2026-02-01", "amount": 14_000, "sent_on": "2026-03-05"}
    before = rows()
    assert_error(api.post(url, {**body, "amount": 0}), 400, field="amount")
    assert_error(api.post(url, {**body, "channel": "gold"}), 422, field="channel")
    assert_error(reader.post(url, body), 403, field="org_id")
    assert rows() == before
    sent = api.post(url, body)
    assert sent.status_code == 201, sent.content.decode()
    assert sent.json()["to_org_id"] == tree.commune.pk and sent.json()["channel"] == "bank"
    assert [r["amount"] for r in reader.get(url).json()] == [14_000]
    assert AuditEntry.objects.filter(action__in=("dues_payment_reverse", "dues_remit")).count() == 2


class Ctx:
    def __init__(self, tree, admin):
        self.tree = tree
        self.an = tree.member("Nguyễn Văn An")
        self.paid = services.record_payment(actor=admin, member=self.an, org=tree.cell1, month=D(2026, 2, 1),
                                            amount=20_000, paid_on=D(2026, 2, 20))
        self.outsider = Api(user_with(Role.CELL_SECRETARY, org=tree.cell2))


def _declarations(ctx):
    assert_error(ctx.outsider.get(f"{P}/members/{ctx.an.pk}/declarations"), 404, "out_of_scope", "member_id")


def _declare(ctx):
    body = {"category": "other", "region": 1, "valid_from": "2026-01-01"}
    assert_error(ctx.outsider.post(f"{P}/members/{ctx.an.pk}/declarations", body), 404, "out_of_scope",
                 "member_id")


def _reliefs(ctx):
    assert_error(ctx.outsider.get(f"{P}/members/{ctx.an.pk}/reliefs"), 404, "out_of_scope", "member_id")


def _relieve(ctx):
    assert_error(ctx.outsider.post(f"{P}/members/{ctx.an.pk}/reliefs", RELIEF), 404, "out_of_scope", "member_id")


def _reverse(ctx):
    assert_error(ctx.outsider.post(f"{P}/payments/{ctx.paid.pk}/reversal", {"on": "2026-02-21", "reason": "x"}),
                 404, "out_of_scope", "payment_id")


def _remittances(ctx):
    for org in (ctx.tree.cell1, ctx.tree.commune):
        assert_error(ctx.outsider.get(f"{P}/orgs/{org.pk}/remittances"), 404, "out_of_scope", "org_id")


def _remit(ctx):
    body = {"month": "2026-02-01", "amount": 14_000, "sent_on": "2026-03-05"}
    assert_error(ctx.outsider.post(f"{P}/orgs/{ctx.tree.cell1.pk}/remittances", body), 404, "out_of_scope",
                 "org_id")


OUTSIDER_CASES = {
    ("GET", "/api/dues/members/{member_id}/declarations"): _declarations,
    ("POST", "/api/dues/members/{member_id}/declarations"): _declare,
    ("GET", "/api/dues/members/{member_id}/reliefs"): _reliefs,
    ("POST", "/api/dues/members/{member_id}/reliefs"): _relieve,
    ("POST", "/api/dues/payments/{payment_id}/reversal"): _reverse,
    ("GET", "/api/dues/orgs/{org_id}/remittances"): _remittances,
    ("POST", "/api/dues/orgs/{org_id}/remittances"): _remit,
}


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_gets_404_and_nothing_changes(tree, admin, key):
    ctx = Ctx(tree, admin)
    before = rows()
    OUTSIDER_CASES[key](ctx)
    assert rows() == before
