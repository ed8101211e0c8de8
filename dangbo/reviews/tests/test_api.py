"""/api/reviews/…: campaigns, assessments through their steps, approval of a whole level, registrations, plans and
streaks — the happy paths, the refusals in the API's one error shape, and every path tried from outside the
scope (``OUTSIDER_CASES``, collected by the meta-test in orgs/tests/test_api.py)."""

import datetime as dt
import json

import pytest

from dangbo.accounts.tests.test_api_auth import Api, assert_error, db_state
from dangbo.core.testing import Role, user_with
from dangbo.members.services import discipline_record
from dangbo.reviews import services
from dangbo.reviews.choices import Level, Status
from dangbo.reviews.models import Assessment, RemediationPlan, ReviewCampaign, TargetRegistration

pytestmark = pytest.mark.django_db
D = dt.date


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content.decode()
    body = response.json()
    return [row["id"] for row in (body["items"] if isinstance(body, dict) else body)]


def review_state():
    return (list(Assessment.objects.order_by("pk").values_list(
                "status", "self_level", "proposed_level", "final_level", "marks", "pointed_review")),
            list(ReviewCampaign.objects.order_by("pk").values_list("pk", "year", "org_id")),
            list(TargetRegistration.objects.values_list("pk", "level")),
            list(RemediationPlan.objects.values_list("pk", "submitted_on")))


# --- out of scope: a cell secretary of cell2 against cell1 (a sibling), its commune and another district -------


class Ctx:
    def __init__(self, tree):
        t = self.tree = tree
        self.member = tree.member("Phan Văn Bí Mật", org=t.cell1)
        self.own = tree.member("Đỗ Văn Dũng", org=t.cell2)
        self.far = tree.member("Lê Văn Xa", org=t.other_cell)
        years = range(2020, 2025)
        for year in years:
            services.campaign_open(actor=t.actor, org=t.province, year=year, opens_on=D(year, 12, 1))
        self.sibling_campaign = services.campaign_open(actor=t.actor, org=t.cell1, year=2019,
                                                       opens_on=D(2019, 12, 1))
        self.far_campaign = services.campaign_open(actor=t.actor, org=t.other_district, year=2019,
                                                   opens_on=D(2019, 12, 1))
        excellent = {"status": Status.APPROVED, "final_level": Level.EXCELLENT}
        Assessment.objects.filter(member=self.member, year__in=years).update(**excellent)
        Assessment.objects.filter(subject_org=t.cell1, year__in=years).update(**excellent)
        self.assessment = Assessment.objects.get(member=self.member, year=2024)
        services.pointed_review_set(actor=t.actor, assessment=self.assessment, note="Chưa gương mẫu")
        self.assessment.refresh_from_db()
        self.draft = Assessment.objects.get(member=self.member, year=2019)  # pending before the commune
        Assessment.objects.filter(pk=self.draft.pk).update(status=Status.PROPOSED, final_level="",
                                                           proposed_level=Level.GOOD)
        self.outsider = Api(user_with(Role.CELL_SECRETARY, org=t.cell2))


def _never_named(ctx, response):
    assert response.status_code == 200, response.content.decode()
    body = json.dumps(response.json(), ensure_ascii=False)
    assert "Bí Mật" not in body and ctx.tree.cell1.name not in body and "Lê Văn Xa" not in body


def _campaigns(ctx):
    seen = ids(ctx.outsider.get("/api/reviews/campaigns"))
    assert ctx.sibling_campaign.pk not in seen and ctx.far_campaign.pk not in seen
    assert ids(ctx.outsider.get("/api/reviews/campaigns", year=2019)) == []


def _campaign_open(ctx):
    t = ctx.tree
    for org in (t.cell1, t.commune, t.other_district):
        body = {"org_id": org.pk, "year": 2025, "opens_on": "2025-12-01"}
        assert_error(ctx.outsider.post("/api/reviews/campaigns", body), 404, "out_of_scope", "org_id")


def _assessments(ctx):
    _never_named(ctx, ctx.outsider.get("/api/reviews/assessments", page_size=500))
    _never_named(ctx, ctx.outsider.get("/api/reviews/assessments", year=2024, status="approved"))
    for org in (ctx.tree.cell1, ctx.tree.commune):
        assert_error(ctx.outsider.get("/api/reviews/assessments", org=org.pk), 404, "out_of_scope", "org")


def _assessment(ctx):
    far = Assessment.objects.get(member=ctx.far, year=2024)
    for a in (ctx.assessment, far, Assessment.objects.get(subject_org=ctx.tree.commune, year=2024)):
        assert_error(ctx.outsider.get(f"/api/reviews/assessments/{a.pk}"), 404, "out_of_scope")


def _self(ctx):
    assert_error(ctx.outsider.post(f"/api/reviews/assessments/{ctx.draft.pk}/self", {"level": "good"}), 404,
                 "out_of_scope")


def _propose(ctx):
    body = {"level": "good", "marks": {"nhiem_vu": "tot"}}
    assert_error(ctx.outsider.post(f"/api/reviews/assessments/{ctx.draft.pk}/propose", body), 404, "out_of_scope")


def _approve(ctx):
    t = ctx.tree
    for org in (t.commune, t.other_commune, t.cell1):
        assert_error(ctx.outsider.post("/api/reviews/approve", {"approver_id": org.pk, "year": 2019}), 404,
                     "out_of_scope", "approver_id")


def _reopen(ctx):
    body = {"reason": "Sai sót"}
    assert_error(ctx.outsider.post(f"/api/reviews/assessments/{ctx.assessment.pk}/reopen", body), 404,
                 "out_of_scope")


def _pointed(ctx):
    body = {"note": "Gợi ý kiểm điểm"}
    assert_error(ctx.outsider.post(f"/api/reviews/assessments/{ctx.draft.pk}/pointed", body), 404, "out_of_scope")


def _registrations(ctx):
    body = {"year": 2025, "level": "good", "registered_on": "2025-01-10"}
    assert_error(ctx.outsider.post("/api/reviews/registrations", {**body, "member_id": ctx.member.pk}), 404,
                 "out_of_scope", "member_id")
    assert_error(ctx.outsider.post("/api/reviews/registrations", {**body, "org_id": ctx.tree.cell1.pk}), 404,
                 "out_of_scope", "org_id")


def _plans(ctx):
    _never_named(ctx, ctx.outsider.get("/api/reviews/plans", year=2024))
    assert_error(ctx.outsider.get("/api/reviews/plans", year=2024, org=ctx.tree.cell1.pk), 404, "out_of_scope",
                 "org")


def _streaks(ctx):
    _never_named(ctx, ctx.outsider.get("/api/reviews/streaks", year=2024, years=5))
    assert_error(ctx.outsider.get("/api/reviews/streaks", year=2024, org=ctx.tree.cell1.pk), 404, "out_of_scope",
                 "org")


OUTSIDER_CASES = {
    ("GET", "/api/reviews/campaigns"): _campaigns,
    ("POST", "/api/reviews/campaigns"): _campaign_open,
    ("GET", "/api/reviews/assessments"): _assessments,
    ("GET", "/api/reviews/assessments/{assessment_id}"): _assessment,
    ("POST", "/api/reviews/assessments/{assessment_id}/self"): _self,
    ("POST", "/api/reviews/assessments/{assessment_id}/propose"): _propose,
    ("POST", "/api/reviews/approve"): _approve,
    ("POST", "/api/reviews/assessments/{assessment_id}/reopen"): _reopen,
    ("POST", "/api/reviews/assessments/{assessment_id}/pointed"): _pointed,
    ("POST", "/api/reviews/registrations"): _registrations,
    ("GET", "/api/reviews/plans"): _plans,
    ("GET", "/api/reviews/streaks"): _streaks,
}


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_gets_404_and_nothing_changes(tree, key):
    ctx = Ctx(tree)
    before = (db_state(), review_state())
    OUTSIDER_CASES[key](ctx)
    assert (db_state(), review_state()) == before


def test_the_same_reads_are_visible_in_scope(tree):
    """The outsider cases above are not empty by accident: the commune's own users see what they hide."""
    ctx = Ctx(tree)
    insider = Api(user_with(Role.ORG_COMMISSION, org=tree.commune))
    body = json.dumps(insider.get("/api/reviews/plans", year=2024).json(), ensure_ascii=False)
    assert "Phan Văn Bí Mật" in body
    body = json.dumps(insider.get("/api/reviews/streaks", year=2024).json(), ensure_ascii=False)
    assert "Phan Văn Bí Mật" in body and tree.cell1.name in body
    assert ctx.assessment.pk in ids(insider.get("/api/reviews/assessments", year=2024, page_size=500))
    assert ctx.sibling_campaign.pk in ids(insider.get("/api/reviews/campaigns", year=2019))


# --- happy paths and refusals --------------------------------------------------------------------------------


@pytest.fixture
def cell(tree, admin):
    names = ["Nguyễn Văn An", "Trần Văn Bình", "Lê Văn Cường", "Phạm Văn Dũng", "Hoàng Văn Em", "Vũ Văn Phong"]
    return [tree.member(n, org=tree.cell1) for n in names]


def open_2024(api, tree) -> dict:
    response = api.post("/api/reviews/campaigns", {"org_id": tree.district.pk, "year": 2024,
                                                   "opens_on": "2024-11-15", "cell_deadline": "2024-12-15"})
    assert response.status_code == 201, response.content.decode()
    return response.json()


def test_campaign_open_and_list(tree, cell):
    commission = Api(user_with(Role.ORG_COMMISSION, org=tree.district))
    body = open_2024(commission, tree)
    assert (body["year"], body["regulation"], body["org_name"], body["cell_deadline"]) == (
        2024, "124-QĐ/TW", "Đảng bộ huyện Lạc Dương", "2024-12-15")
    assert body["added"] == 6 + 4  # six members; commune, two cells, the agency
    assert open_2024(commission, tree)["added"] == 0
    assert ids(commission.get("/api/reviews/campaigns")) == [body["id"]]
    secretary = Api(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    assert ids(secretary.get("/api/reviews/campaigns", year=2024)) == [body["id"]]  # the campaign over its cell
    assert_error(commission.post("/api/reviews/campaigns", {"org_id": tree.district.pk, "year": 2024,
                                                            "opens_on": "2023-01-01"}), 400, field="opens_on")
    assert_error(commission.post("/api/reviews/campaigns", {"org_id": tree.district.pk, "year": 2017,
                                                            "opens_on": "2017-12-01"}), 422, "validation", "year")
    inspector = Api(user_with(Role.INSPECTION, org=tree.district))
    assert_error(inspector.post("/api/reviews/campaigns", {"org_id": tree.district.pk, "year": 2024,
                                                           "opens_on": "2024-11-15"}), 403, "forbidden", "org_id")


def test_assessments_list_filters_and_pages(tree, admin, cell):
    api = Api(admin)
    open_2024(api, tree)
    page = api.get("/api/reviews/assessments", year=2024, org=tree.cell1.pk, subject="member", page_size=4).json()
    assert (page["count"], page["pages"], len(page["items"])) == (6, 2, 4)
    first = page["items"][0]
    assert (first["member_name"], first["org_name"], first["status"], first["final_level"]) == (
        "Nguyễn Văn An", "Chi bộ thôn Đạ Nghịt", "draft", None)
    assert first["approver_id"] == tree.commune.pk
    orgs = api.get("/api/reviews/assessments", year=2024, subject="org").json()["items"]
    assert {o["subject_org_name"] for o in orgs} == {"Đảng bộ xã Đạ Sar", "Chi bộ thôn Đạ Nghịt",
                                                     "Chi bộ thôn Păng Tiêng", "Chi bộ Phòng Giáo dục"}
    assert api.get("/api/reviews/assessments", year=2024, status="approved").json()["count"] == 0
    detail = api.get(f"/api/reviews/assessments/{first['id']}").json()
    assert detail["criteria_set"] == "dv-thon-124" and "nhiem_vu" in [c["code"] for c in detail["criteria"]]
    assert_error(api.get("/api/reviews/assessments", status="done"), 422, "validation", "status")


def test_self_propose_approve_reopen_and_pointed(tree, admin, cell):
    open_2024(Api(admin), tree)
    mine = Assessment.objects.get(member=cell[0], year=2024)
    me = Api(user_with(Role.MEMBER, member=cell[0]))
    response = me.post(f"/api/reviews/assessments/{mine.pk}/self", {"level": "excellent", "self_comment": "Tốt"})
    assert response.status_code == 200, response.content.decode()
    assert (response.json()["self_level"], response.json()["status"]) == ("excellent", "self")
    other = Assessment.objects.get(member=cell[1], year=2024)
    assert_error(me.post(f"/api/reviews/assessments/{other.pk}/self", {"level": "good"}), 404, "out_of_scope")
    assert_error(me.post(f"/api/reviews/assessments/{mine.pk}/propose", {"level": "good"}), 403, "forbidden")

    secretary = Api(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    refused = secretary.post(f"/api/reviews/assessments/{other.pk}/propose",
                             {"level": "good", "marks": {"nhiem_vu": "kem"}})
    body = assert_error(refused, 400, "R5", "level")
    assert "Trần Văn Bình" in body["message"] and body["citation"].startswith("124-QĐ/TW")
    assert Assessment.objects.get(pk=other.pk).status == Status.DRAFT
    assert_error(secretary.post(f"/api/reviews/assessments/{other.pk}/propose", {"level": "good",
                                                                                 "marks": {"x": "giỏi"}}),
                 422, "validation")
    for i, a in enumerate(Assessment.objects.filter(year=2024, org=tree.cell1, subject="member").order_by("pk")):
        level = "excellent" if i < 2 else "good"
        marks = dict.fromkeys(("chinh_tri", "ky_luat", "nhiem_vu", "cam_ket", "cu_tru"), "xs") if i < 2 else {}
        response = secretary.post(f"/api/reviews/assessments/{a.pk}/propose",
                                  {"level": level, "marks": marks, "on": "2024-12-10"})
        assert response.status_code == 200, response.content.decode()
    assert response.json()["proposed_on"] == "2024-12-10"

    assert_error(secretary.post("/api/reviews/approve", {"approver_id": tree.commune.pk, "year": 2024}), 404,
                 "out_of_scope", "approver_id")
    committee = Api(user_with(Role.ORG_COMMISSION, org=tree.commune))
    quota = assert_error(committee.post("/api/reviews/approve", {"approver_id": tree.commune.pk, "year": 2024}),
                         400, "R4-QUOTA")
    assert "vượt mức tối đa 1" in quota["message"]
    assert not Assessment.objects.filter(status=Status.APPROVED).exists()
    half = {"reason": "Thành tích nổi trội", "decision_number": "", "decision_date": "2024-12-20"}
    assert_error(committee.post("/api/reviews/approve", {"approver_id": tree.commune.pk, "year": 2024,
                                                         "exception": half}), 400, None, "exception_number")
    response = committee.post("/api/reviews/approve", {"approver_id": tree.commune.pk, "year": 2024,
                                                       "levels": {str(mine.pk): "good"}, "on": "2024-12-20"})
    assert response.status_code == 200 and response.json() == {"approved": 6}
    assert Assessment.objects.get(pk=mine.pk).final_level == Level.GOOD

    assert_error(secretary.post(f"/api/reviews/assessments/{mine.pk}/reopen", {"reason": "Sai"}), 403, "forbidden")
    assert_error(committee.post(f"/api/reviews/assessments/{mine.pk}/reopen", {"reason": " "}), 400, field="reason")
    reopened = committee.post(f"/api/reviews/assessments/{mine.pk}/reopen", {"reason": "Sai sót"}).json()
    assert (reopened["status"], reopened["final_level"]) == ("proposed", None)

    pointed = committee.post(f"/api/reviews/assessments/{other.pk}/pointed", {"note": "Chưa gương mẫu"})
    assert pointed.status_code == 200 and pointed.json()["pointed_review"] is True
    plans = committee.get("/api/reviews/plans", year=2024, on="2025-03-01").json()["items"]
    assert [(p["member_name"], p["reason"], p["due_on"], p["is_late"]) for p in plans] == [
        ("Trần Văn Bình", "pointed_review", "2025-02-14", True)]
    assert committee.get("/api/reviews/plans", year=2024, on="2025-02-14").json()["items"][0]["is_late"] is False


def test_discipline_blocks_a_proposal_with_its_rule(tree, admin, cell):
    open_2024(Api(admin), tree)
    discipline_record(actor=admin, member=cell[2], form="reprimand", date=D(2024, 5, 1), decided_by="Chi bộ",
                      reason="x")
    a = Assessment.objects.get(member=cell[2], year=2024)
    body = assert_error(Api(admin).post(f"/api/reviews/assessments/{a.pk}/propose", {"level": "good"}), 400, "R-KL")
    assert "kỷ luật" in body["message"]


def test_366_score_entry_over_the_api(tree, admin, cell):
    services.campaign_open(actor=admin, org=tree.district, year=2025, opens_on=D(2025, 11, 15))
    a = Assessment.objects.get(member=cell[0], year=2025)
    api = Api(admin)
    assert_error(api.post(f"/api/reviews/assessments/{a.pk}/propose", {"level": "good", "score": 120}), 422,
                 "validation", "score")
    ok = api.post(f"/api/reviews/assessments/{a.pk}/propose",
                  {"level": "good", "score": "86.5", "tasks_total": 10, "tasks_on_time": 10})
    assert ok.status_code == 200, ok.content.decode()
    assert (ok.json()["score"], ok.json()["tasks_on_time"]) == ("86.5", 10)


def test_registrations(tree, admin, cell):
    secretary = Api(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    body = {"year": 2025, "level": "excellent", "registered_on": "2025-01-10"}
    response = secretary.post("/api/reviews/registrations", {**body, "member_id": cell[0].pk})
    assert response.status_code == 201
    assert (response.json()["org_id"], response.json()["level"]) == (tree.cell1.pk, "excellent")
    assert secretary.post("/api/reviews/registrations", {**body, "org_id": tree.cell1.pk}).status_code == 201
    assert_error(secretary.post("/api/reviews/registrations", body), 400, field="member_id")
    assert_error(secretary.post("/api/reviews/registrations", {**body, "member_id": cell[0].pk,
                                                                "org_id": tree.cell1.pk}), 400, field="member_id")
    assert_error(secretary.post("/api/reviews/registrations", {**body, "member_id": cell[0].pk,
                                                                "registered_on": "2020-01-01"}), 400,
                 field="registered_on")
    inspector = Api(user_with(Role.INSPECTION, org=tree.district))
    assert_error(inspector.post("/api/reviews/registrations", {**body, "member_id": cell[1].pk}), 403, "forbidden",
                 "member_id")
    assert TargetRegistration.objects.count() == 2


def test_streaks_over_the_api(tree, admin, cell):
    years = range(2020, 2025)
    for year in years:
        services.campaign_open(actor=admin, org=tree.district, year=year, opens_on=D(year, 12, 1))
    Assessment.objects.filter(member=cell[0], year__in=years).update(status=Status.APPROVED,
                                                                    final_level=Level.EXCELLENT)
    Assessment.objects.filter(member=cell[1], year__in=years[2:]).update(status=Status.APPROVED,
                                                                        final_level=Level.EXCELLENT)
    api = Api(admin)
    rows = api.get("/api/reviews/streaks", year=2024, org=tree.commune.pk).json()
    assert rows == [{"subject": "member", "id": cell[0].pk, "name": "Nguyễn Văn An",
                     "unit_name": "Chi bộ thôn Đạ Nghịt", "length": 5, "first_year": 2020, "last_year": 2024,
                     "years": [2020, 2021, 2022, 2023, 2024]}]
    assert [r["name"] for r in api.get("/api/reviews/streaks", year=2024, years=3).json()] == [
        "Nguyễn Văn An", "Trần Văn Bình"]
    assert_error(api.get("/api/reviews/streaks", years=0), 422, "validation", "years")
