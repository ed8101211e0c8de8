"""The member endpoints of the JSON API: list and record, lifecycle events, corrections, discipline, members on a
date — each under the scopes of the UI, and each tried from outside the scope (``OUTSIDER_CASES``)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.accounts.tests.test_api_auth import Api, assert_error, db_state
from dangbo.core.testing import Role, cccd_for, user_with
from dangbo.members.choices import EventKind
from dangbo.members.models import DisciplineDecision, LifecycleEvent, Member
from dangbo.members.services import event_record

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content.decode()
    body = response.json()
    return [row["id"] for row in (body["items"] if isinstance(body, dict) else body)]


def person(name="Hoàng Văn Nam", gender="M", born=dt.date(1990, 4, 5), serial=777, **extra) -> dict:
    return {"full_name": name, "gender": gender, "date_of_birth": born.isoformat(),
            "cccd": cccd_for(gender, born, serial), **extra}


DISCIPLINE = {"form": "reprimand", "date": "2022-01-01", "decided_by": "Chi bộ", "reason": "Vi phạm quy chế"}


# --- out of scope: a cell secretary of cell2 against members of cell1 and of another district -------------


class Ctx:
    def __init__(self, tree):
        self.tree = tree
        self.member = tree.member("Trần Thị Bình", gender="F", org=tree.cell1)
        self.far = tree.member("Lê Văn Cường", org=tree.other_cell)
        self.own = tree.member("Đỗ Văn Dũng", org=tree.cell2)
        self.event = self.member.events.first()
        self.outsider = Api(user_with(Role.CELL_SECRETARY, org=tree.cell2))


def _list(ctx):
    assert ids(ctx.outsider.get("/api/members", include_left="true")) == [ctx.own.pk]
    assert ids(ctx.outsider.get("/api/members", q="binh")) == []
    assert_error(ctx.outsider.get("/api/members", org=ctx.tree.cell1.pk), 404, "out_of_scope", "org")


def _detail(ctx):
    for member in (ctx.member, ctx.far):
        assert_error(ctx.outsider.get(f"/api/members/{member.pk}"), 404, "out_of_scope")


def _create(ctx):
    body = {**person(), "org_id": ctx.tree.cell1.pk, "admitted_on": "2020-01-01"}
    assert_error(ctx.outsider.post("/api/members", body), 404, "out_of_scope", "org_id")


def _update(ctx):
    assert_error(ctx.outsider.patch(f"/api/members/{ctx.member.pk}", {"residence": "Hà Nội"}), 404, "out_of_scope")


def _events(ctx):
    assert_error(ctx.outsider.get(f"/api/members/{ctx.member.pk}/events"), 404, "out_of_scope")


def _record(ctx):
    body = {"kind": "transfer", "date": "2022-01-01", "org_id": ctx.tree.cell2.pk}
    assert_error(ctx.outsider.post(f"/api/members/{ctx.member.pk}/events", body), 404, "out_of_scope")
    # Its own member, sent to a cell it cannot see.
    body = {"kind": "transfer", "date": "2022-01-01", "org_id": ctx.tree.cell1.pk}
    assert_error(ctx.outsider.post(f"/api/members/{ctx.own.pk}/events", body), 404, "out_of_scope", "org_id")


def _correct(ctx):
    body = {"date": "2018-06-01", "note": "ghi nhầm ngày"}
    assert_error(ctx.outsider.post(f"/api/events/{ctx.event.pk}/correct", body), 404, "out_of_scope")
    own_event = ctx.own.events.first()
    assert_error(ctx.outsider.post(f"/api/events/{own_event.pk}/correct", {**body, "org_id": ctx.tree.cell1.pk}),
                 404, "out_of_scope", "org_id")


def _member_discipline(ctx):
    assert_error(ctx.outsider.post(f"/api/members/{ctx.member.pk}/discipline", DISCIPLINE), 404, "out_of_scope")


def _org_discipline(ctx):
    assert_error(ctx.outsider.post(f"/api/orgs/{ctx.tree.cell1.pk}/discipline", DISCIPLINE), 404, "out_of_scope")


def _members_on(ctx):
    for org in (ctx.tree.cell1, ctx.tree.commune):
        assert_error(ctx.outsider.get(f"/api/orgs/{org.pk}/members", on="2020-01-01"), 404, "out_of_scope")


OUTSIDER_CASES = {
    ("GET", "/api/members"): _list,
    ("GET", "/api/members/{member_id}"): _detail,
    ("POST", "/api/members"): _create,
    ("PATCH", "/api/members/{member_id}"): _update,
    ("GET", "/api/members/{member_id}/events"): _events,
    ("POST", "/api/members/{member_id}/events"): _record,
    ("POST", "/api/events/{event_id}/correct"): _correct,
    ("POST", "/api/members/{member_id}/discipline"): _member_discipline,
    ("POST", "/api/orgs/{org_id}/discipline"): _org_discipline,
    ("GET", "/api/orgs/{org_id}/members"): _members_on,
}


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_gets_404_and_nothing_changes(tree, key):
    ctx = Ctx(tree)
    before = db_state()
    OUTSIDER_CASES[key](ctx)
    assert db_state() == before


# --- reads ------------------------------------------------------------------------------------------------


def test_list_in_vietnamese_name_order_with_filters(tree, admin):
    binh = tree.member("Nguyễn Văn Bình")
    an = tree.member("Trần Thị An", gender="F", org=tree.cell2, political_theory="trung_cap")
    anh = tree.member("Lê Văn Ánh", category="nong_dan", official=None, admitted=dt.date(2024, 2, 1))
    duc = tree.member("Đặng Văn Đức", org=tree.other_cell)
    api = Api(admin)
    assert ids(api.get("/api/members")) == [an.pk, anh.pk, binh.pk, duc.pk]
    assert ids(api.get("/api/members", q="DANG VAN DUC")) == [duc.pk]
    assert ids(api.get("/api/members", gender="F")) == [an.pk]
    assert ids(api.get("/api/members", status="probationary")) == [anh.pk]
    assert ids(api.get("/api/members", category="nong_dan")) == [anh.pk]
    assert ids(api.get("/api/members", political_theory="trung_cap")) == [an.pk]
    assert ids(api.get("/api/members", org=tree.commune.pk)) == [an.pk, anh.pk, binh.pk]
    event_record(actor=admin, member=binh, kind=EventKind.DEATH, date=dt.date(2023, 1, 1))
    assert binh.pk not in ids(api.get("/api/members"))
    assert binh.pk in ids(api.get("/api/members", include_left="true"))
    page = api.get("/api/members", page_size=2, page=2).json()
    assert (page["count"], page["pages"], [m["id"] for m in page["items"]]) == (3, 2, [duc.pk])
    assert_error(api.get("/api/members", status="dang_song"), 422, "validation", "status")


def test_list_queries_do_not_grow_with_rows(tree, admin):
    api = Api(admin)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/api/members", page_size=500).status_code == 200
        return len(captured)

    tree.member("Nguyễn Văn An")
    few = queries()
    for i, org in enumerate([tree.cell2, tree.agency, tree.other_cell] * 2):
        tree.member(f"Lê Văn Số {i}", org=org)
    assert queries() == few


def test_detail_has_the_whole_record(tree, admin):
    member = tree.member("Trần Thị Bình", gender="F", residence="Lạc Dương")
    body = Api(admin).get(f"/api/members/{member.pk}").json()
    assert (body["full_name"], body["cccd"], body["residence"], body["org_id"], body["org_name"]) == (
        "Trần Thị Bình", member.cccd, "Lạc Dương", tree.cell1.pk, "Chi bộ thôn Đạ Nghịt")
    assert (body["status"], body["admitted_on"], body["official_on"]) == ("official", "2018-05-19", "2019-05-19")


def test_members_of_a_subtree_on_a_date(tree, admin):
    member = tree.member()
    event_record(actor=admin, member=member, kind=EventKind.TRANSFER, date=dt.date(2022, 1, 1), org=tree.agency)
    api = Api(admin)
    assert ids(api.get(f"/api/orgs/{tree.commune.pk}/members", on="2021-12-31")) == [member.pk]
    assert ids(api.get(f"/api/orgs/{tree.commune.pk}/members", on="2022-01-01")) == []
    assert ids(api.get(f"/api/orgs/{tree.agency.pk}/members", on="2022-01-01")) == [member.pk]
    assert_error(api.get(f"/api/orgs/{tree.commune.pk}/members", on="2022-13-01"), 422, "validation", "on")


# --- writes -----------------------------------------------------------------------------------------------


def test_create_member(tree):
    api = Api(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    body = {**person(), "org_id": tree.cell1.pk, "admitted_on": "2020-01-15", "official_on": "2021-01-20",
            "political_theory": "so_cap"}
    response = api.post("/api/members", body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["status"], created["official_on"], created["org_id"]) == ("official", "2021-01-15", tree.cell1.pk)
    member = Member.objects.get(pk=created["id"])
    assert (member.full_name, member.political_theory, member.events.count()) == ("Hoàng Văn Nam", "so_cap", 2)


def test_create_refuses_bad_input_in_vietnamese(tree, admin):
    api = Api(admin)
    before = db_state()
    body = {**person(), "org_id": tree.cell1.pk, "admitted_on": "2020-01-15"}
    error = assert_error(api.post("/api/members", {**body, "cccd": "001099000001"}), 400, "CCCD", "cccd")
    assert "năm sinh" in error["message"] and error["citation"]
    error = assert_error(api.post("/api/members", {**body, "admitted_on": "2005-01-01"}), 400, "M1")
    assert "18 tuổi" in error["message"]
    assert_error(api.post("/api/members", {**body, "org_id": tree.commune.pk}), 400, "M14")
    error = assert_error(api.post("/api/members", {k: v for k, v in body.items() if k != "gender"}), 422,
                         "validation", "gender")
    assert "Giới tính (gender): bắt buộc phải có" in error["message"]
    assert_error(api.post("/api/members", {**body, "gender": "X"}), 422, "validation", "gender")
    assert db_state() == before


def test_patch_changes_only_what_is_sent(tree, admin):
    member = tree.member("Trần Thị Bình", gender="F", residence="Lạc Dương", occupation="Giáo viên")
    api = Api(admin)
    response = api.patch(f"/api/members/{member.pk}", {"residence": "Đà Lạt", "full_name": "Trần Thị  Bình An"})
    assert response.status_code == 200, response.content
    member.refresh_from_db()
    assert (member.residence, member.occupation, member.full_name) == ("Đà Lạt", "Giáo viên", "Trần Thị Bình An")
    before = db_state()
    assert_error(api.patch(f"/api/members/{member.pk}", {"cccd": "123"}), 400, "CCCD", "cccd")
    assert_error(api.patch(f"/api/members/{member.pk}", {"status": "expelled"}), 422, "validation", "status")
    assert db_state() == before


def test_events_record_and_list(tree):
    member = tree.member()
    api = Api(user_with(Role.CELL_SECRETARY, org=tree.commune))
    response = api.post(f"/api/members/{member.pk}/events", {"kind": "transfer", "date": "2022-01-01",
                                                             "org_id": tree.cell2.pk, "decision_ref": "05-QĐ/ĐU"})
    assert response.status_code == 201, response.content
    assert (response.json()["kind"], response.json()["org_name"]) == ("transfer", "Chi bộ thôn Păng Tiêng")
    member.refresh_from_db()
    assert member.org == tree.cell2
    events = api.get(f"/api/members/{member.pk}/events").json()
    assert [(e["kind"], e["date"]) for e in events] == [("admit", "2018-05-19"), ("recognize", "2019-05-19"),
                                                        ("transfer", "2022-01-01")]
    assert events[2]["kind_name"] == "Chuyển sinh hoạt chính thức (trong hệ thống)"


def test_recognising_an_official_member_again_is_refused_with_its_rule(tree, admin):
    member = tree.member()
    before = db_state()
    body = assert_error(Api(admin).post(f"/api/members/{member.pk}/events", {"kind": "recognize",
                                                                            "date": "2021-01-01"}), 400, "M-SEQ")
    assert "đã là đảng viên chính thức" in body["message"] and "Điều lệ Đảng" in body["citation"]
    assert db_state() == before


def test_transfer_into_a_dissolved_cell_is_refused(tree, admin):
    member = tree.member()
    Api(admin).post(f"/api/orgs/{tree.cell2.pk}/dissolve", {"on": "2020-01-01"})
    before = db_state()
    body = assert_error(Api(admin).post(f"/api/members/{member.pk}/events", {
        "kind": "transfer", "date": "2021-01-01", "org_id": tree.cell2.pk}), 400, "M14")
    assert "giải thể" in body["message"]
    assert db_state() == before


def test_correct_an_event_keeps_the_old_row(tree, admin):
    member = tree.member()
    transfer = event_record(actor=admin, member=member, kind=EventKind.TRANSFER, date=dt.date(2022, 1, 1),
                            org=tree.cell2)
    api = Api(admin)
    assert_error(api.post(f"/api/events/{transfer.pk}/correct", {"date": "2022-02-01", "note": ""}), 400,
                 field="note")
    response = api.post(f"/api/events/{transfer.pk}/correct", {"date": "2022-02-01", "note": "ghi nhầm ngày"})
    assert response.status_code == 201, response.content
    correction = response.json()
    assert (correction["supersedes_id"], correction["date"]) == (transfer.pk, "2022-02-01")
    events = {e["id"]: e for e in api.get(f"/api/members/{member.pk}/events").json()}
    assert events[transfer.pk]["superseded_by_id"] == correction["id"]
    assert member.registrations.get(org=tree.cell2).valid_from == dt.date(2022, 2, 1)
    voided = api.post(f"/api/events/{correction['id']}/correct", {"void": True, "note": "không chuyển"})
    assert voided.status_code == 201 and voided.json()["is_void"] is True
    member.refresh_from_db()
    assert member.org == tree.cell1
    assert LifecycleEvent.objects.filter(member=member).count() == 5


def test_discipline_member_and_org(tree, admin):
    member = tree.member()
    probationary = tree.member("Lê Thị Hoa", gender="F", official=None, admitted=dt.date(2024, 3, 1))
    api = Api(user_with(Role.CELL_SECRETARY, org=tree.commune))
    response = api.post(f"/api/members/{member.pk}/discipline", DISCIPLINE)
    assert response.status_code == 201, response.content
    assert (response.json()["member_id"], response.json()["org_id"]) == (member.pk, tree.cell1.pk)
    before = db_state()
    body = assert_error(api.post(f"/api/members/{probationary.pk}/discipline", {**DISCIPLINE, "form": "expulsion"}),
                        400, "M15", "form")
    assert "dự bị" in body["message"]
    assert db_state() == before
    response = api.post(f"/api/orgs/{tree.cell2.pk}/discipline", {**DISCIPLINE, "form": "warning"})
    assert response.status_code == 201 and response.json()["is_org_discipline"] is True
    assert_error(api.post(f"/api/orgs/{tree.cell2.pk}/discipline", {**DISCIPLINE, "form": "removal"}), 400, "M15")
    assert DisciplineDecision.objects.count() == 2


# --- roles ------------------------------------------------------------------------------------------------


def test_inspection_reads_but_cannot_write(tree):
    member = tree.member()
    inspector = Api(user_with(Role.INSPECTION, org=tree.commune))
    assert ids(inspector.get("/api/members")) == [member.pk]
    assert inspector.get(f"/api/members/{member.pk}").status_code == 200
    assert len(inspector.get(f"/api/members/{member.pk}/events").json()) == 2
    assert ids(inspector.get(f"/api/orgs/{tree.commune.pk}/members")) == [member.pk]
    before = db_state()
    writes = [
        ("POST", "/api/members", {**person(), "org_id": tree.cell1.pk, "admitted_on": "2020-01-01"}),
        ("PATCH", f"/api/members/{member.pk}", {"residence": "Hà Nội"}),
        ("POST", f"/api/members/{member.pk}/events", {"kind": "exempt", "date": "2022-01-01"}),
        ("POST", f"/api/events/{member.events.first().pk}/correct", {"date": "2018-06-01", "note": "sửa"}),
        ("POST", f"/api/members/{member.pk}/discipline", DISCIPLINE),
        ("POST", f"/api/orgs/{tree.cell1.pk}/discipline", DISCIPLINE),
    ]
    for method, path, body in writes:
        assert_error(inspector.call(method, path, body), 403, "forbidden")
    assert db_state() == before


def test_member_role_sees_only_their_own_record(tree):
    me, other = tree.member("Trần Thị Bình", gender="F"), tree.member("Lê Văn Cường")
    api = Api(user_with(Role.MEMBER, member=me))
    assert ids(api.get("/api/members", include_left="true")) == [me.pk]
    assert api.get(f"/api/members/{me.pk}").json()["cccd"] == me.cccd
    assert len(api.get(f"/api/members/{me.pk}/events").json()) == 2
    assert_error(api.get(f"/api/members/{other.pk}"), 404, "out_of_scope")
    assert_error(api.get(f"/api/members/{other.pk}/events"), 404, "out_of_scope")
    assert_error(api.get(f"/api/orgs/{tree.cell1.pk}/members"), 404, "out_of_scope")
    before = db_state()
    assert_error(api.patch(f"/api/members/{me.pk}", {"residence": "Hà Nội"}), 403, "forbidden")
    assert_error(api.post(f"/api/members/{me.pk}/events", {"kind": "exempt", "date": "2022-01-01"}), 403)
    assert db_state() == before


def test_readmission_with_its_letter_and_leave_reason_through_the_api(tree, admin):
    member = tree.member(admitted=dt.date(2016, 5, 19), official=dt.date(2017, 5, 19))
    api = Api(admin)
    url = f"/api/members/{member.pk}/events"
    response = api.post(url, {"kind": "expel", "date": "2020-01-01", "leave_reason": "other"})
    assert response.status_code == 201, response.content
    assert response.json()["leave_reason"] == "other"
    body = {"kind": "admit", "date": "2024-03-01", "org_id": tree.cell1.pk}
    assert_error(api.post(url, body), 400, "M12", "approval")
    letter = {"rule": "M12", "decision_ref": "88-CV/TU", "decided_on": "2024-02-01",
              "decided_by": "Ban Thường vụ Tỉnh ủy", "reason": "Đủ điều kiện điểm 3.5.1"}
    response = api.post(url, {**body, "approvals": [letter]})
    assert response.status_code == 201, response.content
    [approval] = response.json()["approvals"]
    assert approval["decision_ref"] == "88-CV/TU" and "24-QĐ/TW" in approval["citation"]
    events = api.get(url).json()
    assert events[0]["leave_reason"] is None and events[-1]["approvals"][0]["rule"] == "M12"
