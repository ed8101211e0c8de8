"""/api/admissions/{plans,probations,screening,badges}: the committees' work through the API with the user of each
level — quotas set by the direct superior, recognition and striking off by the competent committee, the screening
decided by the member's cell, the Huy hiệu list and its XLSX; another level 403, bad input naming the field in
Vietnamese with nothing changed; every path tried from outside the scope (``OUTSIDER_CASES``, collected by the
meta-test in orgs/tests/test_api.py)."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from dangbo.accounts.tests.test_api_auth import Api, assert_error, db_state
from dangbo.admissions.models import AdmissionPlan, ScreeningDecision
from dangbo.admissions.tests.test_api import ok, token_api
from dangbo.admissions.tests.test_screening import absent, owing
from dangbo.core.testing import Role, Tree, user_with
from dangbo.members.choices import MemberStatus

pytestmark = pytest.mark.django_db
D = dt.date
A = "/api/admissions"


def state():
    return (db_state(),
            list(AdmissionPlan.objects.order_by("pk").values_list("pk", "org_id", "year", "quota", "decided_on")),
            list(ScreeningDecision.objects.order_by("pk").values_list("pk", "member_id", "outcome")))


class World:
    """Cell 1's secretary, the commune's and the district's organisation commission, the commune's inspection;
    two probationary members of cell 1 admitted on 01/03/2024 and a member of cell 2 absent without reason."""

    def __init__(self, tree):
        self.tree = t = tree
        self.secretary = user_with(Role.CELL_SECRETARY, org=t.cell1)
        self.commune = user_with(Role.ORG_COMMISSION, org=t.commune)
        self.district = user_with(Role.ORG_COMMISSION, org=t.district)
        self.inspector = user_with(Role.INSPECTION, org=t.commune)
        self.hai = t.member("Hoàng Văn Hải", org=t.cell1, admitted=D(2024, 3, 1), official=None)
        self.quy = t.member("Đào Văn Quý", org=t.cell1, admitted=D(2024, 3, 1), official=None)
        self.away = t.member("Vi Văn Vắng", org=t.cell2)
        absent(self.away, t.cell2, [D(2024, 9, 3), D(2024, 12, 3), D(2025, 2, 3)])


@pytest.fixture
def world(tree):
    return World(tree)


RECOGNITION = {"vote_on": "2025-03-10", "yes": 2, "eligible": 3, "decision_ref": "QĐ 77-QĐ/HU",
               "decided_on": "2025-03-20"}
STRIKE_OFF = {"decided_on": "2025-03-20", "decision_ref": "QĐ 79-QĐ/HU", "reason": "Không tiến bộ."}


# --- plans ---------------------------------------------------------------------------------------------------------


def test_quotas_set_top_down_and_read_with_their_progress(world):
    t = world.tree
    district, commune, cell = (token_api(u) for u in (world.district, world.commune, world.secretary))
    plan = {"year": 2025, "decided_on": "2025-01-10", "document_ref": "NQ 05-NQ/HU"}
    body = ok(district.post(f"{A}/plans", {**plan, "org_id": t.commune.pk, "quota": 3}))
    assert body == {"org_id": t.commune.pk, "year": 2025, "quota": 3, "decided_on": "2025-01-10",
                    "document_ref": "NQ 05-NQ/HU"}
    ok(commune.post(f"{A}/plans", {**plan, "org_id": t.cell1.pk, "quota": 2}))
    ok(commune.post(f"{A}/plans", {**plan, "org_id": t.cell1.pk, "quota": 4}))  # set again: the same row
    assert AdmissionPlan.objects.filter(org=t.cell1, year=2025).get().quota == 4
    for name in ("Hoàng Văn Mới", "Lý Thị Hoa"):
        t.member(name, org=t.cell1, admitted=D(2025, 5, 19), official=None)
    body = ok(commune.get(f"{A}/plans", org=t.commune.pk, year=2025))
    assert (body["org_id"], body["year"], body["may_set"], body["plan"]["quota"]) == (t.commune.pk, 2025, True, 3)
    assert body["progress"] == {"admitted": 2, "planned": 3, "percent": 66.7}
    rows = {r["org_id"]: r for r in body["children"]}
    assert rows[t.cell1.pk]["plan"]["quota"] == 4 and rows[t.cell1.pk]["progress"] == {
        "admitted": 2, "planned": 4, "percent": 50.0}
    assert rows[t.cell2.pk] == {"org_id": t.cell2.pk, "org_name": t.cell2.name, "plan": None,
                                "progress": {"admitted": 0, "planned": None, "percent": None}}
    mine = ok(cell.get(f"{A}/plans", org=t.cell1.pk, year=2025))
    assert (mine["may_set"], mine["plan"]["quota"], mine["children"]) == (False, 4, [])


def test_a_quota_is_the_superiors_and_bad_input_names_the_field(world):
    t = world.tree
    commune = Api(world.commune)
    plan = {"org_id": t.cell1.pk, "year": 2025, "quota": 2, "decided_on": "2025-01-10"}
    before = state()
    # the commune sets its cells' quotas, not its own; the cell none
    refused = assert_error(commune.post(f"{A}/plans", {**plan, "org_id": t.commune.pk}), 403, "PLAN")
    assert "cấp ủy cấp trên trực tiếp" in refused["message"] and refused["citation"]
    assert_error(Api(world.secretary).post(f"{A}/plans", plan), 403, "PLAN")
    assert_error(Api(world.inspector).post(f"{A}/plans", plan), 403)
    refused = assert_error(commune.post(f"{A}/plans", {**plan, "quota": -1}), 422, "validation", "quota")
    assert refused["message"].startswith("Chỉ tiêu kết nạp (quota)")
    assert_error(commune.post(f"{A}/plans", {**plan, "decided_on": "10/01/2025"}), 422, field="decided_on")
    assert_error(commune.post(f"{A}/plans", {**plan, "year": 2027}), 400, field="year")
    assert_error(commune.post(f"{A}/plans", {k: v for k, v in plan.items() if k != "quota"}), 422, field="quota")
    assert_error(commune.get(f"{A}/plans", org=t.commune.pk, year=1800), 422, field="year")
    assert_error(commune.get(f"{A}/plans"), 422, field="org")
    assert state() == before


# --- probations ----------------------------------------------------------------------------------------------------


def test_probations_due_recognized_and_struck_off(world):
    t = world.tree
    district = token_api(world.district)
    body = ok(Api(world.commune).get(f"{A}/probations", org=t.commune.pk, on="2025-03-10"))
    assert body["count"] == 2
    row = next(r for r in body["items"] if r["member_id"] == world.hai.pk)
    assert row == {**row, "full_name": "Hoàng Văn Hải", "org_id": t.cell1.pk, "org_name": t.cell1.name,
                   "admitted_on": "2024-03-01", "ends_on": "2025-03-01", "overdue": False}
    assert row["vote_due"] > "2025-03-01"
    done = ok(district.post(f"{A}/probations/{world.hai.pk}/recognition", RECOGNITION), 201)
    assert done == {"member_id": world.hai.pk, "status": "official", "official_on": "2025-03-01", "notices": []}
    off = ok(district.post(f"{A}/probations/{world.quy.pk}/strike-off", STRIKE_OFF), 201)
    assert off == {"member_id": world.quy.pk, "status": MemberStatus.STRUCK_OFF}
    assert ok(district.get(f"{A}/probations", org=t.commune.pk, on="2025-03-10"))["count"] == 0


def test_a_late_recognition_comes_back_with_its_notice(world):
    district = Api(world.district)
    late = {**RECOGNITION, "vote_on": "2025-05-05", "decided_on": "2025-05-20"}
    before = state()
    refused = assert_error(district.post(f"{A}/probations/{world.hai.pk}/recognition", late), 400, "M7", "note")
    assert "hạn 14/04/2025" in refused["message"]
    assert state() == before
    body = ok(district.post(f"{A}/probations/{world.hai.pk}/recognition",
                            {**late, "note": "Đồng chí đi học dài hạn."}), 201)
    [notice] = body["notices"]
    assert notice["rule"] == "M7" and notice["citation"] and body["official_on"] == "2025-03-01"


def test_probation_decisions_are_the_competent_committees_and_bad_input_names_the_field(world):
    hai, quy = (f"{A}/probations/{m.pk}" for m in (world.hai, world.quy))
    district = Api(world.district)
    before = state()
    for user in (world.secretary, world.commune, world.inspector):
        api = Api(user)
        refused = assert_error(api.post(f"{hai}/recognition", RECOGNITION), 403, "M5-power")
        assert "cấp ủy cấp trên của Đảng bộ xã Đạ Sar" in refused["message"]
        assert_error(api.post(f"{quy}/strike-off", STRIKE_OFF), 403, "M5-power")
    refused = assert_error(district.post(f"{hai}/recognition", {**RECOGNITION, "yes": 1}), 400, "M8", "yes")
    assert refused["citation"]
    refused = assert_error(district.post(f"{hai}/recognition", {**RECOGNITION, "eligible": 0}), 422, field="eligible")
    assert refused["message"].startswith("Tổng số đảng viên chính thức (eligible)")
    assert_error(district.post(f"{hai}/recognition", {**RECOGNITION, "decision_ref": " "}), 400,
                 field="decision_ref")
    assert_error(district.post(f"{hai}/recognition", {**RECOGNITION, "vote_on": "10/03/2025"}), 422,
                 field="vote_on")
    assert_error(district.post(f"{quy}/strike-off", {**STRIKE_OFF, "reason": " "}), 400, field="reason")
    refused = assert_error(district.post(f"{quy}/strike-off", {k: v for k, v in STRIKE_OFF.items()
                                                               if k != "reason"}), 422, field="reason")
    assert refused["message"].startswith("Lý do (reason)")
    # an official member is no probationary one
    assert_error(district.post(f"{A}/probations/{world.away.pk}/strike-off", STRIKE_OFF), 400, field="member")
    assert_error(district.get(f"{A}/probations", org=world.tree.commune.pk, on="2025-13-01"), 422, field="on")
    assert state() == before


# --- screening -----------------------------------------------------------------------------------------------------


def test_screening_listed_and_decided(world):
    t = world.tree
    commune = token_api(world.commune)
    body = ok(commune.get(f"{A}/screening", org=t.commune.pk, on="2025-05-01"))
    rows = {r["member_id"]: r for r in body["items"]}
    assert rows[world.away.pk] == {"member_id": world.away.pk, "full_name": "Vi Văn Vắng", "org_id": t.cell2.pk,
                                   "org_name": t.cell2.name, "status": "official",
                                   "reasons": ["Vắng sinh hoạt không lý do 3 lần trong 12 tháng."]}
    decided = ok(commune.post(f"{A}/screening/{world.away.pk}", {
        "outcome": "strike_off", "decided_on": "2025-05-10", "reasons": rows[world.away.pk]["reasons"][0],
        "decision_ref": "QĐ 5-QĐ/ĐU"}), 201)
    assert (decided["member_id"], decided["outcome"], decided["outcome_name"], decided["decided_on"]) == (
        world.away.pk, "strike_off", "Xóa tên", "2025-05-10")
    world.away.refresh_from_db()
    assert world.away.status == MemberStatus.STRUCK_OFF
    after = ok(commune.get(f"{A}/screening", org=t.commune.pk, on="2025-05-01"))
    assert world.away.pk not in {r["member_id"] for r in after["items"]}


def test_screening_lists_dues_unpaid_without_reason(world):
    t = world.tree
    debtor = t.member("Đinh Văn Nợ", org=t.cell1)
    owing(debtor, t.actor, t.cell1, {2, 3, 4})
    body = ok(token_api(world.commune).get(f"{A}/screening", org=t.commune.pk, on="2025-05-01"))
    rows = {r["member_id"]: r for r in body["items"]}
    assert rows[debtor.pk]["reasons"] == ["Không đóng đảng phí 3 tháng không có lý do (tháng 02/2025, 03/2025, "
                                          "04/2025)."]


def test_screening_is_the_cells_and_bad_input_names_the_field(world):
    url = f"{A}/screening/{world.away.pk}"
    keep = {"outcome": "keep", "decided_on": "2025-05-10", "reasons": "Vắng sinh hoạt."}
    commune = Api(world.commune)
    before = state()
    assert_error(Api(world.inspector).post(url, {**keep, "note": "Giáo dục."}), 403, "forbidden")
    refused = assert_error(commune.post(url, keep), 400, field="note")
    assert "lý do" in refused["message"]
    assert_error(commune.post(url, {**keep, "outcome": "strike_off"}), 400, field="decision_ref")
    refused = assert_error(commune.post(url, {**keep, "outcome": "forgive"}), 422, field="outcome")
    assert refused["message"].startswith("Kết quả rà soát (outcome)")
    assert_error(commune.post(url, {**keep, "reasons": " ", "note": "x"}), 400, field="reasons")
    assert_error(commune.get(f"{A}/screening", org=world.tree.commune.pk, on="01/05/2025"), 422, field="on")
    assert state() == before


# --- Huy hiệu ------------------------------------------------------------------------------------------------------


def test_badges_listed_and_downloaded_as_xlsx(admin):
    tree = Tree(admin, founded=D(1970, 1, 1))
    young = tree.member("Phạm Văn Trẻ", org=tree.cell1, admitted=D(1996, 1, 5), official=D(1997, 1, 5),
                        born=D(1975, 5, 1))
    tree.member("Ngô Văn Xa", org=tree.other_cell, admitted=D(1996, 1, 5), official=D(1997, 1, 5),
                born=D(1970, 5, 1))
    api = token_api(user_with(Role.ORG_COMMISSION, org=tree.commune))
    body = ok(api.get(f"{A}/badges", org=tree.commune.pk, on="2026-02-03"))
    assert body["count"] == 1
    assert body["items"][0] == {"member_id": young.pk, "full_name": "Phạm Văn Trẻ", "org_id": tree.cell1.pk,
                                "org_name": tree.cell1.name, "date_of_birth": "1975-05-01",
                                "admitted_on": "1996-01-05", "years": 30, "reached_on": "2026-01-05",
                                "seniority_years": 30, "seniority_months": 0}
    response = api.get(f"{A}/badges.xlsx", org=tree.commune.pk, on="2026-02-03")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "attachment" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [r for r in ws.iter_rows(values_only=True) if r and r[1] == "Phạm Văn Trẻ"]
    assert rows == [(1, "Phạm Văn Trẻ", "01/05/1975", tree.cell1.name, "05/01/1996", "30 năm", "30 năm",
                     "05/01/2026")]
    assert_error(api.get(f"{A}/badges", org=tree.commune.pk, on="03/02/2026"), 422, "validation", "on")
    assert_error(api.get(f"{A}/badges.xlsx", org=tree.commune.pk, on="03/02/2026"), 422, "validation", "on")
    assert_error(Api().get(f"{A}/badges.xlsx", org=tree.commune.pk), 401, "unauthenticated")


# --- out of scope: the secretary of cell 2 against cell 1, its commune and the other district ---------------------


class Ctx(World):
    def __init__(self, tree):
        super().__init__(tree)
        self.outsider = Api(user_with(Role.CELL_SECRETARY, org=tree.cell2))


def _plans(ctx):
    t = ctx.tree
    for org in (t.cell1, t.commune, t.other_cell):
        assert_error(ctx.outsider.get(f"{A}/plans", org=org.pk, year=2025), 404, "out_of_scope", "org")
    assert ok(ctx.outsider.get(f"{A}/plans", org=t.cell2.pk, year=2025))["org_id"] == t.cell2.pk


def _plan_set(ctx):
    for org in (ctx.tree.cell1, ctx.tree.other_cell):
        assert_error(ctx.outsider.post(f"{A}/plans", {"org_id": org.pk, "year": 2025, "quota": 9,
                                                       "decided_on": "2025-01-10"}), 404, "out_of_scope", "org_id")


def _probations(ctx):
    for org in (ctx.tree.cell1, ctx.tree.commune, ctx.tree.other_cell):
        assert_error(ctx.outsider.get(f"{A}/probations", org=org.pk, on="2025-03-10"), 404, "out_of_scope", "org")


def _recognition(ctx):
    assert_error(ctx.outsider.post(f"{A}/probations/{ctx.hai.pk}/recognition", RECOGNITION), 404, "out_of_scope")


def _strike_off(ctx):
    assert_error(ctx.outsider.post(f"{A}/probations/{ctx.quy.pk}/strike-off", STRIKE_OFF), 404, "out_of_scope")


def _screening(ctx):
    for org in (ctx.tree.cell1, ctx.tree.commune, ctx.tree.other_cell):
        assert_error(ctx.outsider.get(f"{A}/screening", org=org.pk, on="2025-05-01"), 404, "out_of_scope", "org")


def _screening_decide(ctx):
    body = {"outcome": "strike_off", "decided_on": "2025-05-10", "reasons": "x", "decision_ref": "QĐ 1"}
    assert_error(ctx.outsider.post(f"{A}/screening/{ctx.hai.pk}", body), 404, "out_of_scope")


def _badges(ctx):
    for org in (ctx.tree.cell1, ctx.tree.commune, ctx.tree.other_cell):
        assert_error(ctx.outsider.get(f"{A}/badges", org=org.pk, on="2026-02-03"), 404, "out_of_scope", "org")


def _badges_xlsx(ctx):
    for org in (ctx.tree.cell1, ctx.tree.commune, ctx.tree.other_cell):
        assert_error(ctx.outsider.get(f"{A}/badges.xlsx", org=org.pk), 404, "out_of_scope", "org")


def _seniority(ctx):
    assert_error(ctx.outsider.get(f"{A}/seniority/{ctx.hai.pk}"), 404, "out_of_scope")


OUTSIDER_CASES = {
    ("GET", "/api/admissions/seniority/{member_id}"): _seniority,
    ("GET", "/api/admissions/plans"): _plans,
    ("POST", "/api/admissions/plans"): _plan_set,
    ("GET", "/api/admissions/probations"): _probations,
    ("POST", "/api/admissions/probations/{member_id}/recognition"): _recognition,
    ("POST", "/api/admissions/probations/{member_id}/strike-off"): _strike_off,
    ("GET", "/api/admissions/screening"): _screening,
    ("POST", "/api/admissions/screening/{member_id}"): _screening_decide,
    ("GET", "/api/admissions/badges"): _badges,
    ("GET", "/api/admissions/badges.xlsx"): _badges_xlsx,
}


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_gets_404_and_nothing_changes(tree, key):
    ctx = Ctx(tree)
    before = state()
    OUTSIDER_CASES[key](ctx)
    assert state() == before
