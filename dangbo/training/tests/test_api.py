"""/api/training/…: a class opened, a learner enrolled, a result recorded; bad input names the field; every path
tried from outside the scope (``OUTSIDER_CASES``, collected by the meta-test in orgs/tests/test_api.py)."""

import datetime as dt

import pytest

from dangbo.accounts.models import AuditEntry
from dangbo.accounts.tests.test_api_auth import Api, assert_error, db_state
from dangbo.admissions.tests.test_api import ok, token_api
from dangbo.core.testing import Role, Tree, user_with
from dangbo.training import services
from dangbo.training.models import Enrolment, TrainingClass

pytestmark = pytest.mark.django_db
D = dt.date
P = "/api/training"
CLASS = {"kind": "so_cap", "name": "Sơ cấp K1", "institution": "Trường Chính trị tỉnh", "starts_on": "2024-05-06",
         "ends_on": "2024-06-06"}


def state():
    return (db_state(), list(TrainingClass.objects.values_list("pk", "name")),
            list(Enrolment.objects.values_list("pk", "result")))


def test_flow_through_the_api(tree):
    an = tree.member("Nguyễn Văn An", org=tree.cell1)
    api = token_api(user_with(Role.ORG_COMMISSION, org=tree.commune))
    klass = ok(api.post(f"{P}/classes", {**CLASS, "org": tree.commune.pk}), 201)
    assert klass["organiser_name"] == "Trường Chính trị tỉnh"
    before = state()
    assert_error(api.post(f"{P}/classes", {**CLASS, "org": tree.commune.pk, "ends_on": "2024-05-01"}), 400,
                 field="ends_on")
    assert state() == before
    row = ok(api.post(f"{P}/classes/{klass['id']}/enrolments", {"member": an.pk}), 201)
    assert_error(api.post(f"{P}/classes/{klass['id']}/enrolments", {"member": an.pk}), 400, field="member")
    done = ok(api.post(f"{P}/classes/{klass['id']}/enrolments/{row['id']}/result",
                       {"result": "passed", "certificate_number": "7", "certificate_date": "2024-06-06"}))
    assert done["result"] == "passed"
    an.refresh_from_db()
    assert an.political_theory == "so_cap"
    listed = ok(api.get(f"{P}/classes", org=tree.commune.pk, kind="so_cap", year=2024))
    assert listed["count"] == 1
    assert [e["person_name"] for e in ok(api.get(f"{P}/classes/{klass['id']}/enrolments"))] == ["Nguyễn Văn An"]


def test_edit_a_class_and_who_needs_training(tree):
    klass = services.class_create(actor=tree.actor, org=tree.commune, data={
        **CLASS, "starts_on": D(2024, 5, 6), "ends_on": D(2024, 6, 6)})
    api = token_api(user_with(Role.ORG_COMMISSION, org=tree.commune))
    reader = token_api(user_with(Role.INSPECTION, org=tree.commune))
    before = state()
    assert_error(api.patch(f"{P}/classes/{klass.pk}", {"ends_on": "2024-05-01"}), 400, field="ends_on")
    assert_error(api.patch(f"{P}/classes/{klass.pk}", {"name": "x" * 201}), 422, field="name")
    assert state() == before
    assert_error(reader.patch(f"{P}/classes/{klass.pk}", {"name": "Lớp khác"}), 403)
    assert state() == before
    done = ok(api.patch(f"{P}/classes/{klass.pk}", {"name": "Sơ cấp K2", "place": "Xã Đạ Sar"}))
    assert (done["name"], done["place"], done["starts_on"]) == ("Sơ cấp K2", "Xã Đạ Sar", "2024-05-06")
    assert AuditEntry.objects.filter(action="training_class_update").count() == 1
    tree.member("Trần Văn Bình", org=tree.cell1, admitted=D(2024, 1, 10), official=None)
    found = ok(api.get(f"{P}/needs", org=tree.commune.pk, on="2024-06-01"))
    assert found["org_id"] == tree.commune.pk and found["on"] == "2024-06-01"
    assert [p["member_name"] for p in found["probationers"]] == ["Trần Văn Bình"]
    assert found["probationers_untrained"] == found["probationers_total"] == 1
    assert_error(api.get(f"{P}/needs", org=tree.commune.pk, on="01/06/2024"), 422, field="on")


class Ctx:
    def __init__(self, admin):
        self.tree = t = Tree(admin)
        self.an = t.member("Nguyễn Văn An", org=t.cell1)
        self.outsider = Api(user_with(Role.CELL_SECRETARY, org=t.cell2))
        self.klass = services.class_create(actor=admin, org=t.cell1, data={
            **CLASS, "starts_on": D(2024, 5, 6), "ends_on": D(2024, 6, 6)})
        self.row = services.enrol(actor=admin, training_class=self.klass, member=self.an)


def _list(ctx):
    for org in (ctx.tree.cell1, ctx.tree.commune):
        assert_error(ctx.outsider.get(f"{P}/classes", org=org.pk), 404, "out_of_scope", "org")
    assert ok(ctx.outsider.get(f"{P}/classes", org=ctx.tree.cell2.pk))["count"] == 0


def _create(ctx):
    assert_error(ctx.outsider.post(f"{P}/classes", {**CLASS, "org": ctx.tree.cell1.pk}), 404, "out_of_scope", "org")


def _enrolments(ctx):
    assert_error(ctx.outsider.get(f"{P}/classes/{ctx.klass.pk}/enrolments"), 404, "out_of_scope", "class_id")


def _enrol(ctx):
    assert_error(ctx.outsider.post(f"{P}/classes/{ctx.klass.pk}/enrolments", {"member": ctx.an.pk}), 404,
                 "out_of_scope")


def _result(ctx):
    assert_error(ctx.outsider.post(f"{P}/classes/{ctx.klass.pk}/enrolments/{ctx.row.pk}/result",
                                   {"result": "failed"}), 404, "out_of_scope")


def _update(ctx):
    assert_error(ctx.outsider.patch(f"{P}/classes/{ctx.klass.pk}", {"name": "X"}), 404, "out_of_scope", "class_id")


def _needs(ctx):
    for org in (ctx.tree.cell1, ctx.tree.commune):
        assert_error(ctx.outsider.get(f"{P}/needs", org=org.pk), 404, "out_of_scope", "org")


OUTSIDER_CASES = {
    ("PATCH", "/api/training/classes/{class_id}"): _update,
    ("GET", "/api/training/needs"): _needs,
    ("GET", "/api/training/classes"): _list,
    ("POST", "/api/training/classes"): _create,
    ("GET", "/api/training/classes/{class_id}/enrolments"): _enrolments,
    ("POST", "/api/training/classes/{class_id}/enrolments"): _enrol,
    ("POST", "/api/training/classes/{class_id}/enrolments/{enrolment_id}/result"): _result,
}


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_gets_404_and_nothing_changes(admin, key):
    ctx = Ctx(admin)
    before = state()
    OUTSIDER_CASES[key](ctx)
    assert state() == before
