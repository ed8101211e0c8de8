"""/api/meetings/… and the member-work endpoints: the secretary's month (create, attendance, guests, checks,
scores, minutes), the superior's configuration and oversight, the member's tasks and papers; refusals in the API's
one error shape with nothing changed; every path tried from outside the scope (``OUTSIDER_CASES``, collected by
the meta-test in orgs/tests/test_api.py); read-only and member roles."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangbo.accounts import services as account_services
from dangbo.accounts.tests.test_api_auth import Api, assert_error, db_state
from dangbo.core.testing import Role, user_with
from dangbo.meetings import services
from dangbo.meetings.models import (
    Attendance,
    AttendanceAssignment,
    Meeting,
    MeetingFile,
    MeetingGuest,
    MeetingScore,
    MemberTask,
    OversightCheck,
    ResidenceLiaison,
    ScheduleRule,
    ScoringSheet,
    Topic,
    TopicPlan,
    YearlyPaper,
)
from dangbo.meetings.reference import example_sheet_criteria
from dangbo.orgs import services as org_services

pytestmark = pytest.mark.django_db
D = dt.date
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n"


def meeting_state():
    return (
        list(Meeting.objects.order_by("pk").values_list(
            "pk", "kind", "month", "date", "starts_at", "ends_at", "conclusion", "checks", "level", "score",
            "present", "excused", "unexcused", "exempt", "topic_id", "preparer_id")),
        list(Attendance.objects.order_by("pk").values_list("meeting_id", "member_id", "status", "reason")),
        list(MeetingGuest.objects.values_list("meeting_id", "member_id")),
        list(MeetingScore.objects.values_list("meeting_id", "scorer", "total")),
        list(MeetingFile.objects.values_list("pk", "name")),
        list(ScheduleRule.objects.values_list("pk", "org_id", "valid_from", "valid_to")),
        list(ScoringSheet.objects.values_list("pk", "valid_to")),
        list(TopicPlan.objects.values_list("pk", "approved_on")), list(Topic.objects.values_list("pk", "title")),
        list(AttendanceAssignment.objects.values_list("pk", "valid_to")),
        list(OversightCheck.objects.values_list("pk", "findings")),
        list(MemberTask.objects.values_list("pk", "result", "done_on")),
        list(YearlyPaper.objects.values_list("pk", "signed_on")),
        list(ResidenceLiaison.objects.values_list("pk", "comment")),
    )


def state():
    return db_state(), meeting_state()


def items(response) -> list[dict]:
    assert response.status_code == 200, response.content.decode()
    body = response.json()
    return body["items"] if isinstance(body, dict) and "items" in body else body


def delete(api, path):
    return api.client.delete(path, **api.headers)


def upload(api, path, name="bien-ban.pdf", content=PDF):
    return api.client.post(path, {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
                           **api.headers)


class World:
    """Cell 1 with its secretary and members, a chi ủy; the commune's committee member who follows it; the
    commune's schedule, the province's sheet; a past month of cell 1 recorded in full."""

    def __init__(self, tree):
        t, actor = tree, tree.actor
        self.tree = t
        self.sec = t.member("Nguyễn Văn An", org=t.cell1)
        self.b = t.member("Trần Thị Bình", org=t.cell1, gender="F")
        self.c = t.member("Lê Văn Cường", org=t.cell1)
        self.boss = t.member("Hoàng Văn Đạt", org=t.cell2)  # a commune committee member
        cell_committee = org_services.term_open(actor=actor, org=t.cell1, name="2022–2025", starts_on=D(2022, 6, 1))
        org_services.committee_seat_assign(actor=actor, committee=cell_committee, member=self.sec,
                                           post="secretary", starts_on=D(2022, 6, 1))
        commune_committee = org_services.term_open(actor=actor, org=t.commune, name="2020–2025",
                                                   starts_on=D(2020, 10, 1))
        org_services.committee_seat_assign(actor=actor, committee=commune_committee, member=self.boss,
                                           post="standing", starts_on=D(2020, 10, 1))
        self.schedule = services.schedule_set(actor=actor, org=t.commune, kind="window", start_day=-7, end_day=10,
                                              ends_next_month=True, valid_from=D(2024, 1, 1))
        self.sheet = services.sheet_save(actor=actor, org=t.province, name="Phiếu chấm điểm sinh hoạt thường kỳ",
                                         kind="regular", criteria=example_sheet_criteria(), valid_from=D(2024, 1, 1))
        self.plan = services.topic_plan_save(actor=actor, org=t.cell1, year=2026,
                                             topics=[(1, "Học tập và làm theo tư tưởng Hồ Chí Minh"),
                                                     (2, "Chuyển đổi số ở thôn")])
        services.topic_plan_approve(actor=actor, plan=self.plan, approved_on=D(2026, 1, 20))
        services.meeting_save(actor=actor, org=t.cell1, kind="preparation", date=D(2026, 3, 20),
                              agenda="Chuẩn bị kỳ họp tháng 3")
        self.meeting = services.meeting_save(
            actor=actor, org=t.cell1, kind="regular", date=D(2026, 3, 27), starts_at=dt.time(8),
            ends_at=dt.time(10), agenda="Kỳ họp bí mật tháng 3", documents_posted_on=D(2026, 3, 24),
            preparer=self.sec, has_draft_resolution=True, conclusion="Thống nhất kế hoạch quý II").meeting
        services.attendance_record(actor=actor, meeting=self.meeting, entries={
            self.sec.pk: ("P", ""), self.b.pk: ("P", ""), self.c.pk: ("E", "ốm")})
        services.guests_set(actor=actor, meeting=self.meeting, member_ids=[self.boss.pk])
        self.file = services.file_attach(actor=actor, meeting=self.meeting,
                                         upload=SimpleUploadedFile("bien-ban.pdf", PDF))
        self.assignment = services.assignment_set(actor=actor, cell=t.cell1, member=self.boss,
                                                  valid_from=D(2025, 1, 1))
        self.check = services.oversight_check_record(actor=actor, cell=t.cell1, year=2026, half=1,
                                                     checked_on=D(2026, 6, 20), findings="Sinh hoạt nền nếp")
        self.task = services.task_assign(actor=actor, member=self.b, title="Theo dõi an ninh thôn",
                                         assigned_on=D(2026, 1, 10))
        services.paper_record(actor=actor, member=self.b, year=2026, kind="commitment", signed_on=D(2026, 1, 5))
        services.liaison_record(actor=actor, member=self.b, year=2026, residence_cell_name="Chi bộ khu phố 2",
                                introduced_on=D(2026, 1, 15))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(tree):
    return World(tree)


# --- out of scope: the secretary of cell 2 against cell 1, its commune, and the other district -------------------


class Ctx(World):
    def __init__(self, tree):
        super().__init__(tree)
        self.outsider = Api(user_with(Role.CELL_SECRETARY, org=tree.cell2))
        self.m = f"/api/meetings/{self.meeting.pk}"
        self.own = tree.member("Đinh Văn Em", org=tree.cell2)
        self.own_meeting = services.meeting_save(actor=tree.actor, org=tree.cell2, kind="regular",
                                                 date=D(2026, 3, 27)).meeting


def _hidden(ctx, response):
    body = json.dumps(items(response), ensure_ascii=False)
    assert "bí mật" not in body and ctx.tree.cell1.name not in body


def _list(ctx):
    t = ctx.tree
    for org in (t.cell1, t.commune, t.other_cell):
        assert_error(ctx.outsider.get("/api/meetings", org=org.pk), 404, "out_of_scope", "org")
    assert [m["id"] for m in items(ctx.outsider.get("/api/meetings", org=t.cell2.pk))] == [ctx.own_meeting.pk]


def _detail(ctx):
    assert_error(ctx.outsider.get(ctx.m), 404, "out_of_scope")


def _create(ctx):
    t = ctx.tree
    for org in (t.cell1, t.other_cell):
        body = {"org_id": org.pk, "kind": "regular", "date": "2026-04-28"}
        assert_error(ctx.outsider.post("/api/meetings", body), 404, "out_of_scope", "org_id")


def _update(ctx):
    assert_error(ctx.outsider.patch(ctx.m, {"conclusion": "Sửa trộm"}), 404, "out_of_scope")


def _delete(ctx):
    assert_error(delete(ctx.outsider, ctx.m), 404, "out_of_scope")


def _roster(ctx):
    assert_error(ctx.outsider.get(f"{ctx.m}/roster"), 404, "out_of_scope")


def _attendance(ctx):
    body = {"entries": [{"member_id": ctx.sec.pk, "status": "U"}]}
    assert_error(ctx.outsider.post(f"{ctx.m}/attendance", body), 404, "out_of_scope")


def _guests(ctx):
    assert_error(ctx.outsider.post(f"{ctx.m}/guests", {"member_ids": []}), 404, "out_of_scope")


def _checks(ctx):
    assert_error(ctx.outsider.post(f"{ctx.m}/checks", {"checks": {"many_spoke": True}}), 404, "out_of_scope")


def _scores(ctx):
    for scorer in ("cell", "superior"):
        body = {"scorer": scorer, "points": {c["code"]: c["points"] for c in example_sheet_criteria()}}
        assert_error(ctx.outsider.post(f"{ctx.m}/scores", body), 404, "out_of_scope")


def _level(ctx):
    assert_error(ctx.outsider.post(f"{ctx.m}/level", {"level": "poor"}), 404, "out_of_scope")


def _file_add(ctx):
    assert_error(upload(ctx.outsider, f"{ctx.m}/files"), 404, "out_of_scope")


def _file_remove(ctx):
    assert_error(delete(ctx.outsider, f"{ctx.m}/files/{ctx.file.pk}"), 404, "out_of_scope")
    # their own meeting with another's file
    assert_error(delete(ctx.outsider, f"/api/meetings/{ctx.own_meeting.pk}/files/{ctx.file.pk}"), 404)


def _schedules(ctx):
    for org in (ctx.tree.commune, ctx.tree.other_commune):
        assert_error(ctx.outsider.get("/api/meetings/schedules", org=org.pk), 404, "out_of_scope", "org")


def _schedule_in_force(ctx):
    assert_error(ctx.outsider.get("/api/meetings/schedules/in-force", org=ctx.tree.cell1.pk), 404, "out_of_scope",
                 "org")


def _schedule_set(ctx):
    body = {"org_id": ctx.tree.commune.pk, "kind": "fixed", "start_day": 3, "valid_from": "2027-01-01"}
    assert_error(ctx.outsider.post("/api/meetings/schedules", body), 404, "out_of_scope", "org_id")


def _sheet_in_force(ctx):
    assert_error(ctx.outsider.get("/api/meetings/sheets/in-force", org=ctx.tree.cell1.pk), 404, "out_of_scope",
                 "org")


def _sheet_save(ctx):
    body = {"org_id": ctx.tree.province.pk, "name": "Phiếu", "criteria": example_sheet_criteria(),
            "valid_from": "2027-01-01"}
    assert_error(ctx.outsider.post("/api/meetings/sheets", body), 404, "out_of_scope", "org_id")


def _topic_plan(ctx):
    assert_error(ctx.outsider.get("/api/meetings/topic-plans", org=ctx.tree.cell1.pk, year=2026), 404,
                 "out_of_scope", "org")


def _topic_plan_save(ctx):
    body = {"org_id": ctx.tree.cell1.pk, "year": 2027, "topics": [{"quarter": 1, "title": "X"}]}
    assert_error(ctx.outsider.post("/api/meetings/topic-plans", body), 404, "out_of_scope", "org_id")


def _topic_plan_approve(ctx):
    assert_error(ctx.outsider.post(f"/api/meetings/topic-plans/{ctx.plan.pk}/approve",
                                   {"approved_on": "2026-02-01"}), 404, "out_of_scope")


def _assignments(ctx):
    assert_error(ctx.outsider.get("/api/meetings/assignments", cell=ctx.tree.cell1.pk), 404, "out_of_scope", "cell")


def _assignment_set(ctx):
    body = {"cell_id": ctx.tree.cell1.pk, "member_id": ctx.boss.pk, "valid_from": "2026-01-01"}
    assert_error(ctx.outsider.post("/api/meetings/assignments", body), 404, "out_of_scope", "cell_id")


def _assignment_end(ctx):
    assert_error(ctx.outsider.post(f"/api/meetings/assignments/{ctx.assignment.pk}/end", {"valid_to": "2026-12-01"}),
                 404, "out_of_scope")


def _checks_list(ctx):
    assert_error(ctx.outsider.get("/api/meetings/oversight-checks", cell=ctx.tree.cell1.pk), 404, "out_of_scope",
                 "cell")


def _check_record(ctx):
    body = {"cell_id": ctx.tree.cell1.pk, "year": 2026, "half": 1, "checked_on": "2026-06-25", "findings": "x"}
    assert_error(ctx.outsider.post("/api/meetings/oversight-checks", body), 404, "out_of_scope", "cell_id")


def _tasks(ctx):
    assert_error(ctx.outsider.get(f"/api/members/{ctx.b.pk}/tasks"), 404, "out_of_scope")


def _task_assign(ctx):
    body = {"title": "x", "assigned_on": "2026-02-01"}
    assert_error(ctx.outsider.post(f"/api/members/{ctx.b.pk}/tasks", body), 404, "out_of_scope")


def _task_result(ctx):
    assert_error(ctx.outsider.post(f"/api/member-tasks/{ctx.task.pk}/result", {"result": "x"}), 404, "out_of_scope")


def _papers(ctx):
    assert_error(ctx.outsider.get(f"/api/members/{ctx.b.pk}/papers"), 404, "out_of_scope")


def _paper_record(ctx):
    body = {"year": 2026, "kind": "plan", "signed_on": "2026-01-05"}
    assert_error(ctx.outsider.post(f"/api/members/{ctx.b.pk}/papers", body), 404, "out_of_scope")


def _liaisons(ctx):
    assert_error(ctx.outsider.get(f"/api/members/{ctx.b.pk}/liaisons"), 404, "out_of_scope")


def _liaison_record(ctx):
    body = {"year": 2026, "residence_cell_name": "x"}
    assert_error(ctx.outsider.post(f"/api/members/{ctx.b.pk}/liaisons", body), 404, "out_of_scope")
    # their own member, with a residence cell they cannot see
    assert_error(ctx.outsider.post(f"/api/members/{ctx.own.pk}/liaisons",
                                   {"year": 2026, "residence_cell_id": ctx.tree.other_cell.pk}), 404, "out_of_scope",
                 "residence_cell_id")


OUTSIDER_CASES = {
    ("GET", "/api/meetings"): _list,
    ("GET", "/api/meetings/{meeting_id}"): _detail,
    ("POST", "/api/meetings"): _create,
    ("PATCH", "/api/meetings/{meeting_id}"): _update,
    ("DELETE", "/api/meetings/{meeting_id}"): _delete,
    ("GET", "/api/meetings/{meeting_id}/roster"): _roster,
    ("POST", "/api/meetings/{meeting_id}/attendance"): _attendance,
    ("POST", "/api/meetings/{meeting_id}/guests"): _guests,
    ("POST", "/api/meetings/{meeting_id}/checks"): _checks,
    ("POST", "/api/meetings/{meeting_id}/scores"): _scores,
    ("POST", "/api/meetings/{meeting_id}/level"): _level,
    ("POST", "/api/meetings/{meeting_id}/files"): _file_add,
    ("DELETE", "/api/meetings/{meeting_id}/files/{file_id}"): _file_remove,
    ("GET", "/api/meetings/schedules"): _schedules,
    ("POST", "/api/meetings/schedules"): _schedule_set,
    ("GET", "/api/meetings/schedules/in-force"): _schedule_in_force,
    ("GET", "/api/meetings/sheets/in-force"): _sheet_in_force,
    ("POST", "/api/meetings/sheets"): _sheet_save,
    ("GET", "/api/meetings/topic-plans"): _topic_plan,
    ("POST", "/api/meetings/topic-plans"): _topic_plan_save,
    ("POST", "/api/meetings/topic-plans/{plan_id}/approve"): _topic_plan_approve,
    ("GET", "/api/meetings/assignments"): _assignments,
    ("POST", "/api/meetings/assignments"): _assignment_set,
    ("POST", "/api/meetings/assignments/{assignment_id}/end"): _assignment_end,
    ("GET", "/api/meetings/oversight-checks"): _checks_list,
    ("POST", "/api/meetings/oversight-checks"): _check_record,
    ("GET", "/api/members/{member_id}/tasks"): _tasks,
    ("POST", "/api/members/{member_id}/tasks"): _task_assign,
    ("POST", "/api/member-tasks/{task_id}/result"): _task_result,
    ("GET", "/api/members/{member_id}/papers"): _papers,
    ("POST", "/api/members/{member_id}/papers"): _paper_record,
    ("GET", "/api/members/{member_id}/liaisons"): _liaisons,
    ("POST", "/api/members/{member_id}/liaisons"): _liaison_record,
}


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_gets_404_and_nothing_changes(tree, key):
    ctx = Ctx(tree)
    before = state()
    OUTSIDER_CASES[key](ctx)
    assert state() == before


def test_the_same_reads_are_visible_in_scope(world):
    """The outsider cases are not empty by accident: cell 1's own secretary sees what they hide."""
    insider = Api(user_with(Role.CELL_SECRETARY, org=world.tree.cell1))
    assert [m["id"] for m in items(insider.get("/api/meetings", org=world.tree.cell1.pk))][0] == world.meeting.pk
    assert insider.get(f"/api/meetings/{world.meeting.pk}").json()["agenda"] == "Kỳ họp bí mật tháng 3"
    assert items(insider.get(f"/api/members/{world.b.pk}/tasks"))[0]["title"] == "Theo dõi an ninh thôn"


# --- the secretary's month --------------------------------------------------------------------------------------


def test_create_edit_and_read_a_meeting_with_its_warnings(world):
    t = world.tree
    api = Api(user_with(Role.CELL_SECRETARY, org=t.cell1))
    response = api.post("/api/meetings", {"org_id": t.cell1.pk, "kind": "regular", "date": "2026-04-15",
                                          "starts_at": "19:30", "ends_at": "21:15", "agenda": "Kỳ họp tháng 4"})
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    assert (body["month"], body["kind_name"], body["duration_minutes"]) == ("2026-04-01", "Sinh hoạt định kỳ "
                                                                            "(thường kỳ)", 105)
    assert (body["window_start"], body["window_end"], body["in_window"]) == ("2026-04-24", "2026-05-10", False)
    assert body["schedule"] == "tuần cuối hằng tháng, chậm nhất ngày 10 tháng sau"
    assert len(body["warnings"]) == 2
    assert "nghị quyết hoặc kết luận" in body["warnings"][0] and "ngoài thời gian" in body["warnings"][1]
    url = f"/api/meetings/{body['id']}"
    response = api.patch(url, {"date": "2026-05-08", "month": "2026-04-30", "conclusion": "Giao nhiệm vụ tháng 5",
                               "preparer_id": world.sec.pk})
    assert response.status_code == 200, response.content.decode()
    body = response.json()
    assert (body["date"], body["month"], body["in_window"], body["warnings"]) == ("2026-05-08", "2026-04-01", True,
                                                                                 [])
    assert (body["conclusion_kind"], body["preparer_name"], body["agenda"]) == ("conclusion", "Nguyễn Văn An",
                                                                               "Kỳ họp tháng 4")
    thematic = api.post("/api/meetings", {"org_id": t.cell1.pk, "kind": "thematic", "date": "2026-05-20",
                                          "topic_id": world.plan.topics.get(quarter=2).pk,
                                          "conclusion": "Mỗi hộ cài ứng dụng"})
    assert thematic.status_code == 201, thematic.content.decode()
    assert (thematic.json()["topic_title"], thematic.json()["topic_plan_approved_on"]) == (
        "Chuyển đổi số ở thôn", "2026-01-20")
    assert thematic.json()["quality"] is None  # G2 judges regular meetings
    deleted = delete(api, f"/api/meetings/{thematic.json()['id']}")
    assert deleted.status_code == 204
    assert not Meeting.objects.filter(pk=thematic.json()["id"]).exists()


def test_list_filters_by_month_and_kind_and_pages(world, admin):
    t = world.tree
    for month in range(4, 10):
        services.meeting_save(actor=admin, org=t.cell1, kind="regular", date=D(2026, month, 28))
    api = Api(admin)
    page = api.get("/api/meetings", org=t.cell1.pk, page_size=4).json()
    assert (page["count"], page["pages"], len(page["items"])) == (8, 2, 4)
    assert page["items"][0]["date"] == "2026-09-28"
    rows = items(api.get("/api/meetings", org=t.cell1.pk, month_from="2026-03-15", month_to="2026-05-01",
                         kind="regular"))
    assert [r["month"] for r in rows] == ["2026-05-01", "2026-04-01", "2026-03-01"]
    first = rows[-1]
    assert (first["present"], first["excused"], first["unexcused"], first["has_conclusion"]) == (2, 1, 0, True)
    assert [r["kind"] for r in items(api.get("/api/meetings", org=t.cell1.pk, kind="preparation"))] == ["preparation"]
    assert items(api.get("/api/meetings", org=t.cell2.pk)) == []


def test_list_queries_do_not_grow_with_rows(world, admin, django_assert_max_num_queries):
    for month in range(4, 10):
        services.meeting_save(actor=admin, org=world.tree.cell1, kind="regular", date=D(2026, month, 28))
    api = Api(admin)
    api.get("/api/meetings", org=world.tree.cell1.pk)  # warm the session
    with django_assert_max_num_queries(8):
        assert len(items(api.get("/api/meetings", org=world.tree.cell1.pk))) == 8


def test_attendance_guests_checks_level_score_and_quality(world):
    t = world.tree
    api = Api(user_with(Role.CELL_SECRETARY, org=t.cell1))
    m = services.meeting_save(actor=t.actor, org=t.cell1, kind="regular", date=D(2026, 4, 28), starts_at=dt.time(8),
                              ends_at=dt.time(9), preparer=world.sec, has_draft_resolution=True,
                              documents_posted_on=D(2026, 4, 26), conclusion="Kết luận").meeting
    url = f"/api/meetings/{m.pk}"
    roster = api.get(f"{url}/roster").json()
    assert [(r["full_name"], r["is_exempt"], r["status"]) for r in roster] == [  # Vietnamese name order
        ("Nguyễn Văn An", False, None), ("Trần Thị Bình", False, None), ("Lê Văn Cường", False, None)]
    entries = [{"member_id": world.sec.pk, "status": "P"}, {"member_id": world.b.pk, "status": "P"},
               {"member_id": world.c.pk, "status": "U"}]
    body = api.post(f"{url}/attendance", {"entries": entries}).json()
    assert (body["present"], body["unexcused"]) == (2, 1)
    assert [(a["full_name"], a["status"]) for a in body["attendance"]] == [
        ("Nguyễn Văn An", "P"), ("Trần Thị Bình", "P"), ("Lê Văn Cường", "U")]
    quality = body["quality"]
    assert quality["passed"] is False and quality["guidance"] == "42-HD/BTCTW" and "42-HD/BTCTW" in quality["citation"]
    reasons = [f["reason"] for f in quality["failures"]]
    assert "có mặt 2/3 (66,7%), cần trên 85%" in reasons and "1 đảng viên vắng không lý do" in reasons
    assert "họp 60 phút, cần ít nhất 90 phút" in reasons
    assert "chi ủy (bí thư, phó bí thư) chưa họp chuẩn bị" in reasons
    assert not any("bí thư hoặc phó bí thư" in r for r in reasons)  # the secretary prepared it
    body = api.post(f"{url}/guests", {"member_ids": [world.boss.pk]}).json()
    assert [(g["full_name"]) for g in body["guests"]] == ["Hoàng Văn Đạt"]
    body = api.post(f"{url}/checks", {"checks": {"many_spoke": True, "minutes_complete": True}}).json()
    assert body["checks"]["many_spoke"] is True and body["checks"]["results"] is False
    assert api.post(f"{url}/level", {"level": "fair"}).json()["level"] == "fair"
    points = {c["code"]: c["points"] for c in example_sheet_criteria()}
    body = api.post(f"{url}/scores", {"points": {**points, "duration": 5}}).json()
    assert (body["level"], body["score"]) == ("fair", "95.0")  # a must-have criterion short of full marks
    assert body["scores"][0]["scorer"] == "cell" and body["scores"][0]["points"]["duration"] == "5"
    # the superior attendee's score is the committee above's to record
    assert_error(api.post(f"{url}/scores", {"scorer": "superior", "points": points}), 403, field=None)
    commune = Api(user_with(Role.ORG_COMMISSION, org=t.commune))
    body = commune.post(f"{url}/scores", {"scorer": "superior", "points": points}).json()
    assert (body["level"], body["score"]) == ("good", "100.0")


def test_a_meeting_meeting_every_criterion_passes(world):
    t = world.tree
    api = Api(user_with(Role.CELL_SECRETARY, org=t.cell1))
    url = f"/api/meetings/{world.meeting.pk}"
    body = api.get(url).json()
    assert [f["reason"] for f in body["quality"]["failures"]] == [
        "có mặt 2/3 (66,7%), cần trên 85%"] + [f"chưa đạt: {r}" for r in (
            "nội dung đúng, đủ theo hướng dẫn của cấp trên, có trọng tâm", "đúng trình tự, đủ nội dung",
            "biểu dương, nhắc nhở, phê bình đảng viên khi cần", "nhiều đảng viên phát biểu ý kiến",
            "ghi sổ biên bản đầy đủ",
            "bảo đảm nguyên tắc tổ chức, sinh hoạt đảng (tập trung dân chủ, tự phê bình và phê bình)",
            "nghị quyết, kết luận được thực hiện có kết quả")]
    entries = [{"member_id": m.pk, "status": "P"} for m in (world.sec, world.b, world.c)]
    api.post(f"{url}/attendance", {"entries": entries})
    codes = ("content_complete", "order_followed", "praise_criticism", "many_spoke", "minutes_complete",
             "principles", "results")
    body = api.post(f"{url}/checks", {"checks": dict.fromkeys(codes, True)}).json()
    assert body["quality"] == {"passed": True, "guidance": "42-HD/BTCTW", "text": "Đạt chất lượng theo 42-HD/BTCTW",
                               "citation": body["quality"]["citation"], "failures": []}
    assert body["files"][0]["name"] == "bien-ban.pdf" and body["files"][0]["size"] == len(PDF)


def test_minutes_upload_checks_the_bytes_and_removes(world):
    api = Api(user_with(Role.CELL_SECRETARY, org=world.tree.cell1))
    url = f"/api/meetings/{world.meeting.pk}/files"
    response = upload(api, url, "nghi-quyet.pdf")
    assert response.status_code == 201, response.content.decode()
    assert response.json()["name"] == "nghi-quyet.pdf"
    before = state()
    body = assert_error(upload(api, url, "gia.pdf", b"\x89PNG\r\n\x1a\n"), 400, "FILES", "file")
    assert "không đúng định dạng PDF" in body["message"]
    assert_error(upload(api, url, "rong.pdf", b""), 400, "FILES", "file")
    assert state() == before
    assert delete(api, f"{url}/{response.json()['id']}").status_code == 204
    assert list(MeetingFile.objects.values_list("name", flat=True)) == ["bien-ban.pdf"]


# --- bad input: 422 / 400 naming the field, nothing changed ----------------------------------------------------


@pytest.mark.parametrize(("body", "status", "field", "text"), [
    ({"kind": "weekly", "date": "2026-04-28"}, 422, "kind", "Loại (kind): chỉ nhận một trong các giá trị"),
    ({"kind": "regular"}, 422, "date", "Ngày (date): bắt buộc phải có"),
    ({"kind": "regular", "date": "28/04/2026"}, 422, "date", "dạng YYYY-MM-DD"),
    ({"kind": "regular", "date": "2026-04-28", "starts_at": "25:99"}, 422, "starts_at",
     "Giờ bắt đầu (starts_at): phải là giờ dạng HH:MM"),
    ({"kind": "regular", "date": "2026-04-28", "secret": 1}, 422, "secret", "không phải trường hợp lệ"),
    ({"kind": "regular", "date": "2026-04-28", "starts_at": "10:00", "ends_at": "09:00"}, 400, "ends_at",
     "Giờ kết thúc phải sau giờ bắt đầu"),
    ({"kind": "regular", "date": "2026-04-28", "month": "2026-02-01"}, 400, "month",
     "Kỳ sinh hoạt tháng 02/2026 không thể họp ngày 28/04/2026"),
    ({"kind": "regular", "date": "2026-04-28", "documents_posted_on": "2026-04-29"}, 400, "documents_posted_on",
     "trước hoặc đúng ngày họp"),
    ({"kind": "group", "date": "2026-04-28"}, 400, "group_name", "tên tổ đảng"),
    ({"kind": "thematic", "date": "2026-04-28"}, 400, "topic", "chọn chuyên đề"),
    ({"kind": "regular", "date": "2026-04-28", "topic_id": 999999}, 400, "topic_id", "không có chuyên đề mã 999999"),
    ({"kind": "regular", "date": "2026-04-28", "preparer_id": 999999}, 400, "preparer_id", "mã 999999"),
    ({"kind": "regular", "date": "2014-04-28"}, 400, "date", "không hoạt động ngày 28/04/2014"),
])
def test_bad_meeting_input_is_refused_in_vietnamese(world, body, status, field, text):
    api = Api(user_with(Role.CELL_SECRETARY, org=world.tree.cell1))
    before = state()
    refused = assert_error(api.post("/api/meetings", {"org_id": world.tree.cell1.pk, **body}), status, field=field)
    assert text in refused["message"], refused
    assert state() == before


def test_bad_attendance_and_scores_change_nothing(world):
    t = world.tree
    api = Api(user_with(Role.CELL_SECRETARY, org=t.cell1))
    url = f"/api/meetings/{world.meeting.pk}"
    stranger = t.member("Phan Văn Lạ", org=t.cell2)
    before = state()
    cases = [
        (f"{url}/attendance", {"entries": [{"member_id": world.sec.pk, "status": "X"}]}, 422, "entries.0.status"),
        (f"{url}/attendance", {"entries": [{"member_id": world.sec.pk, "status": "P"},
                                           {"member_id": world.b.pk, "status": "E"},
                                           {"member_id": world.c.pk, "status": "P"}]}, 400, f"attendance-{world.b.pk}"),
        (f"{url}/attendance", {"entries": [{"member_id": world.sec.pk, "status": "P"}]}, 400,
         f"attendance-{world.b.pk}"),
        (f"{url}/attendance", {"entries": [{"member_id": stranger.pk, "status": "P"}]}, 400, "entries"),
        (f"{url}/attendance", {"entries": [{"member_id": world.sec.pk, "status": "P"}] * 2}, 400, "entries"),
        (f"{url}/guests", {"member_ids": [world.c.pk]}, 400, "member_ids"),
        (f"{url}/checks", {"checks": {"attendance": True}}, 400, "checks"),
        (f"{url}/level", {"level": "excellent"}, 422, "level"),
        (f"{url}/scores", {"points": {"attendance": 15}}, 400, "preparation"),
        (f"{url}/scores", {"points": {c["code"]: 99 for c in example_sheet_criteria()}}, 400, "attendance"),
    ]
    for path, body, status, field in cases:
        refused = assert_error(api.post(path, body), status, field=field)
        assert refused["field"] == field
    assert state() == before
    assert "Phan Văn Lạ" not in json.dumps(api.post(f"{url}/attendance", cases[3][1]).json(), ensure_ascii=False)


def test_future_meeting_cannot_take_attendance(world, admin):
    api = Api(admin)
    body = api.post("/api/meetings", {"org_id": world.tree.cell1.pk, "kind": "regular", "date": "2099-01-28"}).json()
    assert body["warnings"] == []  # no conclusion is expected of a meeting still to come
    before = state()
    assert_error(api.post(f"/api/meetings/{body['id']}/attendance", {"entries": []}), 400, field="date")
    assert state() == before


# --- what the committees above configure and decide -----------------------------------------------------------


def test_schedules_set_listed_and_in_force(world):
    t = world.tree
    district = Api(user_with(Role.ORG_COMMISSION, org=t.district))
    response = district.post("/api/meetings/schedules", {"org_id": t.commune.pk, "kind": "fixed", "start_day": 3,
                                                         "valid_from": "2026-07-01", "decision_ref": "12-QĐ/ĐU"})
    assert response.status_code == 201, response.content.decode()
    assert response.json()["text"] == "ngày mùng 3 hằng tháng"
    rules = district.get("/api/meetings/schedules", org=t.commune.pk).json()
    assert [(r["valid_from"], r["valid_to"]) for r in rules] == [("2026-07-01", None), ("2024-01-01", "2026-07-01")]
    secretary = Api(user_with(Role.CELL_SECRETARY, org=t.cell1))
    now = secretary.get("/api/meetings/schedules/in-force", org=t.cell1.pk, on="2026-08-19").json()
    assert (now["month"], now["window_start"], now["window_end"], now["rule"]["org_name"]) == (
        "2026-08-01", "2026-08-03", "2026-08-03", "Đảng bộ xã Đạ Sar")
    before = secretary.get("/api/meetings/schedules/in-force", org=t.cell1.pk, on="2026-02-10").json()
    assert (before["window_start"], before["window_end"]) == ("2026-02-22", "2026-03-10")
    none = Api(user_with(Role.CELL_SECRETARY, org=t.other_cell)).get(
        "/api/meetings/schedules/in-force", org=t.other_cell.pk, on="2026-02-10").json()
    assert (none["rule"], none["text"], none["window_end"]) == (None, "chưa có lịch: cả tháng", "2026-02-28")
    state_before = state()
    assert_error(district.post("/api/meetings/schedules", {"org_id": t.commune.pk, "kind": "window", "start_day": -7,
                                                           "end_day": 10, "valid_from": "2026-09-01"}), 400, "G1",
                 "end_day")
    assert_error(district.post("/api/meetings/schedules", {"org_id": t.commune.pk, "kind": "fixed",
                                                           "start_day": 40, "valid_from": "2026-09-01"}), 400, "G1",
                 "start_day")
    inspector = Api(user_with(Role.INSPECTION, org=t.district))
    assert_error(inspector.post("/api/meetings/schedules", {"org_id": t.commune.pk, "kind": "fixed", "start_day": 5,
                                                            "valid_from": "2026-09-01"}), 403, "G1-superior")
    assert state() == state_before


def test_sheet_issued_by_the_province_and_in_force_for_a_cell(world):
    t = world.tree
    secretary = Api(user_with(Role.CELL_SECRETARY, org=t.cell1))
    body = secretary.get("/api/meetings/sheets/in-force", org=t.cell1.pk, on="2026-03-27").json()
    assert body["sheet"]["id"] == world.sheet.pk and len(body["sheet"]["criteria"]) == 10
    assert secretary.get("/api/meetings/sheets/in-force", org=t.cell1.pk, kind="thematic").json()["sheet"] is None
    province = Api(user_with(Role.ORG_COMMISSION, org=t.province))
    criteria = [{"code": "a", "name": "Dự họp", "points": 60, "must_full": True}, {"code": "b", "name": "Nội dung",
                                                                                   "points": 40}]
    response = province.post("/api/meetings/sheets", {"org_id": t.province.pk, "name": "Phiếu chuyên đề",
                                                      "kind": "thematic", "criteria": criteria, "bottom_label": "Yếu",
                                                      "valid_from": "2026-01-01"})
    assert response.status_code == 201, response.content.decode()
    assert response.json()["criteria"][0] == {"code": "a", "name": "Dự họp", "points": 60, "must_full": True}
    before = state()
    assert_error(province.post("/api/meetings/sheets", {"org_id": t.province.pk, "name": "x", "criteria": criteria,
                                                        "good_from": 50, "fair_from": 70, "valid_from": "2026-01-01"}),
                 400, "G3", "good_from")
    assert_error(secretary.post("/api/meetings/sheets", {"org_id": t.cell1.pk, "name": "x", "criteria": criteria,
                                                         "valid_from": "2026-01-01", "bottom_label": "Tồi"}),
                 422, "validation", "bottom_label")
    assert state() == before


def test_topic_plan_written_by_the_cell_approved_above(world):
    t = world.tree
    secretary = Api(user_with(Role.CELL_SECRETARY, org=t.cell1))
    empty = secretary.get("/api/meetings/topic-plans", org=t.cell1.pk, year=2027).json()
    assert (empty["id"], empty["topics"]) == (None, [])
    body = {"org_id": t.cell1.pk, "year": 2027, "topics": [{"quarter": 1, "title": "Nghị quyết Đại hội"},
                                                           {"quarter": 3, "title": "Phòng chống thiên tai"}]}
    plan = secretary.post("/api/meetings/topic-plans", body).json()
    assert [(x["quarter"], x["title"]) for x in plan["topics"]] == [(1, "Nghị quyết Đại hội"),
                                                                   (3, "Phòng chống thiên tai")]
    before = state()
    assert_error(secretary.post("/api/meetings/topic-plans", {**body, "topics": [{"quarter": 5, "title": "x"}]}), 422,
                 field="topics.0.quarter")
    assert_error(secretary.post(f"/api/meetings/topic-plans/{plan['id']}/approve", {"approved_on": "2027-01-10"}), 403,
                 "G1-superior")
    assert state() == before
    commune = Api(user_with(Role.ORG_COMMISSION, org=t.commune))
    approved = commune.post(f"/api/meetings/topic-plans/{plan['id']}/approve",
                            {"approved_on": "2027-01-10", "approved_ref": "05-CV/ĐU"}).json()
    assert approved["approved_on"] == "2027-01-10"
    assert_error(secretary.post("/api/meetings/topic-plans", body), 400, field="topics")


def test_assignments_and_six_monthly_checks_are_the_superiors(world):
    t = world.tree
    secretary = Api(user_with(Role.CELL_SECRETARY, org=t.cell1))
    commune = Api(user_with(Role.ORG_COMMISSION, org=t.commune))
    rows = secretary.get("/api/meetings/assignments", cell=t.cell1.pk, on="2026-03-01").json()
    assert [(r["member_name"], r["valid_to"]) for r in rows] == [("Hoàng Văn Đạt", None)]
    assert secretary.get("/api/meetings/assignments", cell=t.cell1.pk, on="2024-03-01").json() == []
    before = state()
    assert_error(secretary.post(f"/api/meetings/assignments/{world.assignment.pk}/end", {"valid_to": "2026-06-30"}),
                 403, "G1-superior")
    assert_error(secretary.post("/api/meetings/oversight-checks", {
        "cell_id": t.cell1.pk, "year": 2026, "half": 2, "checked_on": "2026-11-02", "findings": "Tốt"}), 403)
    assert_error(commune.post("/api/meetings/assignments", {"cell_id": t.cell1.pk, "member_id": world.boss.pk,
                                                            "valid_from": "2026-01-01"}), 400, field="member")
    assert_error(commune.post("/api/meetings/assignments", {"cell_id": t.cell1.pk, "member_id": world.b.pk,
                                                            "valid_from": "2026-01-01"}), 400, field="member")
    assert state() == before
    ended = commune.post(f"/api/meetings/assignments/{world.assignment.pk}/end", {"valid_to": "2026-06-30"}).json()
    assert ended["valid_to"] == "2026-06-30"
    response = commune.post("/api/meetings/oversight-checks", {
        "cell_id": t.cell1.pk, "year": 2026, "half": 2, "checked_on": "2026-11-02", "findings": "Cần nâng chất lượng"})
    assert response.status_code == 201, response.content.decode()
    checks = secretary.get("/api/meetings/oversight-checks", cell=t.cell1.pk, year=2026).json()
    assert [(c["half"], c["findings"]) for c in checks] == [(2, "Cần nâng chất lượng"), (1, "Sinh hoạt nền nếp")]


def test_member_tasks_papers_and_liaison(world):
    t = world.tree
    api = Api(user_with(Role.CELL_SECRETARY, org=t.cell1))
    url = f"/api/members/{world.c.pk}"
    task = api.post(f"{url}/tasks", {"title": "Vận động hội viên nông dân", "assigned_on": "2026-02-01",
                                     "due_on": "2026-06-30"})
    assert task.status_code == 201, task.content.decode()
    done = api.post(f"/api/member-tasks/{task.json()['id']}/result", {"result": "Vượt chỉ tiêu",
                                                                      "done_on": "2026-06-01"}).json()
    assert (done["result"], done["org_id"]) == ("Vượt chỉ tiêu", t.cell1.pk)
    assert [x["title"] for x in api.get(f"{url}/tasks").json()] == ["Vận động hội viên nông dân"]
    paper = api.post(f"{url}/papers", {"year": 2026, "kind": "plan", "signed_on": "2025-12-28"}).json()
    assert paper["kind_name"] == "Kế hoạch phấn đấu, rèn luyện cá nhân"
    commune = Api(user_with(Role.ORG_COMMISSION, org=t.commune))  # sees the cell where the member lives
    liaison = commune.post(f"{url}/liaisons", {"year": 2026, "residence_cell_id": t.cell2.pk, "introduced_on": "2026-01-10",
                                           "confirmed_on": "2026-11-20", "comment": "Gương mẫu nơi cư trú"})
    assert liaison.status_code == 201, liaison.content.decode()
    assert liaison.json()["residence_cell_name"] == "Chi bộ thôn Păng Tiêng"
    before = state()
    assert_error(api.post(f"{url}/tasks", {"title": " ", "assigned_on": "2026-02-01"}), 400, field="title")
    assert_error(api.post(f"{url}/tasks", {"title": "x", "assigned_on": "2026-02-01", "due_on": "2026-01-01"}), 400,
                 field="due_on")
    assert_error(api.post(f"{url}/papers", {"year": 2026, "kind": "plan", "signed_on": "2020-01-01"}), 400,
                 field="signed_on")
    assert_error(api.post(f"{url}/papers", {"year": 2026, "kind": "letter", "signed_on": "2026-01-01"}), 422,
                 field="kind")
    assert_error(api.post(f"{url}/liaisons", {"year": 2026}), 400, field="residence_cell")
    assert_error(api.post(f"{url}/liaisons", {"year": 2026, "residence_cell_name": "x", "confirmed_on": "2026-02-01"}),
                 400, field="comment")
    assert state() == before


# --- roles -----------------------------------------------------------------------------------------------------


def test_inspection_reads_but_cannot_write(world):
    t = world.tree
    inspector = Api(user_with(Role.INSPECTION, org=t.district))
    m = f"/api/meetings/{world.meeting.pk}"
    assert inspector.get(m).json()["present"] == 2
    assert len(items(inspector.get("/api/meetings", org=t.cell1.pk))) == 2
    assert len(inspector.get(f"{m}/roster").json()) == 3
    points = {c["code"]: c["points"] for c in example_sheet_criteria()}
    writes = [
        ("POST", "/api/meetings", {"org_id": t.cell1.pk, "kind": "regular", "date": "2026-04-28"}),
        ("PATCH", m, {"conclusion": "x"}),
        ("POST", f"{m}/attendance", {"entries": []}),
        ("POST", f"{m}/guests", {"member_ids": []}),
        ("POST", f"{m}/checks", {"checks": {}}),
        ("POST", f"{m}/scores", {"points": points}),
        ("POST", f"{m}/scores", {"scorer": "superior", "points": points}),
        ("POST", f"{m}/level", {"level": "good"}),
        ("POST", "/api/meetings/schedules", {"org_id": t.commune.pk, "kind": "fixed", "start_day": 3,
                                             "valid_from": "2027-01-01"}),
        ("POST", "/api/meetings/sheets", {"org_id": t.district.pk, "name": "x", "criteria": example_sheet_criteria(),
                                          "valid_from": "2027-01-01"}),
        ("POST", "/api/meetings/topic-plans", {"org_id": t.cell1.pk, "year": 2027, "topics": []}),
        ("POST", f"/api/meetings/topic-plans/{world.plan.pk}/approve", {"approved_on": "2026-02-01"}),
        ("POST", "/api/meetings/assignments", {"cell_id": t.cell1.pk, "member_id": world.boss.pk,
                                               "valid_from": "2026-01-01"}),
        ("POST", f"/api/meetings/assignments/{world.assignment.pk}/end", {"valid_to": "2026-12-01"}),
        ("POST", "/api/meetings/oversight-checks", {"cell_id": t.cell1.pk, "year": 2026, "half": 2,
                                                    "checked_on": "2026-11-01", "findings": "x"}),
        ("POST", f"/api/members/{world.b.pk}/tasks", {"title": "x", "assigned_on": "2026-02-01"}),
        ("POST", f"/api/member-tasks/{world.task.pk}/result", {"result": "x"}),
        ("POST", f"/api/members/{world.b.pk}/papers", {"year": 2026, "kind": "plan", "signed_on": "2026-01-05"}),
        ("POST", f"/api/members/{world.b.pk}/liaisons", {"year": 2026, "residence_cell_name": "x"}),
    ]
    before = state()
    for method, path, body in writes:
        refused = assert_error(inspector.call(method, path, body), 403)
        assert refused["code"] in ("forbidden", "G1-superior", "G3"), (path, refused)
    assert_error(upload(inspector, f"{m}/files"), 403, "forbidden")
    assert_error(delete(inspector, f"{m}/files/{world.file.pk}"), 403, "forbidden")
    assert_error(delete(inspector, m), 403, "forbidden")
    assert state() == before


def test_a_member_token_sees_only_their_own_cells_meetings(world):
    t = world.tree
    user = user_with(Role.MEMBER, member=world.b)
    _token, raw = account_services.token_issue(actor=user, user=user, name="điện thoại")
    api = Api(token=raw)
    other = services.meeting_save(actor=t.actor, org=t.cell2, kind="regular", date=D(2026, 3, 27)).meeting
    rows = items(api.get("/api/meetings", org=t.cell1.pk))
    assert {r["id"] for r in rows} == set(Meeting.objects.filter(org=t.cell1).values_list("pk", flat=True))
    assert_error(api.get("/api/meetings", org=t.cell2.pk), 404, "out_of_scope", "org")
    assert_error(api.get(f"/api/meetings/{other.pk}"), 404, "out_of_scope")
    body = api.get(f"/api/meetings/{world.meeting.pk}").json()
    assert [a["full_name"] for a in body["attendance"]] == ["Trần Thị Bình"]  # their own line only
    assert api.get("/api/meetings/schedules/in-force", org=t.cell1.pk).status_code == 200
    assert [x["title"] for x in api.get(f"/api/members/{world.b.pk}/tasks").json()] == ["Theo dõi an ninh thôn"]
    assert_error(api.get(f"/api/members/{world.c.pk}/tasks"), 404, "out_of_scope")
    assert_error(api.get(f"/api/meetings/{world.meeting.pk}/roster"), 404, "out_of_scope")
    before = state()
    assert_error(api.patch(f"/api/meetings/{world.meeting.pk}", {"conclusion": "x"}), 403, "forbidden")
    assert_error(api.post("/api/meetings", {"org_id": t.cell1.pk, "kind": "regular", "date": "2026-04-28"}), 404,
                 "out_of_scope", "org_id")
    assert_error(api.post(f"/api/members/{world.b.pk}/papers", {"year": 2026, "kind": "plan",
                                                               "signed_on": "2026-01-05"}), 403, "forbidden")
    assert state() == before
