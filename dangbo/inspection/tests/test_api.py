"""/api/inspection/…: programmes and plan items, a case from its opening to the discipline decision, a
denunciation from its receipt to its resolution, a complaint; bad input names the field (422 for the shape, 400
for a rule) with nothing saved; a visible record the user may not write is 403. Confidentiality: an admin and an
org commission list nothing and get 404 on a case and a letter; the denouncer is absent for a named user without
``may_see_denouncer``; every read is logged. Every path tried from outside (``OUTSIDER_CASES``, collected by the
meta-test in orgs/tests/test_api.py)."""

import datetime as dt

import pytest

from dangbo.accounts.audit import READ_ACTION
from dangbo.accounts.models import AuditEntry
from dangbo.accounts.tests.test_api_auth import Api, assert_error, db_state
from dangbo.admissions.tests.test_api import ok, token_api
from dangbo.core.testing import Role, Tree, user_with
from dangbo.inspection import services
from dangbo.inspection.models import (
    Case,
    CaseStep,
    Denunciation,
    DisciplineComplaint,
    DisciplineProposal,
    FollowUp,
    PlanItem,
    Programme,
)
from dangbo.inspection.tests.conftest import open_case
from dangbo.members import services as member_services
from dangbo.members.models import DisciplineDecision

pytestmark = pytest.mark.django_db
D = dt.date
P = "/api/inspection"
LETTER = {"received_on": "2024-02-01", "denouncer_name": "Lê Thị Tố", "denouncer_address": "Thôn 2",
          "denouncer_contact": "0912 345 678", "content": "Sử dụng đất công sai mục đích"}
DENOUNCER = {"denouncer_name", "denouncer_address", "denouncer_contact"}


def state():
    return (db_state(), list(Programme.objects.values_list("pk", "title", "year")),
            list(PlanItem.objects.values_list("pk", "topic")),
            list(Case.objects.values_list("pk", "topic", "conclusion", "concluded_on")),
            list(CaseStep.objects.values_list("pk", "step")), list(FollowUp.objects.values_list("pk", "done_on")),
            list(Denunciation.objects.values_list("pk", "status", "case_id", "resolved_on")),
            list(DisciplineComplaint.objects.values_list("pk", "result")),
            list(DisciplineProposal.objects.values_list("pk", "status")))


def reads(model: str, pk) -> int:
    return AuditEntry.objects.filter(action=READ_ACTION, model=model, object_id=str(pk)).count()


@pytest.fixture
def inspector(tree):
    return user_with(Role.INSPECTION, org=tree.district, username="ubkt")


def test_programmes_and_plan_items(tree, inspector):
    an = tree.member("Nguyễn Văn An", org=tree.cell1)
    api = token_api(inspector)
    body = {"org": tree.district.pk, "body": "commission", "kind": "year", "year": 2024, "title": "Kế hoạch 2024",
            "adopted_on": "2024-01-10", "document_number": "01-KH/UBKT"}
    before = state()
    assert_error(api.post(f"{P}/programmes", {**body, "year": None}), 400, field="year")
    assert_error(api.post(f"{P}/programmes", {**body, "title": "x" * 256}), 422, "validation", "title")
    assert_error(api.post(f"{P}/programmes", {**body, "colour": "đỏ"}), 422, "validation", "colour")
    assert state() == before
    plan = ok(api.post(f"{P}/programmes", body), 201)
    assert (plan["org_name"], plan["year"], plan["kind"]) == ("Đảng bộ huyện Lạc Dương", 2024, "year")
    assert_error(api.post(f"{P}/programmes", body), 400, field="year")  # one year plan per org and body
    item = ok(api.post(f"{P}/programmes/{plan['id']}/items", {"kind": "compliance", "member": an.pk,
                                                             "topic": "Chấp hành Điều lệ", "quarter": 1}), 201)
    assert_error(api.post(f"{P}/programmes/{plan['id']}/items", {"kind": "compliance", "topic": "x"}), 400,
                 field="org")
    assert_error(api.post(f"{P}/programmes/{plan['id']}/items", {"kind": "compliance", "org": tree.cell1.pk,
                                                                "topic": "x", "month": 13}), 422, field="month")
    assert ok(api.get(f"{P}/programmes/{plan['id']}"))["title"] == "Kế hoạch 2024"
    assert [p["id"] for p in ok(api.get(f"{P}/programmes", org=tree.district.pk, year=2024))["items"]] == [
        plan["id"]]
    assert ok(api.get(f"{P}/programmes", kind="term"))["count"] == 0
    assert ok(api.get(f"{P}/plan-items/{item['id']}"))["member_id"] == an.pk
    open_case(tree, inspector, members=[an], kind="compliance", origin="planned",
              plan_item=PlanItem.objects.get(pk=item["id"]))
    assert [(i["id"], i["cases_count"]) for i in ok(api.get(f"{P}/programmes/{plan['id']}/items"))] == [
        (item["id"], 1)]
    # not confidential: the org commission of the district reads the plan, and writes the committee's own
    commission = token_api(user_with(Role.ORG_COMMISSION, org=tree.district))
    assert ok(commission.get(f"{P}/programmes"))["count"] == 1
    ok(commission.post(f"{P}/programmes", {**body, "body": "committee", "title": "Kế hoạch của cấp ủy"}), 201)


def test_a_case_from_its_opening_to_the_discipline_decision(tree, inspector):
    an = tree.member("Nguyễn Văn An", org=tree.cell1)
    api = token_api(inspector)
    body = {"org": tree.district.pk, "body": "commission", "kind": "violation", "origin": "ad_hoc",
            "topic": "Dấu hiệu vi phạm về đất đai", "decision_number": "12-QĐ/UBKT", "decided_on": "2024-03-01",
            "subject_members": [an.pk]}
    before = state()
    assert_error(api.post(f"{P}/cases", {**body, "subject_members": []}), 400, field="subjects")
    assert_error(api.post(f"{P}/cases", {**body, "kind": "assets", "body": "committee"}), 400, field="kind")
    assert_error(api.post(f"{P}/cases", {**body, "decided_on": "01/03/2024"}), 422, "validation", "decided_on")
    assert_error(api.post(f"{P}/cases", {**body, "subject_members": [tree.member("Khác", org=tree.other_cell).pk]}),
                 404, "out_of_scope", "subject_members")
    assert state()[1:] == before[1:]
    case = ok(api.post(f"{P}/cases", body), 201)
    assert [s["name"] for s in case["subjects"]] == ["Nguyễn Văn An"]
    assert [s["step"] for s in case["steps"]] == ["decision"] and case["may_write"] is True
    cid = case["id"]
    step = ok(api.post(f"{P}/cases/{cid}/steps", {"step": "verification", "date": "2024-04-01"}), 201)
    assert step["phase"] == "conduct"
    assert_error(api.post(f"{P}/cases/{cid}/steps", {"step": "plan", "date": "2024-02-01"}), 400, field="date")
    assert_error(api.post(f"{P}/cases/{cid}/follow-ups", {"recommendation": "Kiểm điểm", "due_on": "2024-06-30",
                                                          "org": tree.cell1.pk}), 400, field="case")
    assert_error(api.post(f"{P}/cases/{cid}/conclude", {"conclusion": "Có vi phạm", "concluded_on": "2024-02-01",
                                                        "violation_found": True}), 400, field="concluded_on")
    done = ok(api.post(f"{P}/cases/{cid}/conclude", {"conclusion": "Có vi phạm", "concluded_on": "2024-04-20",
                                                     "violation_found": True}))
    assert (done["concluded_on"], done["violation_found"]) == ("2024-04-20", True)
    follow = ok(api.post(f"{P}/cases/{cid}/follow-ups", {"recommendation": "Kiểm điểm trước chi bộ",
                                                         "due_on": "2024-06-30", "org": tree.cell1.pk}), 201)
    closed = ok(api.post(f"{P}/cases/{cid}/follow-ups/{follow['id']}/close", {"done_on": "2024-07-05"}))
    assert closed["done_on"] == "2024-07-05"
    proposal = {"member": an.pk, "form": "warning", "reason": "Vi phạm quy định", "violation_from": "2023-05-01",
                "deciding_org": tree.commune.pk, "body": "standing", "proposed_on": "2024-04-20"}
    assert_error(api.post(f"{P}/cases/{cid}/proposals", {**proposal, "form": "expulsion",
                                                         "deciding_org": tree.cell1.pk, "body": "cell"}),
                 400, "K7", "deciding_org")
    row = ok(api.post(f"{P}/cases/{cid}/proposals", proposal), 201)
    assert (row["status"], row["limitation_expires_on"]) == ("proposed", "2033-05-01")
    assert_error(api.post(f"{P}/proposals/{row['id']}/decide", {"decided_on": "2024-04-26"}), 400, field="status")
    assert_error(api.post(f"{P}/proposals/{row['id']}/vote", {"voted_on": "2024-04-25", "votes_for": -1,
                                                             "votes_against": 1, "eligible": 9}), 422,
                 field="votes_for")
    ok(api.post(f"{P}/proposals/{row['id']}/vote", {"voted_on": "2024-04-25", "votes_for": 8, "votes_against": 1,
                                                   "eligible": 9}))
    decided = ok(api.post(f"{P}/proposals/{row['id']}/decide", {"decided_on": "2024-04-26",
                                                                "decision_ref": "45-QĐ/ĐU"}))
    decision = DisciplineDecision.objects.get()
    assert decided["status"] == "decided" and decided["decision_id"] == decision.pk and decision.member == an
    found = ok(api.get(f"{P}/cases/{cid}"))
    assert ([f["done_on"] for f in found["follow_ups"]], [p["status"] for p in found["proposals"]]) == (
        ["2024-07-05"], ["decided"])
    assert [c["id"] for c in ok(api.get(f"{P}/cases", q="nguyen van an", kind="violation", year=2024))["items"]] == [
        cid]
    assert ok(api.get(f"{P}/cases", org=tree.cell2.pk))["count"] == 0  # readable, none there
    assert ok(api.get(f"{P}/cases", year=2023))["count"] == 0


def test_a_denunciation_from_its_receipt_to_its_resolution(tree, inspector):
    an = tree.member("Nguyễn Văn An", org=tree.cell1)
    api = token_api(inspector)
    before = state()
    assert_error(api.post(f"{P}/denunciations", {**LETTER, "org": tree.district.pk}), 400, field="subject_member")
    assert_error(api.post(f"{P}/denunciations", {**LETTER, "org": tree.district.pk, "subject_member": an.pk,
                                                 "denouncer_name": ""}), 400, field="denouncer_name")
    assert_error(api.post(f"{P}/denunciations", {**LETTER, "org": tree.district.pk, "subject_member": an.pk,
                                                 "received_on": "hôm qua"}), 422, field="received_on")
    assert state() == before
    letter = ok(api.post(f"{P}/denunciations", {**LETTER, "org": tree.district.pk, "subject_member": an.pk}), 201)
    assert letter["denouncer_name"] == "Lê Thị Tố" and letter["denouncer_hidden"] is False  # the receiver knows
    assert letter["subject_name"] == "Nguyễn Văn An" and letter["status"] == "received"
    lid = letter["id"]
    screened = ok(api.post(f"{P}/denunciations/{lid}/screen", {"on": "2024-02-05"}))
    assert screened["status"] == "screened" and screened["due_on"]
    case = open_case(tree, inspector, members=[an], kind="denunciation", decided_on=D(2024, 2, 15))
    early = open_case(tree, inspector, members=[an], kind="denunciation", decided_on=D(2024, 1, 15))
    assert_error(api.post(f"{P}/denunciations/{lid}/assign", {"case": early.pk}), 400, field="case")
    assigned = ok(api.post(f"{P}/denunciations/{lid}/assign", {"case": case.pk}))
    assert (assigned["status"], assigned["case_id"]) == ("assigned", case.pk)
    assert_error(api.post(f"{P}/denunciations/{lid}/resolve", {"resolved_on": "2024-04-01", "outcome": "maybe",
                                                               "outcome_note": "x"}), 422, field="outcome")
    resolved = ok(api.post(f"{P}/denunciations/{lid}/resolve", {
        "resolved_on": "2024-04-01", "outcome": "partly", "outcome_note": "Tố cáo đúng một phần",
        "notified_on": "2024-04-05"}))
    assert (resolved["status"], resolved["outcome"], resolved["notified_on"]) == ("resolved", "partly", "2024-04-05")
    assert [r["id"] for r in ok(api.get(f"{P}/denunciations", status="resolved", q="nguyen van"))["items"]] == [lid]
    assert ok(api.get(f"{P}/denunciations", status="received"))["count"] == 0


def test_a_complaint_received_and_decided(tree, inspector):
    an = tree.member("Nguyễn Văn An", org=tree.cell1)
    decision = member_services.discipline_record(actor=tree.actor, member=an, form="warning", date=D(2025, 1, 20),
                                                 decided_by="Chi bộ thôn Đạ Nghịt", reason="Vi phạm")
    api = token_api(inspector)
    body = {"org": tree.district.pk, "decision": decision.pk, "received_on": "2025-03-01",
            "decision_received_on": "2025-01-31"}
    late = ok(api.post(f"{P}/complaints", body), 201)
    assert (late["accepted"], late["refusal_reason"], late["due_on"]) == (False, "late", None)
    accepted = ok(api.post(f"{P}/complaints", {**body, "received_on": "2025-02-28"}), 201)
    assert accepted["accepted"] is True and accepted["due_on"]
    assert_error(api.post(f"{P}/complaints/{late['id']}/decide", {"result": "upheld", "resolved_on": "2025-04-01",
                                                                 "note": "x"}), 400, field="result")
    assert_error(api.post(f"{P}/complaints", {**body, "decision": 10**6}), 404, "out_of_scope", "decision")
    done = ok(api.post(f"{P}/complaints/{accepted['id']}/decide", {"result": "upheld", "resolved_on": "2025-04-01",
                                                                  "note": "Giữ nguyên"}))
    assert (done["result"], done["resolved_on"]) == ("upheld", "2025-04-01")


# --- confidentiality ------------------------------------------------------------------------------------------


@pytest.fixture
def records(tree, inspector):
    an = tree.member("Nguyễn Văn An", org=tree.cell1)
    case = open_case(tree, inspector, members=[an], topic="Dấu hiệu vi phạm về đất đai")
    letter = services.denunciation_receive(actor=inspector, org=tree.district, data={
        "received_on": D(2024, 2, 1), "denouncer_name": "Lê Thị Tố", "denouncer_address": "Thôn 2",
        "denouncer_contact": "0912 345 678", "subject_member": an, "content": "Sử dụng đất công sai mục đích"})
    return case, letter


def test_admin_and_org_commission_find_nothing(tree, records, admin):
    case, letter = records
    for user in (admin, user_with(Role.ORG_COMMISSION, org=tree.district),
                 user_with(Role.CELL_SECRETARY, org=tree.cell1)):
        api = token_api(user)
        before = state()
        for params in ({}, {"q": "Nguyễn Văn An"}, {"q": "dat dai"}, {"org": tree.cell1.pk}):
            assert ok(api.get(f"{P}/cases", **params))["count"] == 0
        for params in ({}, {"q": "Nguyễn Văn An"}, {"status": "received"}):
            assert ok(api.get(f"{P}/denunciations", **params))["count"] == 0
        assert_error(api.get(f"{P}/cases/{case.pk}"), 404, "out_of_scope", "case_id")
        assert_error(api.get(f"{P}/denunciations/{letter.pk}"), 404, "out_of_scope", "denunciation_id")
        assert_error(api.post(f"{P}/cases/{case.pk}/steps", {"step": "plan", "date": "2024-03-05"}), 404,
                     "out_of_scope", "case_id")
        assert_error(api.post(f"{P}/denunciations/{letter.pk}/screen", {"on": "2024-02-05"}), 404,
                     "out_of_scope", "denunciation_id")
        # in scope of the org, without an inspection grant: may not open a case there (403, nothing hidden)
        assert_error(api.post(f"{P}/cases", {"org": tree.cell1.pk, "body": "commission", "kind": "violation",
                                            "origin": "ad_hoc", "topic": "x", "decided_on": "2024-03-01",
                                            "subject_orgs": [tree.cell1.pk]}), 403, "forbidden", "org")
        assert state() == before
    assert reads("inspection.Case", case.pk) == reads("inspection.Denunciation", letter.pk) == 0


def test_the_denouncer_is_absent_for_a_named_user_without_the_right(tree, records, inspector):
    case, letter = records
    commission = user_with(Role.ORG_COMMISSION, org=tree.district)
    services.access_grant(actor=inspector, user=commission, denunciation=letter)
    api = token_api(commission)
    seen = ok(api.get(f"{P}/denunciations/{letter.pk}"))
    assert seen["denouncer_hidden"] is True and not DENOUNCER & set(seen)
    assert seen["content"] == "Sử dụng đất công sai mục đích"
    listed = ok(api.get(f"{P}/denunciations"))["items"]
    assert [r["id"] for r in listed] == [letter.pk] and not DENOUNCER & set(listed[0])
    assert "Lê Thị Tố" not in api.get(f"{P}/denunciations/{letter.pk}").content.decode()
    # another member of the commission, not named on the letter, does not see who denounced either
    other = ok(token_api(user_with(Role.INSPECTION, org=tree.district)).get(f"{P}/denunciations/{letter.pk}"))
    assert other["denouncer_hidden"] is True and not DENOUNCER & set(other)
    # the receiver does; and so does the named user once allowed
    assert ok(token_api(inspector).get(f"{P}/denunciations/{letter.pk}"))["denouncer_contact"] == "0912 345 678"
    services.access_grant(actor=inspector, user=commission, denunciation=letter, may_see_denouncer=True)
    assert ok(api.get(f"{P}/denunciations/{letter.pk}"))["denouncer_name"] == "Lê Thị Tố"
    # named on the letter, not on the case: the case stays hidden
    assert_error(api.get(f"{P}/cases/{case.pk}"), 404, "out_of_scope", "case_id")


def test_a_named_user_who_may_not_write_gets_403(tree, records, inspector):
    case, letter = records
    secretary = user_with(Role.CELL_SECRETARY, org=tree.cell1)
    services.access_grant(actor=inspector, user=secretary, case=case)
    services.access_grant(actor=inspector, user=secretary, denunciation=letter)
    api = token_api(secretary)
    assert ok(api.get(f"{P}/cases/{case.pk}"))["may_write"] is False
    before = state()
    assert_error(api.post(f"{P}/cases/{case.pk}/steps", {"step": "plan", "date": "2024-03-05"}), 403, "forbidden",
                 "case_id")
    assert_error(api.post(f"{P}/cases/{case.pk}/conclude", {"conclusion": "x", "concluded_on": "2024-04-01",
                                                            "violation_found": False}), 403, "forbidden", "case_id")
    assert_error(api.post(f"{P}/denunciations/{letter.pk}/screen", {"on": "2024-02-05"}), 403, "forbidden",
                 "denunciation_id")
    assert state()[1:] == before[1:]


def test_each_read_is_logged(tree, records, inspector):
    case, letter = records
    api = token_api(inspector)
    ok(api.get(f"{P}/cases/{case.pk}"))
    assert reads("inspection.Case", case.pk) == 1
    ok(api.get(f"{P}/cases"))
    assert reads("inspection.Case", case.pk) == 2
    ok(api.get(f"{P}/denunciations/{letter.pk}"))
    ok(api.get(f"{P}/denunciations", q="an"))
    assert reads("inspection.Denunciation", letter.pk) == 2
    entry = AuditEntry.objects.filter(action=READ_ACTION, model="inspection.Case").first()
    assert entry.actor == inspector and entry.org_path == tree.district.path
    assert not AuditEntry.objects.filter(action=READ_ACTION, object_repr__contains="Lê Thị Tố").exists()


# --- out of scope: every path; nothing changes ----------------------------------------------------------------


class Ctx:
    def __init__(self, admin):
        self.tree = t = Tree(admin)
        self.inspector = inspector = user_with(Role.INSPECTION, org=t.district, username="ubkt")
        an = self.an = t.member("Nguyễn Văn An", org=t.cell1)
        # outside the org's scope: a sibling cell's secretary, another district's commission
        self.strangers = [Api(user_with(Role.CELL_SECRETARY, org=t.cell2)),
                          Api(user_with(Role.INSPECTION, org=t.other_district))]
        # and, for the confidential records, those who read and write the whole tree but not them
        self.outsiders = [*self.strangers, Api(admin), Api(user_with(Role.ORG_COMMISSION, org=t.district)),
                          Api(user_with(Role.CELL_SECRETARY, org=t.cell1))]
        self.plan = services.programme_save(actor=inspector, org=t.district, data={
            "body": "commission", "kind": "year", "year": 2024, "title": "Kế hoạch 2024",
            "adopted_on": D(2024, 1, 10)})
        self.item = services.plan_item_save(actor=inspector, programme=self.plan, data={
            "kind": "compliance", "member": an, "topic": "Chấp hành Điều lệ", "quarter": 1})
        self.case = open_case(t, inspector, members=[an], decided_on=D(2024, 2, 15))
        services.case_conclude(actor=inspector, case=self.case, conclusion="Có vi phạm",
                               concluded_on=D(2024, 4, 20), violation_found=True)
        self.follow = services.follow_up_add(actor=inspector, case=self.case, recommendation="Kiểm điểm",
                                             due_on=D(2024, 6, 30), org=t.cell1)
        self.proposal = services.proposal_create(
            actor=inspector, case=self.case, member=an, form="warning", reason="Vi phạm",
            violation_from=D(2023, 5, 1), deciding_org=t.commune, body="standing", proposed_on=D(2024, 4, 20))
        self.voted = services.proposal_create(
            actor=inspector, case=self.case, member=an, form="reprimand", reason="Vi phạm",
            violation_from=D(2023, 5, 1), deciding_org=t.commune, body="standing", proposed_on=D(2024, 4, 20))
        services.proposal_vote(actor=inspector, proposal=self.voted, voted_on=D(2024, 4, 25), votes_for=8,
                               votes_against=0, eligible=9)
        self.letter = services.denunciation_receive(actor=inspector, org=t.district, data={
            "received_on": D(2024, 2, 1), "denouncer_name": "Lê Thị Tố", "denouncer_address": "Thôn 2",
            "subject_member": an, "content": "Sử dụng đất công sai mục đích"})
        self.screened = services.denunciation_screen(actor=inspector, denunciation=services.denunciation_receive(
            actor=inspector, org=t.district, data={"received_on": D(2024, 2, 1), "denouncer_name": "Lê Thị Tố",
                                                   "denouncer_address": "Thôn 2", "subject_member": an,
                                                   "content": "Nội dung khác"}), on=D(2024, 2, 5))
        decision = member_services.discipline_record(actor=admin, member=an, form="warning", date=D(2025, 1, 20),
                                                      decided_by="Chi bộ thôn Đạ Nghịt", reason="Vi phạm")
        self.decision = decision
        self.complaint = services.complaint_receive(actor=inspector, org=t.district, decision=decision,
                                                    received_on=D(2025, 2, 28),
                                                    decision_received_on=D(2025, 1, 31))


def _each(apis, call, field=None):
    for api in apis:
        assert_error(call(api), 404, "out_of_scope", field)


def _programmes(ctx):
    for api in ctx.strangers:
        assert ctx.plan.pk not in [p["id"] for p in ok(api.get(f"{P}/programmes"))["items"]]
    _each(ctx.strangers, lambda a: a.get(f"{P}/programmes", org=ctx.tree.district.pk), "org")


def _programme(ctx):
    _each(ctx.strangers, lambda a: a.get(f"{P}/programmes/{ctx.plan.pk}"), "programme_id")


def _programme_create(ctx):
    _each(ctx.strangers, lambda a: a.post(f"{P}/programmes", {
        "org": ctx.tree.cell1.pk, "kind": "year", "year": 2025, "title": "KH", "adopted_on": "2025-01-05"}), "org")


def _items(ctx):
    _each(ctx.strangers, lambda a: a.get(f"{P}/programmes/{ctx.plan.pk}/items"), "programme_id")


def _item(ctx):
    _each(ctx.strangers, lambda a: a.get(f"{P}/plan-items/{ctx.item.pk}"), "item_id")


def _item_create(ctx):
    _each(ctx.strangers, lambda a: a.post(f"{P}/programmes/{ctx.plan.pk}/items", {
        "kind": "compliance", "org": ctx.tree.cell2.pk, "topic": "x"}), "programme_id")


def _cases(ctx):
    for api in ctx.outsiders:
        for params in ({}, {"q": "Nguyễn Văn An"}, {"year": 2024}):
            assert ok(api.get(f"{P}/cases", **params))["count"] == 0
    _each(ctx.strangers, lambda a: a.get(f"{P}/cases", org=ctx.tree.district.pk), "org")


def _case(ctx):
    _each(ctx.outsiders, lambda a: a.get(f"{P}/cases/{ctx.case.pk}"), "case_id")


def _case_open(ctx):
    _each(ctx.strangers, lambda a: a.post(f"{P}/cases", {
        "org": ctx.tree.district.pk, "body": "commission", "kind": "violation", "origin": "ad_hoc", "topic": "x",
        "decided_on": "2024-03-01", "subject_members": [ctx.an.pk]}), "org")


def _step(ctx):
    _each(ctx.outsiders, lambda a: a.post(f"{P}/cases/{ctx.case.pk}/steps", {"step": "plan",
                                                                              "date": "2024-03-05"}), "case_id")


def _conclude(ctx):
    _each(ctx.outsiders, lambda a: a.post(f"{P}/cases/{ctx.case.pk}/conclude", {
        "conclusion": "Không vi phạm", "concluded_on": "2024-05-01", "violation_found": False}), "case_id")


def _follow_up(ctx):
    _each(ctx.outsiders, lambda a: a.post(f"{P}/cases/{ctx.case.pk}/follow-ups", {
        "recommendation": "x", "due_on": "2024-06-30", "org": ctx.tree.cell1.pk}), "case_id")


def _follow_up_close(ctx):
    _each(ctx.outsiders, lambda a: a.post(f"{P}/cases/{ctx.case.pk}/follow-ups/{ctx.follow.pk}/close", {
        "done_on": "2024-07-01"}), "case_id")


def _letters(ctx):
    for api in ctx.outsiders:
        for params in ({}, {"q": "Nguyễn Văn An"}, {"status": "received"}):
            assert ok(api.get(f"{P}/denunciations", **params))["count"] == 0
    _each(ctx.strangers, lambda a: a.get(f"{P}/denunciations", org=ctx.tree.district.pk), "org")


def _letter(ctx):
    _each(ctx.outsiders, lambda a: a.get(f"{P}/denunciations/{ctx.letter.pk}"), "denunciation_id")


def _letter_receive(ctx):
    _each(ctx.strangers, lambda a: a.post(f"{P}/denunciations", {**LETTER, "org": ctx.tree.district.pk,
                                                                 "subject_member": ctx.an.pk}), "org")


def _screen(ctx):
    _each(ctx.outsiders, lambda a: a.post(f"{P}/denunciations/{ctx.letter.pk}/screen", {"on": "2024-02-05"}),
          "denunciation_id")


def _assign(ctx):
    _each(ctx.outsiders, lambda a: a.post(f"{P}/denunciations/{ctx.screened.pk}/assign", {"case": ctx.case.pk}),
          "denunciation_id")


def _resolve(ctx):
    _each(ctx.outsiders, lambda a: a.post(f"{P}/denunciations/{ctx.letter.pk}/resolve", {
        "resolved_on": "2024-04-01", "outcome": "false", "outcome_note": "x"}), "denunciation_id")


def _proposal(ctx):
    _each(ctx.outsiders, lambda a: a.post(f"{P}/cases/{ctx.case.pk}/proposals", {
        "member": ctx.an.pk, "form": "warning", "reason": "x", "violation_from": "2023-05-01",
        "deciding_org": ctx.tree.commune.pk, "body": "standing", "proposed_on": "2024-04-20"}), "case_id")


def _vote(ctx):
    _each(ctx.outsiders, lambda a: a.post(f"{P}/proposals/{ctx.proposal.pk}/vote", {
        "voted_on": "2024-04-25", "votes_for": 8, "votes_against": 0, "eligible": 9}), "proposal_id")


def _decide(ctx):
    _each(ctx.outsiders, lambda a: a.post(f"{P}/proposals/{ctx.voted.pk}/decide", {"decided_on": "2024-04-26"}),
          "proposal_id")


def _complaint_receive(ctx):
    _each(ctx.strangers[:1], lambda a: a.post(f"{P}/complaints", {
        "org": ctx.tree.district.pk, "decision": ctx.decision.pk, "received_on": "2025-02-20"}), "org")
    # another district's commission: its own org, not the decision of a member it cannot read
    _each(ctx.strangers[1:], lambda a: a.post(f"{P}/complaints", {
        "org": ctx.tree.other_district.pk, "decision": ctx.decision.pk, "received_on": "2025-02-20"}), "decision")


def _complaint_decide(ctx):
    _each(ctx.outsiders, lambda a: a.post(f"{P}/complaints/{ctx.complaint.pk}/decide", {
        "result": "upheld", "resolved_on": "2025-04-01", "note": "x"}), "complaint_id")


OUTSIDER_CASES = {
    ("GET", "/api/inspection/programmes"): _programmes,
    ("GET", "/api/inspection/programmes/{programme_id}"): _programme,
    ("POST", "/api/inspection/programmes"): _programme_create,
    ("GET", "/api/inspection/programmes/{programme_id}/items"): _items,
    ("GET", "/api/inspection/plan-items/{item_id}"): _item,
    ("POST", "/api/inspection/programmes/{programme_id}/items"): _item_create,
    ("GET", "/api/inspection/cases"): _cases,
    ("GET", "/api/inspection/cases/{case_id}"): _case,
    ("POST", "/api/inspection/cases"): _case_open,
    ("POST", "/api/inspection/cases/{case_id}/steps"): _step,
    ("POST", "/api/inspection/cases/{case_id}/conclude"): _conclude,
    ("POST", "/api/inspection/cases/{case_id}/follow-ups"): _follow_up,
    ("POST", "/api/inspection/cases/{case_id}/follow-ups/{follow_up_id}/close"): _follow_up_close,
    ("GET", "/api/inspection/denunciations"): _letters,
    ("GET", "/api/inspection/denunciations/{denunciation_id}"): _letter,
    ("POST", "/api/inspection/denunciations"): _letter_receive,
    ("POST", "/api/inspection/denunciations/{denunciation_id}/screen"): _screen,
    ("POST", "/api/inspection/denunciations/{denunciation_id}/assign"): _assign,
    ("POST", "/api/inspection/denunciations/{denunciation_id}/resolve"): _resolve,
    ("POST", "/api/inspection/cases/{case_id}/proposals"): _proposal,
    ("POST", "/api/inspection/proposals/{proposal_id}/vote"): _vote,
    ("POST", "/api/inspection/proposals/{proposal_id}/decide"): _decide,
    ("POST", "/api/inspection/complaints"): _complaint_receive,
    ("POST", "/api/inspection/complaints/{complaint_id}/decide"): _complaint_decide,
}


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_gets_404_and_nothing_changes(admin, key):
    ctx = Ctx(admin)
    before = state()
    OUTSIDER_CASES[key](ctx)
    assert state() == before
