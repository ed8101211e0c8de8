"""/api/admissions/overdue, …/stop and …/introducers/{id}/replace (issue 9): the overdue list of a subtree, stopping
a case (M9 after the ceremony), replacing an introducer (M3) — the rule's refusal 400 with its code, a reader's
write 403, nothing changed; every path tried from outside the scope (``OUTSIDER_CASES``, collected by the
meta-test in orgs/tests/test_api.py)."""

import datetime as dt

import pytest

from dangbo.accounts.tests.test_api_auth import Api, assert_error
from dangbo.admissions import services
from dangbo.admissions.tests.test_api import URL, Ctx, World, ok, state
from dangbo.core.testing import Role, user_with

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def world(tree):
    return World(tree)


def _to(world, until):
    rec, t, c = services.step_record, world.tree, world.ready
    rec(actor=t.actor, candidate=c, step="cell_vote", date=D(2025, 1, 6), detail={"yes": 3, "eligible": 3})
    rec(actor=t.actor, candidate=c, step="grassroots", date=D(2025, 1, 15))
    if until == "grassroots":
        return
    rec(actor=t.actor, candidate=c, step="decision", date=D(2025, 2, 20))
    rec(actor=t.actor, candidate=c, step="ceremony", date=D(2025, 3, 3))


def test_overdue_list_of_a_subtree(world):
    _to(world, "grassroots")
    api = Api(world.commune)
    body = ok(api.get("/api/admissions/overdue", org=world.tree.commune.pk, on="2025-04-10"))
    assert body["count"] == 1
    row = body["items"][0]
    assert (row["candidate"]["id"], row["step"], row["due"], row["late_days"], row["latest_due"]) == (
        world.ready.pk, "decision", "2025-04-08", 2, "2025-05-22")
    assert ok(api.get("/api/admissions/overdue", org=world.tree.commune.pk, on="2025-04-08"))["count"] == 0
    assert_error(api.get("/api/admissions/overdue", org=world.tree.commune.pk, on="10/04/2025"), 422, field="on")


def test_stop_a_case(world):
    cell, reader = Api(world.secretary), Api(user_with(Role.INSPECTION, org=world.tree.district))
    before = state()
    assert_error(reader.post(f"{world.c}/stop", {"on": "2025-01-10", "reason": "x"}), 403)
    assert_error(cell.post(f"{world.c}/stop", {"on": "2025-01-10", "reason": " "}), 400, field="reason")
    assert state() == before
    body = ok(cell.post(f"{world.c}/stop", {"on": "2025-01-10", "reason": "Chuyển công tác"}))
    assert (body["stage"], body["stopped_on"], body["stop_reason"]) == ("stopped", "2025-01-10", "Chuyển công tác")


def test_no_stop_after_the_ceremony(world):
    _to(world, "ceremony")
    before = state()
    refused = assert_error(Api(world.secretary).post(f"{world.c}/stop", {"on": "2025-04-01", "reason": "x"}), 400,
                           "M9")
    assert "dự bị" in refused["message"] and state() == before


def test_replace_an_introducer(world):
    t = world.tree
    cell = Api(world.secretary)
    intro = world.ready.introductions.get(member=world.an)
    dung = t.member("Phạm Văn Dũng", org=t.cell1)
    url = f"{world.c}/introducers/{intro.pk}/replace"
    before = state()
    body = {"member_id": dung.pk, "on": "2024-12-15", "together_since": "2024-06-01", "note": "Chuyển công tác"}
    assert "12 tháng" in assert_error(cell.post(url, body), 400, "M3")["message"]
    assert_error(cell.post(f"{world.c}/introducers/999999/replace", body), 404, field="introduction_id")
    assert state() == before
    new = ok(cell.post(url, {**body, "together_since": "2020-01-01"}), 201)
    assert (new["member_id"], new["route"], new["given_on"]) == (dung.pk, "two_members", "2024-12-15")
    introducers = ok(cell.get(world.c))["introducers"]
    assert [(i["member_id"], i["replaced_on"]) for i in introducers] == [
        (world.an.pk, "2024-12-15"), (world.binh.pk, None), (dung.pk, None)]


# --- out of scope: the secretary of cell 2 against cell 1's candidate -------------------------------------------------

def _overdue(ctx):
    t = ctx.tree
    for org in (t.cell1, t.commune, t.other_cell):
        assert_error(ctx.outsider.get("/api/admissions/overdue", org=org.pk, on="2025-06-01"), 404, "out_of_scope",
                     "org")
    assert ok(ctx.outsider.get("/api/admissions/overdue", org=t.cell2.pk, on="2025-06-01"))["count"] == 0


def _stop(ctx):
    assert_error(ctx.outsider.post(f"{ctx.c}/stop", {"on": "2025-01-10", "reason": "x"}), 404, "out_of_scope")


def _replace(ctx):
    intro = ctx.ready.introductions.first()
    body = {"member_id": ctx.an.pk, "on": "2024-12-15", "together_since": "2020-01-01", "note": "x"}
    assert_error(ctx.outsider.post(f"{ctx.c}/introducers/{intro.pk}/replace", body), 404, "out_of_scope")
    # their own candidate, with another candidate's introduction
    assert_error(ctx.outsider.post(f"{URL}/{ctx.own.pk}/introducers/{intro.pk}/replace", body), 404, "out_of_scope",
                 "introduction_id")


OUTSIDER_CASES = {
    ("GET", "/api/admissions/overdue"): _overdue,
    ("POST", "/api/admissions/candidates/{candidate_id}/stop"): _stop,
    ("POST", "/api/admissions/candidates/{candidate_id}/introducers/{introduction_id}/replace"): _replace,
}


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_gets_404_and_nothing_changes(tree, key):
    ctx = Ctx(tree)
    before = state()
    OUTSIDER_CASES[key](ctx)
    assert state() == before
