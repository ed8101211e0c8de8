"""One meeting's pages: the full form, the detail with its G2 verdict, guests, checks, scoring sheet or level,
minutes files, deletion — each happy path, each refusal changing nothing, and the read-only role."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangbo.accounts.models import AuditEntry
from dangbo.core.dates import today
from dangbo.meetings import rules, services
from dangbo.meetings.models import Meeting, MeetingFile, MeetingGuest, MeetingScore
from dangbo.orgs.services import committee_seat_assign, term_open

pytestmark = pytest.mark.django_db
D = dt.date
CRITERIA = [{"code": "du_hop", "name": "Dự họp đầy đủ", "points": 40, "must_full": True},
            {"code": "noi_dung", "name": "Nội dung sinh hoạt", "points": 60}]


def body(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def messages_of(page: str) -> str:
    found = re.search(r'<ul class="messages">.*?</ul>', page, re.S)
    return found.group(0) if found else ""


def url(name, meeting, **extra):
    return reverse(f"meetings:{name}", kwargs={"pk": meeting.pk, **extra})


def attend(admin, meeting, answers=None):
    entries = {m.pk: (answers or {}).get(m.pk, ("P", "")) for m, exempt in services.roster(meeting) if not exempt}
    return services.attendance_record(actor=admin, meeting=meeting, entries=entries)


@pytest.fixture
def meeting(tree, admin, people):
    m = services.meeting_save(actor=admin, org=tree.cell1, kind="regular", date=D(2024, 3, 5),
                              starts_at=dt.time(8), ends_at=dt.time(10), conclusion="Đẩy mạnh thu hoạch").meeting
    return attend(admin, m)


def state():
    return (list(Meeting.objects.order_by("id").values_list(
        "kind", "date", "month", "starts_at", "ends_at", "conclusion", "checks", "level", "present", "unexcused")),
        MeetingGuest.objects.count(), MeetingScore.objects.count(), MeetingFile.objects.count(),
        AuditEntry.objects.count())


# --- the form ------------------------------------------------------------------------------------------------------

def test_create_records_every_field_and_shows_the_warnings(client, tree, admin, people, secretary):
    a = people[0]
    plan = services.topic_plan_save(actor=admin, org=tree.cell1, year=2024,
                                    topics=[(1, "Học tập và làm theo tư tưởng Hồ Chí Minh")])
    services.topic_plan_approve(actor=admin, plan=plan, approved_on=D(2024, 1, 20), approved_ref="15-QĐ/ĐU")
    topic = plan.topics.get()
    client.force_login(secretary)
    create = reverse("meetings:create", kwargs={"pk": tree.cell1.pk})
    form = body(client.get(create, {"loai": "thematic", "thang": "2024-02"}))
    assert "đã được cấp trên duyệt ngày 20/01/2024 (15-QĐ/ĐU)" in form
    assert 'value="01/02/2024"' in form and '<option value="thematic" selected>' in form
    assert "Năm 2024, quý 1: Học tập và làm theo tư tưởng Hồ Chí Minh" in form
    response = client.post(create, {
        "kind": "thematic", "date": "28/02/2024", "month": "02/2024", "starts_at": "19:30", "ends_at": "21:30",
        "place": "Nhà văn hóa thôn", "group_name": "", "agenda": "Chuyên đề quý I",
        "documents_posted_on": "26/02/2024", "topic": topic.pk, "combined_session": "on", "preparer": a.pk,
        "has_draft_resolution": "on", "conclusion_kind": "", "conclusion": ""}, follow=True)
    page = body(response)
    m = Meeting.objects.get()
    assert (m.kind, m.date, m.month, m.starts_at, m.ends_at) == ("thematic", D(2024, 2, 28), D(2024, 2, 1),
                                                                dt.time(19, 30), dt.time(21, 30))
    assert (m.place, m.topic, m.combined_session, m.preparer, m.has_draft_resolution, m.documents_posted_on) == (
        "Nhà văn hóa thôn", topic, True, a, True, D(2024, 2, 26))
    notes = messages_of(page)
    assert "Đã ghi sinh hoạt chuyên đề ngày 28/02/2024" in notes and "chưa có nghị quyết hoặc kết luận" in notes
    assert 'class="warning"' in notes
    assert "Học tập và làm theo tư tưởng Hồ Chí Minh" in page and "đã được cấp trên duyệt ngày 20/01/2024" in page


@pytest.mark.parametrize("data, field_message", [
    ({"starts_at": "10:00", "ends_at": "09:00"}, "Giờ kết thúc phải sau giờ bắt đầu."),
    ({"month": "13/2024"}, "Kỳ sinh hoạt ghi dạng mm/yyyy"),
    ({"month": "01/2024"}, "Kỳ sinh hoạt tháng 01/2024 không thể họp ngày 05/03/2024"),
    ({"date": "31/02/2024"}, "Ngày phải có dạng dd/mm/yyyy."),
    ({"date": "05/03/2014"}, "không hoạt động ngày 05/03/2014"),
    ({"kind": "group"}, "Sinh hoạt tổ đảng cần ghi tên tổ đảng."),
    ({"documents_posted_on": "06/03/2024"}, "Ngày gửi tài liệu phải trước hoặc đúng ngày họp."),
])
def test_bad_input_names_the_field_and_changes_nothing(client, tree, admin, people, secretary, data, field_message):
    client.force_login(secretary)
    before = state()
    post = {"kind": "regular", "date": "05/03/2024", "month": "", "conclusion": "Kết luận", **data}
    page = body(client.post(reverse("meetings:create", kwargs={"pk": tree.cell1.pk}), post))
    assert field_message in page and 'role="alert"' in page
    assert state() == before


def test_topic_of_another_cell_or_year_is_refused(client, tree, admin, people, secretary):
    plan = services.topic_plan_save(actor=admin, org=tree.cell1, year=2023, topics=[(4, "Chuyên đề cũ")])
    client.force_login(secretary)
    before = state()
    page = body(client.post(reverse("meetings:create", kwargs={"pk": tree.cell1.pk}), {
        "kind": "thematic", "date": "05/03/2024", "topic": plan.topics.get().pk}))
    assert "không thuộc kế hoạch chuyên đề năm 2024" in page and state() == before


def test_edit_changes_the_record_and_keeps_the_attendance(client, tree, admin, meeting, secretary):
    client.force_login(secretary)
    data = {"kind": "regular", "date": "06/03/2024", "month": "03/2024", "starts_at": "08:00", "ends_at": "09:45",
            "conclusion_kind": "resolution", "conclusion": "Nghị quyết tháng 3"}
    form = body(client.get(url("edit", meeting)))
    assert 'value="05/03/2024"' in form and "Đẩy mạnh thu hoạch" in form
    page = body(client.post(url("edit", meeting), data, follow=True))
    meeting.refresh_from_db()
    assert (meeting.date, meeting.ends_at, meeting.conclusion_kind) == (D(2024, 3, 6), dt.time(9, 45), "resolution")
    assert set(meeting.attendance.values_list("date", flat=True)) == {D(2024, 3, 6)}
    assert "Đã lưu sinh hoạt định kỳ" in messages_of(page)


# --- the detail and its G2 verdict --------------------------------------------------------------------------------

def test_detail_shows_the_record_the_attendance_and_the_failures_by_group(client, tree, admin, people, secretary):
    a, b, c, d = people
    m = services.meeting_save(actor=admin, org=tree.cell1, kind="regular", date=D(2024, 3, 5),
                              starts_at=dt.time(8), ends_at=dt.time(9), conclusion="").meeting
    attend(admin, m, {b.pk: ("E", "ốm"), c.pk: ("U", "")})
    client.force_login(secretary)
    page = body(client.get(url("detail", m)))
    assert "Chưa đạt chất lượng theo 12-HD/BTCTW" in page
    verdict = re.search(r'id="verdict">.*?</div>', page, re.S).group(0)
    assert "Nhóm 1 dự họp" in verdict and "1 đảng viên vắng không lý do" in verdict
    assert "Nhóm 3 tiến hành" in verdict and "họp 60 phút, cần ít nhất 90 phút" in verdict
    assert "Nhóm 5 kết quả" in verdict and "chưa có nghị quyết hoặc kết luận" in verdict
    table = re.search(r'id="attendance">.*?</table>', page, re.S).group(0)
    assert "Trần Thị Bình" in table and "ốm" in table and "Vắng không lý do" in table
    assert "Chưa có nghị quyết hoặc kết luận" in page


def test_regular_meeting_meeting_every_criterion_is_rated_good_under_the_guidance_of_its_day(
        client, tree, admin, people, secretary):
    a = people[0]
    committee = term_open(actor=admin, org=tree.cell1, name="2020–2025", starts_on=D(2020, 8, 1))
    committee_seat_assign(actor=admin, committee=committee, member=a, post="secretary", starts_on=D(2020, 8, 1))
    services.meeting_save(actor=admin, org=tree.cell1, kind="preparation", date=D(2024, 3, 1))
    m = services.meeting_save(actor=admin, org=tree.cell1, kind="regular", date=D(2024, 3, 5),
                              starts_at=dt.time(8), ends_at=dt.time(10), preparer=a, has_draft_resolution=True,
                              documents_posted_on=D(2024, 3, 3), conclusion="Nghị quyết tháng 3").meeting
    attend(admin, m)
    services.checks_set(actor=admin, meeting=m, checks=dict.fromkeys(rules.MANUAL_CHECKS, True))
    client.force_login(secretary)
    page = body(client.get(url("detail", m)))
    assert "Đạt chất lượng theo 12-HD/BTCTW</b> — Hướng dẫn 12-HD/BTCTW (06/07/2018)" in page


def test_guests_checks_and_level(client, tree, admin, meeting, secretary):
    above = term_open(actor=admin, org=tree.commune, name="2020–2025", starts_on=D(2020, 8, 1))
    guest = tree.member("Hoàng Văn Khách", org=tree.cell2)
    committee_seat_assign(actor=admin, committee=above, member=guest, post="standing", starts_on=D(2020, 8, 1))
    client.force_login(secretary)
    page = body(client.get(url("detail", meeting)))
    assert "Hoàng Văn Khách — Ủy viên Ban Thường vụ Đảng bộ xã Đạ Sar" in page
    client.post(url("guests", meeting), {"members": [guest.pk]})
    assert list(meeting.guests.values_list("member_id", flat=True)) == [guest.pk]
    client.post(url("checks", meeting), {"content_complete": "on", "results": "on"})
    meeting.refresh_from_db()
    assert meeting.checks["content_complete"] and meeting.checks["results"] and not meeting.checks["many_spoke"]
    assert "Chưa có phiếu chấm điểm áp dụng" in body(client.get(url("detail", meeting)))
    client.post(url("level", meeting), {"level": "fair"})
    meeting.refresh_from_db()
    assert meeting.level == "fair"
    before = state()
    page = body(client.post(url("level", meeting), {"level": "excellent"}))
    assert "chọn một lựa chọn hợp lệ" in page and state() == before
    page = body(client.post(url("guests", meeting), {"members": [tree.member("Người Ngoài", org=tree.cell2).pk]}))
    assert "chọn một lựa chọn hợp lệ" in page or "không phải" in page.lower()
    assert list(meeting.guests.values_list("member_id", flat=True)) == [guest.pk]


def test_scoring_sheet_cell_and_superior(client, tree, admin, meeting, secretary, commission):
    services.sheet_save(actor=admin, org=tree.province, name="Phiếu chấm điểm sinh hoạt thường kỳ", kind="regular",
                        criteria=CRITERIA, valid_from=D(2023, 1, 1), decision_ref="08-QĐ/TU")
    client.force_login(secretary)
    page = body(client.get(url("detail", meeting)))
    assert 'id="score-cell"' in page and 'id="score-superior"' not in page and 'id="level"' not in page
    client.post(url("score", meeting, scorer="cell"), {"cell-du_hop": "40", "cell-noi_dung": "55,5"})
    meeting.refresh_from_db()
    assert (meeting.level, meeting.score) == ("good", 95.5)
    before = state()
    page = body(client.post(url("score", meeting, scorer="cell"), {"cell-du_hop": "41", "cell-noi_dung": "50"}))
    assert "Điểm tiêu chí “Dự họp đầy đủ” phải từ 0 đến 40." in page and state() == before
    refused = client.post(url("score", meeting, scorer="superior"), {"superior-du_hop": "30",
                                                                      "superior-noi_dung": "50"})
    assert refused.status_code == 403 and "cấp ủy cấp trên trực tiếp" in refused.content.decode()
    assert state() == before  # the cell may not score for the superior
    client.force_login(commission)
    assert 'id="score-superior"' in body(client.get(url("detail", meeting)))
    client.post(url("score", meeting, scorer="superior"), {"superior-du_hop": "30", "superior-noi_dung": "50"})
    meeting.refresh_from_db()
    assert (meeting.level, meeting.score) == ("fair", 80)  # the superior attendee's score is the meeting's
    assert client.post(url("score", meeting, scorer="other"), {}).status_code == 404


def test_minutes_upload_download_refusals_and_removal(client, tree, admin, meeting, secretary):
    client.force_login(secretary)
    pdf = SimpleUploadedFile("Biên bản tháng 3.pdf", b"%PDF-1.4 bien ban", content_type="application/pdf")
    page = body(client.post(url("file_add", meeting), {"file": pdf}, follow=True))
    row = MeetingFile.objects.get()
    assert "Đã đính kèm tệp." in page and "Biên bản tháng 3.pdf" in page
    response = client.get(url("file", meeting, file_pk=row.pk))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 bien ban"
    assert "attachment" in response["Content-Disposition"]
    before = state()
    exe = SimpleUploadedFile("virus.exe", b"MZ....", content_type="application/octet-stream")
    assert "chỉ nhận PDF, Word (DOC, DOCX), ODT hoặc ảnh JPG, PNG" in body(client.post(url("file_add", meeting),
                                                                                       {"file": exe}))
    fake = SimpleUploadedFile("bien-ban.pdf", b"not a pdf", content_type="application/pdf")
    assert "không đúng định dạng PDF" in body(client.post(url("file_add", meeting), {"file": fake}))
    big = SimpleUploadedFile("lon.pdf", b"%PDF" + b"0" * rules.MAX_FILE_BYTES, content_type="application/pdf")
    assert "tối đa 10 MB" in body(client.post(url("file_add", meeting), {"file": big}))
    assert "Hãy chọn tệp biên bản." in body(client.post(url("file_add", meeting), {}))
    assert state() == before
    assert client.get(url("file", meeting, file_pk=row.pk + 99)).status_code == 404
    client.post(url("file_remove", meeting, file_pk=row.pk))
    assert not MeetingFile.objects.exists()


def test_a_file_is_reached_only_through_its_own_meeting(client, tree, admin, meeting, people):
    other = services.meeting_save(actor=admin, org=tree.cell2, kind="regular", date=D(2024, 3, 5)).meeting
    row = services.file_attach(actor=admin, meeting=other, upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4"))
    from dangbo.core.testing import Role, user_with

    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    assert client.get(url("file", meeting, file_pk=row.pk)).status_code == 404


def test_delete_only_without_attendance(client, tree, admin, meeting, secretary):
    planned = services.meeting_save(actor=admin, org=tree.cell1, kind="preparation", date=D(2024, 4, 1)).meeting
    client.force_login(secretary)
    assert url("delete", planned) in body(client.get(url("detail", planned)))
    assert url("delete", meeting) not in body(client.get(url("detail", meeting)))
    assert client.get(url("delete", planned)).status_code == 302 and Meeting.objects.filter(pk=planned.pk).exists()
    response = client.post(url("delete", planned))
    assert response["Location"] == reverse("meetings:cell", kwargs={"pk": tree.cell1.pk})
    assert not Meeting.objects.filter(pk=planned.pk).exists()
    before = state()
    page = body(client.post(url("delete", meeting), follow=True))
    assert "đã điểm danh: sửa lại, không xóa" in page and state() == before


# --- the read-only role ---------------------------------------------------------------------------------------------

def test_read_only_role_sees_everything_but_no_action_and_cannot_post(client, tree, admin, meeting, inspection):
    services.sheet_save(actor=admin, org=tree.province, name="Phiếu", kind="regular", criteria=CRITERIA,
                        valid_from=D(2023, 1, 1))
    row = services.file_attach(actor=admin, meeting=meeting, upload=SimpleUploadedFile("bb.pdf", b"%PDF-1.4 a"))
    client.force_login(inspection)
    page = body(client.get(url("detail", meeting)))
    assert "Đẩy mạnh thu hoạch" in page and "Nguyễn Văn An" in page and "bb.pdf" in page
    assert "<form method=\"post\" action=\"/sinh-hoat/" not in page
    for name in ("edit", "attendance"):
        assert url(name, meeting) not in page
    assert client.get(url("file", meeting, file_pk=row.pk)).status_code == 200
    before = state()
    posts = {"edit": {"kind": "regular", "date": "05/03/2024"}, "attendance": {"date": "05/03/2024"},
             "delete": {}, "guests": {"members": []}, "checks": {"results": "on"}, "level": {"level": "good"},
             "file_add": {"file": SimpleUploadedFile("c.pdf", b"%PDF-1.4")}}
    for name, data in posts.items():
        assert client.post(url(name, meeting), data).status_code == 404, name
        assert client.get(url(name, meeting)).status_code == 404, name
    assert client.post(url("score", meeting, scorer="cell"), {"cell-du_hop": "1"}).status_code == 404
    assert client.post(url("file_remove", meeting, file_pk=row.pk)).status_code == 404
    assert client.post(reverse("meetings:month", kwargs={"pk": tree.cell1.pk}), {}).status_code == 404
    assert client.post(reverse("meetings:create", kwargs={"pk": tree.cell1.pk}), {}).status_code == 404
    assert state() == before


def test_future_meeting_shows_no_verdict_yet(client, tree, admin, people, secretary):
    m = services.meeting_save(actor=admin, org=tree.cell1, kind="regular",
                              date=today() + dt.timedelta(days=5)).meeting
    client.force_login(secretary)
    page = body(client.get(url("detail", m)))
    assert 'id="verdict"' not in page and "Điểm danh sau khi họp." in page
