"""/api/transfers/…: letters issued, listed, read, printed as DOCX and confirmed through the API with the user of
each level — the cell may not issue (403), a late receipt is refused until its reason is written, bad input names
the field in Vietnamese with nothing changed; every path tried from outside the scope (``OUTSIDER_CASES``,
collected by the meta-test in orgs/tests/test_api.py)."""

import datetime as dt
import io

import pytest
from docx import Document as open_docx

from dangbo.accounts.tests.test_api_auth import Api, assert_error, db_state
from dangbo.admissions.tests.test_api import ok, token_api
from dangbo.core.docx_format import CONTENT_TYPE as DOCX
from dangbo.core.testing import Role, user_with
from dangbo.members.choices import MemberStatus
from dangbo.members.models import Member
from dangbo.transfers import services
from dangbo.transfers.choices import LetterKind, Reason
from dangbo.transfers.models import TransferLetter

pytestmark = pytest.mark.django_db
D = dt.date
T = "/api/transfers"
LETTER = {"kind": "official", "issued_on": "2026-02-02", "reason": "new_job", "decision_ref": "QĐ 12-QĐ/UBND"}


def state():
    return (db_state(), list(TransferLetter.objects.order_by("pk").values_list(
        "pk", "number", "received_on", "receipt_note", "in_event_id")))


class World:
    """Cell 1's and cell 2's secretaries, the commune's and the district's organisation commission; An, an
    official member of cell 1."""

    def __init__(self, tree):
        self.tree = t = tree
        self.secretary = user_with(Role.CELL_SECRETARY, org=t.cell1)
        self.receiver = user_with(Role.CELL_SECRETARY, org=t.cell2)
        self.commune = user_with(Role.ORG_COMMISSION, org=t.commune)
        self.district = user_with(Role.ORG_COMMISSION, org=t.district)
        self.an = t.member("Nguyễn Văn An")


@pytest.fixture
def world(tree):
    return World(tree)


def issued(world, **extra) -> dict:
    body = {**LETTER, "member": world.an.pk, "to_org": world.tree.cell2.pk, **extra}
    return ok(token_api(world.commune).post(f"{T}/letters", body), 201)


def test_issued_listed_read_and_received_through_the_api(world):
    t = world.tree
    body = issued(world)
    letter = body["letter"]
    assert body["notices"] == []
    assert letter == {**letter, "member_id": world.an.pk, "member_name": "Nguyễn Văn An", "kind": "official",
                      "issued_on": "2026-02-02", "issuer_id": t.commune.pk, "from_org_id": t.cell1.pk,
                      "to_org_id": t.cell2.pk, "to_external": "", "destination": t.cell2.name, "reason": "new_job",
                      "present_by": "2026-03-23", "received_on": None, "decision_ref": "QĐ 12-QĐ/UBND"}
    assert letter["number"].startswith("01-GGT/")
    world.an.refresh_from_db()
    assert world.an.status == MemberStatus.TRANSFERRED_OUT

    commune = Api(world.commune)
    out = ok(commune.get(f"{T}/letters", org=t.commune.pk, on="2026-02-10"))
    assert out["count"] == 1 and out["items"][0]["state"] == "in_transit"
    assert ok(commune.get(f"{T}/letters", org=t.commune.pk, on="2026-02-01"))["count"] == 0  # not yet issued
    assert ok(commune.get(f"{T}/letters", org=t.commune.pk, on="2026-04-01", state="overdue"))["count"] == 1
    assert ok(commune.get(f"{T}/letters", org=t.commune.pk, on="2026-02-10", kind="temporary"))["count"] == 0
    assert ok(commune.get(f"{T}/letters", org=t.commune.pk, on="2026-02-10", q="nguyen van an"))["count"] == 1
    receiver = Api(world.receiver)
    incoming = ok(receiver.get(f"{T}/letters", org=t.cell2.pk, direction="in", on="2026-02-10"))
    assert [row["id"] for row in incoming["items"]] == [letter["id"]]
    assert ok(receiver.get(f"{T}/letters", org=t.cell2.pk, on="2026-02-10"))["count"] == 0  # nothing went out
    assert ok(receiver.get(f"{T}/letters/{letter['id']}"))["number"] == letter["number"]

    done = ok(receiver.post(f"{T}/letters/{letter['id']}/receive", {"received_on": "2026-02-20"}))
    assert done["notices"] == [] and done["letter"]["received_on"] == "2026-02-20"
    assert done["letter"]["state"] == "received"
    world.an.refresh_from_db()
    assert (world.an.status, world.an.org_id) == (MemberStatus.OFFICIAL, t.cell2.pk)


def test_a_late_receipt_is_refused_then_accepted_with_its_reason(world):
    letter = issued(world)["letter"]
    receiver = Api(world.receiver)
    path = f"{T}/letters/{letter['id']}/receive"
    before = state()
    refused = assert_error(receiver.post(path, {"received_on": "2026-03-30"}), 400, "M14", "note")
    assert "quá hạn 5 ngày làm việc" in refused["message"] and refused["citation"]
    assert state() == before
    done = ok(receiver.post(path, {"received_on": "2026-03-30", "note": "Đồng chí ốm, nằm viện đến 27/3."}))
    [notice] = done["notices"]
    assert notice["rule"] == "M14" and notice["citation"] and "quá hạn" in notice["text"]
    assert done["letter"]["receipt_note"] == "Đồng chí ốm, nằm viện đến 27/3."
    assert_error(receiver.post(path, {"received_on": "2026-03-31"}), 400, "M14", "received_on")  # once only


def test_the_cell_may_not_issue_nor_the_sender_confirm(world):
    t = world.tree
    body = {**LETTER, "member": world.an.pk, "to_org": t.cell2.pk}
    before = state()
    refused = assert_error(Api(world.secretary).post(f"{T}/letters", body), 403, "M14-power")
    assert "do Đảng bộ xã Đạ Sar cấp" in refused["message"]
    # out of the district: the district's letter, not the commune's
    assert_error(Api(world.commune).post(f"{T}/letters", {**body, "to_org": t.other_cell.pk}), 403, "M14-power")
    assert_error(Api(user_with(Role.INSPECTION, org=t.commune)).post(f"{T}/letters", body), 403)
    assert state() == before
    letter = ok(Api(world.district).post(f"{T}/letters", {**body, "to_org": t.other_cell.pk}), 201)["letter"]
    assert letter["issuer_id"] == t.district.pk
    # the sending side sees the letter but the receiving cell confirms it
    before = state()
    assert_error(Api(world.secretary).post(f"{T}/letters/{letter['id']}/receive", {"received_on": "2026-02-10"}),
                 403, "forbidden")
    assert state() == before


def test_bad_input_names_the_field_and_changes_nothing(world):
    t = world.tree
    api = Api(world.commune)
    body = {**LETTER, "member": world.an.pk, "to_org": t.cell2.pk}
    before = state()
    refused = assert_error(api.post(f"{T}/letters", {**body, "issued_on": "02/02/2026"}), 422, "validation",
                           "issued_on")
    assert refused["message"].startswith("Ngày giới thiệu (issued_on)")
    assert_error(api.post(f"{T}/letters", {**body, "kind": "forever"}), 422, "validation", "kind")
    assert_error(api.post(f"{T}/letters", {**body, "to_org": 999_999}), 404, "out_of_scope", "to_org")
    assert_error(api.post(f"{T}/letters", {**body, "to_external": "Đảng bộ phường X"}), 400, "M14", "to_org")
    assert_error(api.post(f"{T}/letters", {**body, "to_org": t.cell1.pk}), 400, "M14", "to_org")
    assert_error(api.post(f"{T}/letters", {**body, "reason": "stay"}), 400, "M14", "reason")
    assert_error(api.post(f"{T}/letters", {**body, "colour": "đỏ"}), 422, "validation", "colour")
    temporary = {**body, "kind": "temporary", "reason": "stay", "stay_until": "2026-03-01"}
    assert_error(api.post(f"{T}/letters", temporary), 400, "M14", "note")
    assert_error(api.get(f"{T}/letters", org=t.commune.pk, direction="up"), 422, "validation", "direction")
    assert_error(api.get(f"{T}/letters", org=t.commune.pk, on="2026-02-30"), 422, "validation", "on")
    assert state() == before
    done = ok(api.post(f"{T}/letters", {**temporary, "note": "Đi tập huấn ngắn hạn, cấp ủy đồng ý."}), 201)
    assert done["letter"]["kind"] == "temporary" and done["letter"]["stay_until"] == "2026-03-01"
    assert [n["rule"] for n in done["notices"]] == ["M14"]


def test_members_who_left_and_never_arrived(world):
    t = world.tree
    gone, came = t.member("Lê Văn Cường"), t.member("Phạm Thị Dung", gender="F")
    old = services.letter_issue(actor=t.actor, member=gone, kind=LetterKind.OFFICIAL, issued_on=D(2025, 11, 3),
                                reason=Reason.NEW_JOB, to_org=t.other_cell).letter
    arrived = services.letter_issue(actor=t.actor, member=came, kind=LetterKind.OFFICIAL, issued_on=D(2025, 11, 3),
                                    reason=Reason.NEW_JOB, to_org=t.cell2).letter
    services.letter_receive(actor=t.actor, letter=arrived, received_on=D(2025, 11, 10))
    api = Api(world.district)
    body = ok(api.get(f"{T}/not-arrived", org=t.district.pk, on="2026-02-10"))
    assert [(row["id"], row["state"]) for row in body["items"]] == [(old.pk, "overdue")]
    assert ok(api.get(f"{T}/not-arrived", org=t.district.pk, on="2025-11-05"))["count"] == 0  # still in time
    assert Member.objects.get(pk=gone.pk).status == MemberStatus.TRANSFERRED_OUT


def test_the_docx_opens_back_as_the_letter(world):
    letter = issued(world)["letter"]
    response = Api(world.receiver).get(f"{T}/letters/{letter['id']}/docx")
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert "attachment" in response["Content-Disposition"] and ".docx" in response["Content-Disposition"]
    doc = open_docx(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG" in text and "Đồng chí: Nguyễn Văn An" in text
    assert "chậm nhất ngày 23/03/2026" in text and "PHIẾU BÁO ĐÃ NHẬN GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG" in text
    assert f"Số {letter['number']}" in [p.text for p in doc.tables[0].rows[0].cells[0].paragraphs]


def test_the_list_paginates_in_a_fixed_number_of_queries(world, django_assert_num_queries):
    t = world.tree
    for i, name in enumerate(("Lê Văn Cường", "Phạm Thị Dung", "Võ Văn Em")):
        member = t.member(name)
        services.letter_issue(actor=t.actor, member=member, kind=LetterKind.OFFICIAL, issued_on=D(2026, 2, 2 + i),
                              reason=Reason.NEW_JOB, to_org=t.cell2)
    api = Api(t.actor)
    api.get(f"{T}/letters", org=t.district.pk, on="2026-03-01")  # warm the session
    with django_assert_num_queries(6):  # session, user, grants; the org; count; the page with its names
        body = ok(api.get(f"{T}/letters", org=t.district.pk, on="2026-03-01", page_size=2))
    assert (body["count"], body["pages"], len(body["items"])) == (3, 2, 2)


# --- out of scope: the secretary of cell 2 against a letter from cell 1 to the other district ---------------------


class Ctx(World):
    def __init__(self, tree):
        super().__init__(tree)
        self.outsider = Api(user_with(Role.CELL_SECRETARY, org=tree.cell2))
        self.letter = services.letter_issue(actor=tree.actor, member=self.an, kind=LetterKind.OFFICIAL,
                                            issued_on=D(2026, 2, 2), reason=Reason.NEW_JOB,
                                            to_org=tree.other_cell).letter
        self.binh = tree.member("Trần Thị Bình", gender="F")


def _list(ctx):
    t = ctx.tree
    for org in (t.cell1, t.commune, t.other_cell):
        for direction in ("out", "in"):
            assert_error(ctx.outsider.get(f"{T}/letters", org=org.pk, direction=direction), 404, "out_of_scope",
                         "org")
    assert ok(ctx.outsider.get(f"{T}/letters", org=t.cell2.pk, direction="in"))["count"] == 0


def _detail(ctx):
    assert_error(ctx.outsider.get(f"{T}/letters/{ctx.letter.pk}"), 404, "out_of_scope")


def _docx(ctx):
    assert_error(ctx.outsider.get(f"{T}/letters/{ctx.letter.pk}/docx"), 404, "out_of_scope")


def _issue(ctx):
    body = {**LETTER, "member": ctx.binh.pk, "to_org": ctx.tree.cell2.pk}
    assert_error(ctx.outsider.post(f"{T}/letters", body), 404, "out_of_scope", "member")


def _receive(ctx):
    assert_error(ctx.outsider.post(f"{T}/letters/{ctx.letter.pk}/receive", {"received_on": "2026-02-10"}), 404,
                 "out_of_scope")


def _not_arrived(ctx):
    for org in (ctx.tree.cell1, ctx.tree.commune, ctx.tree.other_cell):
        assert_error(ctx.outsider.get(f"{T}/not-arrived", org=org.pk, on="2026-06-01"), 404, "out_of_scope", "org")


OUTSIDER_CASES = {
    ("GET", "/api/transfers/letters"): _list,
    ("GET", "/api/transfers/letters/{letter_id}"): _detail,
    ("GET", "/api/transfers/letters/{letter_id}/docx"): _docx,
    ("POST", "/api/transfers/letters"): _issue,
    ("POST", "/api/transfers/letters/{letter_id}/receive"): _receive,
    ("GET", "/api/transfers/not-arrived"): _not_arrived,
}


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_gets_404_and_nothing_changes(tree, key):
    ctx = Ctx(tree)
    before = state()
    OUTSIDER_CASES[key](ctx)
    assert state() == before
