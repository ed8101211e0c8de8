"""/api/admissions/… and /api/workdays/…: a candidate from the list to the ceremony through the API with the
token of the user of each level; the rule's refusal (400 with its code and citation), another level's step (403),
bad input naming the field, nothing changed; every path tried from outside the scope (``OUTSIDER_CASES``, collected
by the meta-test in orgs/tests/test_api.py); the list's query count."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.accounts import services as account_services
from dangbo.accounts.tests.test_api_auth import Api, assert_error, db_state
from dangbo.admissions import services
from dangbo.admissions.models import AdmissionStep, Candidate, Introduction
from dangbo.core.testing import Role, user_with

pytestmark = pytest.mark.django_db
D = dt.date
URL = "/api/admissions/candidates"
PERSON = {"full_name": "Ka Thị Hương", "date_of_birth": "2000-03-08", "gender": "F", "ethnicity": "Cơ Ho",
          "general_education": "thpt", "occupation": "Giáo viên", "source": "doan_vien",
          "groups": ["dan_toc_thieu_so", "thanh_nien"], "listed_on": "2024-09-01"}


def state():
    return (db_state(),
            list(Candidate.objects.order_by("pk").values_list("pk", "full_name", "stage", "org_id", "member_id")),
            list(AdmissionStep.objects.order_by("pk").values_list("pk", "step", "date", "passed")),
            list(Introduction.objects.order_by("pk").values_list("pk", "member_id", "replaced_on")))


def token_api(user) -> Api:
    _row, raw = account_services.token_issue(actor=user, user=user, name="máy tính")
    return Api(token=raw)


def ok(response, status=200) -> dict:
    assert response.status_code == status, response.content.decode()
    return response.json()


class World:
    """Cell 1's secretary, the commune's and the district's organisation commission; two official members of
    cell 1 who introduce; a candidate of cell 1 whose file is ready for the cell's vote."""

    def __init__(self, tree):
        self.tree = t = tree
        self.secretary = user_with(Role.CELL_SECRETARY, org=t.cell1)
        self.commune = user_with(Role.ORG_COMMISSION, org=t.commune)
        self.district = user_with(Role.ORG_COMMISSION, org=t.district)
        self.an = t.member("Nguyễn Văn An", org=t.cell1)
        self.binh = t.member("Trần Văn Bình", org=t.cell1)
        rec = services.step_record
        c = services.candidate_create(actor=t.actor, org=t.cell1, data={
            "full_name": "Lê Văn Cường", "date_of_birth": D(1998, 5, 1), "gender": "M", "general_education": "thpt",
            "listed_on": D(2024, 9, 1)})
        rec(actor=t.actor, candidate=c, step="course", date=D(2024, 10, 20), detail={"issued_on": D(2024, 10, 18)})
        rec(actor=t.actor, candidate=c, step="application", date=D(2024, 11, 1))
        rec(actor=t.actor, candidate=c, step="background", date=D(2024, 12, 2))
        for who in (self.an, self.binh):
            services.introducer_add(actor=t.actor, candidate=c, member=who, route="two_members",
                                    together_since=D(2022, 1, 1), given_on=D(2024, 12, 10))
        rec(actor=t.actor, candidate=c, step="introduction", date=D(2024, 12, 10))
        rec(actor=t.actor, candidate=c, step="comments", date=D(2024, 12, 20))
        self.ready = c
        self.c = f"{URL}/{c.pk}"


@pytest.fixture
def world(tree):
    return World(tree)


# --- the whole flow ------------------------------------------------------------------------------------------------


def test_from_the_list_to_the_ceremony_through_the_api(world):
    t = world.tree
    cell, commune, district = (token_api(u) for u in (world.secretary, world.commune, world.district))
    body = ok(cell.post(URL, {**PERSON, "org_id": t.cell1.pk, "helper_id": world.an.pk}), 201)
    assert (body["stage"], body["org_name"], body["helper_id"]) == ("preparing", t.cell1.name, world.an.pk)
    assert [n["step"] for n in body["next_steps"]] == ["course", "application", "background", "introduction",
                                                       "comments"]
    url = f"{URL}/{body['id']}"
    assert [c["id"] for c in ok(cell.get(URL, org=t.cell1.pk, q="ka huong"))["items"]] == [body["id"]]

    def step(api, step, date, status=201, **extra):
        return ok(api.post(f"{url}/steps", {"step": step, "date": date, **extra}), status)

    step(cell, "course", "2024-10-20", detail={"issued_on": "2024-10-18"}, document_ref="CN 125/TTCT")
    step(cell, "application", "2024-11-01")
    step(cell, "background", "2024-12-02", decided_by="Đảng ủy xã")
    for who in (world.an, world.binh):
        added = ok(cell.post(f"{url}/introducers", {"member_id": who.pk, "route": "two_members",
                                                    "together_since": "2022-01-01", "given_on": "2024-12-10"}), 201)
        assert added["full_name"] == who.full_name and added["replaced_on"] is None
    step(cell, "introduction", "2024-12-10")
    step(cell, "comments", "2024-12-20")
    vote = step(cell, "cell_vote", "2025-01-06", detail={"yes": 2, "eligible": 3})
    assert vote["step"]["passed"] and vote["step"]["step_name"].endswith("(6-KNĐ)") and vote["notices"] == []
    # the proposal is the commune committee's: the cell is refused naming it
    refused = assert_error(cell.post(f"{url}/steps", {"step": "grassroots", "date": "2025-01-15"}), 403, "M5-power")
    assert "Đảng bộ xã Đạ Sar" in refused["message"] and refused["citation"]
    step(commune, "grassroots", "2025-01-15", document_ref="NQ 12-NQ/ĐU")
    detail = ok(cell.get(url))
    # 60 working days from 06/01/2025, across Tết
    assert detail["next_steps"] == [{"step": "decision", "step_name": detail["next_steps"][0]["step_name"],
                                     "due": "2025-04-08"}]
    assert_error(commune.post(f"{url}/steps", {"step": "decision", "date": "2025-02-20"}), 403, "M5-power")
    step(district, "decision", "2025-02-20", document_ref="QĐ 345-QĐ/HU", decided_by="Ban Thường vụ Huyện ủy")
    assert ok(cell.get(url))["next_steps"][0] == {"step": "ceremony", "step_name": "Lễ kết nạp", "due": "2025-04-03"}
    done = step(cell, "ceremony", "2025-03-03")
    assert done["step"]["detail"]["due"] == "2025-04-03"
    detail = ok(district.get(url))
    assert detail["stage"] == "admitted" and detail["member_id"] and detail["next_steps"] == []
    assert [s["step"] for s in detail["steps"]][-4:] == ["cell_vote", "grassroots", "decision", "ceremony"]
    assert [i["member_id"] for i in detail["introducers"]] == [world.an.pk, world.binh.pk]
    assert ok(cell.get(URL, org=t.cell1.pk, stage="admitted"))["count"] == 1


def test_a_late_decision_comes_back_with_its_notice(world):
    t = world.tree
    services.step_record(actor=t.actor, candidate=world.ready, step="cell_vote", date=D(2025, 1, 6),
                         detail={"yes": 3, "eligible": 3})
    services.step_record(actor=t.actor, candidate=world.ready, step="grassroots", date=D(2025, 1, 15))
    district = Api(world.district)
    before = state()
    refused = assert_error(district.post(f"{world.c}/steps", {"step": "decision", "date": "2025-04-09"}), 400, "M5",
                           "note")
    assert "hạn 08/04/2025" in refused["message"] and refused["citation"]
    assert state() == before
    body = ok(district.post(f"{world.c}/steps", {"step": "decision", "date": "2025-04-09",
                                                 "note": "Chờ thẩm tra lý lịch ở tỉnh khác."}), 201)
    [notice] = body["notices"]
    assert notice["rule"] == "M5" and notice["citation"] and "08/04/2025" in notice["text"]


# --- refusals ------------------------------------------------------------------------------------------------------


def test_a_rule_refusal_names_its_rule_and_citation(world):
    api = Api(world.secretary)
    c = services.candidate_create(actor=world.tree.actor, org=world.tree.cell1, data={
        "full_name": "Mới", "date_of_birth": D(2000, 1, 1), "gender": "M", "general_education": "thcs",
        "listed_on": D(2024, 9, 1)})
    before = state()
    body = assert_error(api.post(f"{URL}/{c.pk}/steps", {"step": "cell_vote", "date": "2025-01-06",
                                                         "detail": {"yes": 3, "eligible": 3}}), 400, "M4", "step")
    assert "1-KNĐ" in body["message"] and "12-HD/BTCTW" in body["citation"]
    body = assert_error(api.post(f"{world.c}/steps", {"step": "cell_vote", "date": "2025-01-06",
                                                      "detail": {"yes": 5, "eligible": 3}}), 400, "M8", "yes")
    assert body["citation"]
    assert state() == before


def test_bad_input_names_the_field(world):
    t = world.tree
    api = Api(world.secretary)
    before = state()
    cases = [
        (URL, {**PERSON, "org_id": t.cell1.pk, "date_of_birth": "08/03/2000"}, 422, "date_of_birth"),
        (URL, {**PERSON, "org_id": t.cell1.pk, "groups": ["nobody"]}, 422, "groups.0"),
        (URL, {**PERSON, "org_id": t.cell1.pk, "cccd": "12345"}, 400, "cccd"),
        (URL, {**PERSON, "org_id": t.cell1.pk, "full_name": " "}, 400, "full_name"),
        (URL, {**PERSON, "org_id": t.cell1.pk, "nickname": "x"}, 422, "nickname"),
        (URL, {k: v for k, v in PERSON.items() if k != "listed_on"} | {"org_id": t.cell1.pk}, 422, "listed_on"),
        (f"{world.c}/steps", {"step": "oath", "date": "2025-01-06"}, 422, "step"),
        (f"{world.c}/steps", {"step": "course", "date": "2025-01-06", "detail": {}}, 400, "issued_on"),
        (f"{world.c}/introducers", {"member_id": world.an.pk, "route": "two_members", "together_since": "2022-01-01",
                                    "given_on": "2024-12-10"}, 400, "member"),
        (f"{world.c}/introducers", {"member_id": world.an.pk, "route": "x", "together_since": "2022-01-01",
                                    "given_on": "2024-12-10"}, 422, "route"),
    ]
    for path, body, status, field in cases:
        refused = assert_error(api.post(path, body), status, field=field)
        assert not refused["message"].isascii()
    assert_error(api.get(URL, org=t.cell1.pk, stage="x"), 422, field="stage")
    assert_error(api.get(URL), 422, field="org")
    # not a cell: the candidate belongs to a cell
    assert_error(Api(world.commune).post(URL, {**PERSON, "org_id": t.commune.pk}), 400, field="org")
    assert state() == before


def test_read_only_users_may_read_but_not_write(world):
    t = world.tree
    inspector = Api(user_with(Role.INSPECTION, org=t.commune))
    assert ok(inspector.get(world.c))["full_name"] == "Lê Văn Cường"
    before = state()
    assert_error(inspector.post(URL, {**PERSON, "org_id": t.cell1.pk}), 403, "forbidden", "org_id")
    assert_error(inspector.post(f"{world.c}/steps", {"step": "cell_vote", "date": "2025-01-06",
                                                     "detail": {"yes": 3, "eligible": 3}}), 403, "forbidden")
    assert_error(inspector.post(f"{world.c}/introducers", {"member_id": world.an.pk, "route": "two_members",
                                                           "together_since": "2022-01-01",
                                                           "given_on": "2024-12-10"}), 403, "forbidden")
    assert state() == before


def test_the_list_paginates_in_a_fixed_number_of_queries(world, django_assert_num_queries):
    t = world.tree
    api = Api(world.commune)
    for n in range(3):
        services.candidate_create(actor=t.actor, org=t.cell2 if n % 2 else t.cell1, data={
            "full_name": f"Nguyễn Văn Tư {n}", "date_of_birth": D(1999, 1, 1), "gender": "M",
            "general_education": "thpt", "listed_on": D(2025, 1, 1)})
    api.get(URL, org=t.commune.pk)  # session and scope warmed
    with CaptureQueriesContext(connection) as first:
        body = ok(api.get(URL, org=t.commune.pk, page_size=2))
    assert (body["count"], body["pages"], len(body["items"])) == (4, 2, 2)
    services.candidate_create(actor=t.actor, org=t.cell2, data={
        "full_name": "Phạm Thị Năm", "date_of_birth": D(1999, 1, 1), "gender": "F", "general_education": "thpt",
        "listed_on": D(2025, 1, 1)})
    with django_assert_num_queries(len(first)):
        body = ok(api.get(URL, org=t.commune.pk, page_size=5))
    assert body["count"] == 5 and len(body["items"]) == 5
    assert [c["full_name"] for c in ok(api.get(URL, org=t.commune.pk, q="nguyen tu"))["items"]] == [
        "Nguyễn Văn Tư 0", "Nguyễn Văn Tư 1", "Nguyễn Văn Tư 2"]


# --- the working-day calendar --------------------------------------------------------------------------------------


def test_workdays_read_by_any_signed_in_user(tree):
    api = token_api(user_with(Role.MEMBER, org=tree.cell1))
    body = ok(api.get("/api/workdays/deadline", start="2025-01-06", days=60))
    assert body["last_day"] == "2025-04-08" and body["citation"]
    year = ok(api.get("/api/workdays/2025"))
    off = {d["day"]: d for d in year["days"]}
    assert off["2025-01-29"]["kind"] == "nghỉ" and off["2025-09-02"]["kind"] == "nghỉ"
    assert all(d["kind"] in ("nghỉ", "làm bù") for d in year["days"])
    assert_error(api.get("/api/workdays/deadline", start="06/01/2025", days=60), 422, field="start")
    assert_error(api.get("/api/workdays/deadline", start="2025-01-06", days=0), 422, field="days")
    assert_error(api.get("/api/workdays/99999"), 400, field="year")
    assert_error(Api().get("/api/workdays/2025"), 401, "unauthenticated")


# --- out of scope: the secretary of cell 2 against cell 1's candidate, its commune and the other district -------


class Ctx(World):
    def __init__(self, tree):
        super().__init__(tree)
        self.outsider = Api(user_with(Role.CELL_SECRETARY, org=tree.cell2))
        self.own = services.candidate_create(actor=tree.actor, org=tree.cell2, data={
            "full_name": "Đinh Văn Em", "date_of_birth": D(1999, 1, 1), "gender": "M", "general_education": "thpt",
            "listed_on": D(2025, 1, 1)})


def _list(ctx):
    t = ctx.tree
    for org in (t.cell1, t.commune, t.other_cell):
        assert_error(ctx.outsider.get(URL, org=org.pk), 404, "out_of_scope", "org")
    assert [c["id"] for c in ok(ctx.outsider.get(URL, org=t.cell2.pk))["items"]] == [ctx.own.pk]


def _detail(ctx):
    assert_error(ctx.outsider.get(ctx.c), 404, "out_of_scope")


def _create(ctx):
    t = ctx.tree
    for org in (t.cell1, t.other_cell):
        assert_error(ctx.outsider.post(URL, {**PERSON, "org_id": org.pk}), 404, "out_of_scope", "org_id")
    # their own cell, with a helper they cannot see
    assert_error(ctx.outsider.post(URL, {**PERSON, "org_id": t.cell2.pk, "helper_id": ctx.an.pk}), 404,
                 "out_of_scope", "helper_id")


def _introducers(ctx):
    body = {"member_id": ctx.an.pk, "route": "two_members", "together_since": "2022-01-01", "given_on": "2024-12-10"}
    assert_error(ctx.outsider.post(f"{ctx.c}/introducers", body), 404, "out_of_scope")
    # their own candidate, with an introducer they cannot see
    assert_error(ctx.outsider.post(f"{URL}/{ctx.own.pk}/introducers", body), 404, "out_of_scope", "member_id")


def _steps(ctx):
    for step in ("cell_vote", "grassroots", "decision"):
        assert_error(ctx.outsider.post(f"{ctx.c}/steps", {"step": step, "date": "2025-01-06",
                                                          "detail": {"yes": 3, "eligible": 3}}), 404, "out_of_scope")


def _deadline(ctx):
    # the state calendar is no one's: read by everyone signed in, the same answer
    assert ok(ctx.outsider.get("/api/workdays/deadline", start="2025-02-20", days=30))["last_day"] == "2025-04-03"


def _year(ctx):
    assert ok(ctx.outsider.get("/api/workdays/2026"))["year"] == 2026


def _stats(ctx):
    t = ctx.tree
    for org in (t.cell1, t.commune, t.other_cell):
        assert_error(ctx.outsider.get("/api/admissions/stats", org=org.pk, year=2025), 404, "out_of_scope", "org")
    assert [c["label"] for c in ok(ctx.outsider.get("/api/admissions/stats", org=t.cell2.pk, year=2024))] == [
        "6 tháng đầu năm 2024", "Năm 2024"]


OUTSIDER_CASES = {
    ("GET", "/api/admissions/stats"): _stats,
    ("GET", "/api/admissions/candidates"): _list,
    ("GET", "/api/admissions/candidates/{candidate_id}"): _detail,
    ("POST", "/api/admissions/candidates"): _create,
    ("POST", "/api/admissions/candidates/{candidate_id}/introducers"): _introducers,
    ("POST", "/api/admissions/candidates/{candidate_id}/steps"): _steps,
    ("GET", "/api/workdays/deadline"): _deadline,
    ("GET", "/api/workdays/{year}"): _year,
}


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_gets_404_and_nothing_changes(tree, key):
    ctx = Ctx(tree)
    before = state()
    OUTSIDER_CASES[key](ctx)
    assert state() == before


def test_the_same_reads_are_visible_in_scope(world):
    """The outsider cases are not empty by accident: cell 1's own secretary sees what they hide."""
    insider = Api(world.secretary)
    assert [c["id"] for c in ok(insider.get(URL, org=world.tree.cell1.pk))["items"]] == [world.ready.pk]
    assert ok(insider.get(world.c))["full_name"] == "Lê Văn Cường"
