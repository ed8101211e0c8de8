"""/api/statforms/snapshots…: finalising a form (the org's committee: 403 otherwise; 400 naming the rows while a
check fails), the snapshots of an org for a period, the children's status, the comparison with the figures now;
every path tried from outside the scope (``OUTSIDER_CASES``, collected by the meta-test in orgs/tests/test_api.py)."""

import datetime as dt

import pytest

from dangbo.accounts.tests.test_api_auth import Api, assert_error, db_state
from dangbo.admissions.tests.test_api import ok, token_api
from dangbo.core import periods
from dangbo.core.testing import Role, user_with
from dangbo.statforms import rules, services
from dangbo.statforms.models import FormSnapshot

pytestmark = pytest.mark.django_db
T = "/api/statforms/snapshots"
YEAR = {"start": "2025-01-01", "end": "2025-12-31"}


def test_finalise_list_children_and_compare(tree, year):
    secretary = token_api(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    body = ok(secretary.post(T, {"org": tree.cell1.pk, "form": "1", **YEAR}), 201)
    assert (body["org_id"], body["form"], body["period_kind"], body["period_label"]) == (
        tree.cell1.pk, "1", "year", "năm 2025")
    assert body["figures"]["D"] == 2 and body["labels"]["D"].startswith("dòng D (") and body["supersedes_id"] is None
    again = ok(secretary.post(T, {"org": tree.cell1.pk, "form": "1", **YEAR}), 201)
    assert again["supersedes_id"] == body["id"]
    listed = ok(secretary.get(T, org=tree.cell1.pk, **YEAR))
    assert [s["id"] for s in listed["items"]] == [again["id"], body["id"]]

    commune = Api(user_with(Role.ORG_COMMISSION, org=tree.commune))
    children = ok(commune.get(f"{T}/children", org=tree.commune.pk, **YEAR))["items"]
    assert [c["org_id"] for c in children] == [tree.cell1.pk, tree.cell2.pk]
    form1 = next(f for f in children[0]["forms"] if f["form"] == "1")
    assert form1["snapshot_id"] == again["id"] and form1["finalised_by"] and form1["finalised_at"]
    assert all(f["snapshot_id"] is None for f in children[1]["forms"]) and not children[1]["complete"]

    late = tree.member("Đinh Văn Muộn", org=tree.cell1, admitted=dt.date(2025, 10, 6), official=None)
    found = ok(commune.get(f"{T}/{again['id']}/compare"))
    assert {c["key"]: (c["frozen"], c["now"]) for c in found["changes"]} == {"B": (1, 2), "B1": (1, 2),
                                                                              "D": (2, 3)}
    assert [(e["member_id"], e["kind"]) for e in found["events"]] == [(late.pk, "admit")]
    assert found["events_count"] == 1 and found["snapshot"]["id"] == again["id"]


def test_refusals(tree, year, monkeypatch):
    inspection = Api(user_with(Role.INSPECTION, org=tree.district))
    before = db_state()
    assert_error(inspection.post(T, {"org": tree.commune.pk, "form": "1", **YEAR}), 403)
    commission = Api(user_with(Role.ORG_COMMISSION, org=tree.commune))
    assert_error(commission.post(T, {"org": tree.commune.pk, "form": "99", **YEAR}), 400, "invalid", "form")
    assert_error(commission.post(T, {"org": tree.commune.pk, "form": "1", "start": "2025-07-01",
                                     "end": "2025-06-30"}), 400, "invalid", "end")
    assert_error(commission.post(T, {"org": tree.commune.pk, "form": "1", **YEAR, "x": 1}), 422)
    monkeypatch.setattr(rules, "broken", lambda form, values: ["dòng D (Đảng viên có đến cuối kỳ: 4) khác A + B − C."])
    error = assert_error(commission.post(T, {"org": tree.commune.pk, "form": "1", **YEAR}), 400, "invalid", "form")
    assert "dòng D (" in error["message"]
    assert db_state() == before and FormSnapshot.objects.count() == 0


# --- from outside the scope -------------------------------------------------------------------------------------

class Ctx:
    def __init__(self, tree):
        self.tree = tree
        tree.member("Phan Văn Bí Mật", org=tree.cell1)
        self.snapshot = services.form_finalise(actor=tree.actor, org=tree.commune, code="1",
                                               period=periods.year(2025))
        self.outsider = Api(user_with(Role.CELL_SECRETARY, org=tree.cell2))


def _finalise(ctx):
    t = ctx.tree
    for org in (t.cell1, t.commune, t.other_cell):
        assert_error(ctx.outsider.post(T, {"org": org.pk, "form": "1", **YEAR}), 404, "out_of_scope", "org")


def _list(ctx):
    t = ctx.tree
    for org in (t.cell1, t.commune, t.other_cell):
        assert_error(ctx.outsider.get(T, org=org.pk, **YEAR), 404, "out_of_scope", "org")
    assert ok(ctx.outsider.get(T, org=t.cell2.pk, **YEAR))["items"] == []


def _children(ctx):
    t = ctx.tree
    for org in (t.district, t.commune, t.other_commune):
        assert_error(ctx.outsider.get(f"{T}/children", org=org.pk, **YEAR), 404, "out_of_scope", "org")


def _compare(ctx):
    assert_error(ctx.outsider.get(f"{T}/{ctx.snapshot.pk}/compare"), 404, "out_of_scope")


OUTSIDER_CASES = {
    ("POST", "/api/statforms/snapshots"): _finalise,
    ("GET", "/api/statforms/snapshots"): _list,
    ("GET", "/api/statforms/snapshots/children"): _children,
    ("GET", "/api/statforms/snapshots/{snapshot_id}/compare"): _compare,
}


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_gets_404_and_nothing_changes(tree, key):
    ctx = Ctx(tree)
    before = db_state()
    OUTSIDER_CASES[key](ctx)
    assert db_state() == before
