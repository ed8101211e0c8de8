"""Issuing and receiving transfer letters through the services: the lifecycle facts, the powers by level (M14),
the deadline and the list of members who left and never arrived."""

import datetime as dt
import io

import pytest
from docx import Document as open_docx
from docx.shared import Pt

from dangbo.accounts.models import AuditEntry, Role
from dangbo.core.exceptions import OutOfScope
from dangbo.core.rules import PowerViolation, RuleViolation
from dangbo.core.testing import user_with
from dangbo.members.choices import EventKind, MemberStatus
from dangbo.transfers import documents, selectors, services
from dangbo.transfers.choices import LetterKind, LetterState, Reason

D = dt.date
FEB_2 = D(2026, 2, 2)
pytestmark = pytest.mark.django_db


def _issue(actor, member, to_org=None, on=FEB_2, **extra):
    extra.setdefault("kind", LetterKind.OFFICIAL)
    extra.setdefault("reason", Reason.NEW_JOB if extra["kind"] == LetterKind.OFFICIAL else Reason.STAY)
    return services.letter_issue(actor=actor, member=member, issued_on=on, to_org=to_org, **extra)


def test_an_official_letter_takes_the_member_off_the_list_until_the_receiving_cell_confirms(tree):
    member = tree.member()
    commune = user_with(Role.ORG_COMMISSION, org=tree.commune)
    letter = _issue(commune, member, tree.cell2).letter
    member.refresh_from_db()
    assert member.status == MemberStatus.TRANSFERRED_OUT
    assert letter.issuer == tree.commune and letter.from_org == tree.cell1
    assert letter.number == "01-GGT/ĐU" or letter.number.startswith("01-GGT/")
    assert letter.present_by == D(2026, 3, 23)  # 30 working days across Tết 2026
    assert letter.out_event.kind == EventKind.TRANSFER_OUT

    secretary = user_with(Role.CELL_SECRETARY, org=tree.cell2)
    result = services.letter_receive(actor=secretary, letter=letter, received_on=D(2026, 2, 20))
    member.refresh_from_db()
    assert result.notices == ()
    assert member.status == MemberStatus.OFFICIAL and member.org == tree.cell2
    assert result.letter.in_event.kind == EventKind.TRANSFER_IN and result.letter.in_event.org == tree.cell2
    assert set(AuditEntry.objects.filter(action__startswith="transfer_letter").values_list("action", flat=True)) == {
        "transfer_letter_issue", "transfer_letter_receive"}


def test_a_late_arrival_is_recorded_only_with_its_reason(tree):
    member = tree.member()
    letter = _issue(tree.actor, member, tree.cell2).letter
    with pytest.raises(RuleViolation, match="quá hạn 5 ngày làm việc") as refused:
        services.letter_receive(actor=tree.actor, letter=letter, received_on=D(2026, 3, 30))
    assert refused.value.field == "note"
    member.refresh_from_db()
    assert member.status == MemberStatus.TRANSFERRED_OUT  # nothing changed
    done = services.letter_receive(actor=tree.actor, letter=letter, received_on=D(2026, 3, 30),
                                   note="Đồng chí ốm, nằm viện đến 27/3")
    assert done.notices and done.letter.receipt_note.startswith("Đồng chí ốm")
    with pytest.raises(RuleViolation, match="đã được xác nhận"):
        services.letter_receive(actor=tree.actor, letter=letter, received_on=D(2026, 3, 31))


def test_the_cell_may_not_issue_and_a_move_out_of_the_district_is_the_districts(tree):
    member = tree.member()
    with pytest.raises(PowerViolation, match="do Đảng bộ xã Đạ Sar cấp"):
        _issue(user_with(Role.CELL_SECRETARY, org=tree.cell1), member, tree.cell2)
    commune = user_with(Role.ORG_COMMISSION, org=tree.commune)
    with pytest.raises(PowerViolation, match="do Đảng bộ huyện Lạc Dương cấp"):
        _issue(commune, member, tree.other_cell)
    assert not services.may_issue(commune, tree.cell1, tree.other_cell)
    assert services.may_issue(commune, tree.cell1, tree.agency)  # same superior's area
    district = user_with(Role.ORG_COMMISSION, org=tree.district)
    letter = _issue(district, member, tree.other_cell).letter
    assert letter.issuer == tree.district


def test_only_the_receiving_side_confirms(tree):
    member = tree.member()
    letter = _issue(tree.actor, member, tree.other_cell).letter
    with pytest.raises(OutOfScope):
        services.letter_receive(actor=user_with(Role.ORG_COMMISSION, org=tree.commune), letter=letter,
                                received_on=D(2026, 2, 10))
    services.letter_receive(actor=user_with(Role.CELL_SECRETARY, org=tree.other_cell), letter=letter,
                            received_on=D(2026, 2, 10))


def test_a_letter_out_of_the_system_is_confirmed_by_the_returned_stub(tree):
    member = tree.member()
    letter = _issue(tree.actor, member, to_external="Đảng bộ phường Lộc Thọ, tỉnh Khánh Hòa").letter
    assert letter.out_event.external_org == "Đảng bộ phường Lộc Thọ, tỉnh Khánh Hòa"
    district = user_with(Role.ORG_COMMISSION, org=tree.district)
    services.letter_receive(actor=district, letter=letter, received_on=D(2026, 3, 2))
    member.refresh_from_db()
    assert member.status == MemberStatus.TRANSFERRED_OUT and letter.in_event is None


def test_one_open_letter_at_a_time_and_only_for_a_member_on_a_list(tree):
    member = tree.member()
    _issue(tree.actor, member, tree.cell2)
    with pytest.raises(RuleViolation, match="không đang sinh hoạt tại chi bộ nào"):
        _issue(tree.actor, member, tree.agency, on=D(2026, 2, 3))


def test_a_temporary_letter_keeps_the_official_registration(tree):
    member = tree.member()
    with pytest.raises(RuleViolation, match="từ 3 tháng đến dưới 1 năm") as refused:
        _issue(tree.actor, member, tree.cell2, kind=LetterKind.TEMPORARY, stay_until=D(2026, 3, 1))
    assert refused.value.field == "note"
    letter = _issue(tree.actor, member, tree.cell2, kind=LetterKind.TEMPORARY, stay_until=D(2026, 8, 1)).letter
    member.refresh_from_db()
    assert member.status == MemberStatus.OFFICIAL and member.org == tree.cell1
    assert letter.out_event.kind == EventKind.TEMP_TRANSFER and letter.out_event.org == tree.cell2
    services.letter_receive(actor=user_with(Role.CELL_SECRETARY, org=tree.cell2), letter=letter,
                            received_on=D(2026, 2, 9))


def test_bad_input_changes_nothing(tree):
    member = tree.member()
    with pytest.raises(RuleViolation, match="khác chi bộ"):
        _issue(tree.actor, member, tree.cell1)
    with pytest.raises(RuleViolation, match="không phải chi bộ"):
        _issue(tree.actor, member, tree.commune)
    _issue(tree.actor, member, tree.cell2, number="07-GGT/ĐU")
    other = tree.member("Trần Thị Bình", gender="F")
    with pytest.raises(Exception, match="đã cấp giấy giới thiệu số 07-GGT/ĐU"):
        _issue(tree.actor, other, tree.cell2, number="07-GGT/ĐU")
    other.refresh_from_db()
    assert other.status == MemberStatus.OFFICIAL


def test_members_who_left_and_never_arrived(tree):
    gone, arrived, fresh = tree.member("Lê Văn Cường"), tree.member("Phạm Thị Dung", gender="F"), tree.member("Võ An")
    old = _issue(tree.actor, gone, tree.other_cell, on=D(2025, 11, 3)).letter
    came = _issue(tree.actor, arrived, tree.cell2, on=D(2025, 11, 3)).letter
    services.letter_receive(actor=tree.actor, letter=came, received_on=D(2025, 11, 10))
    _issue(tree.actor, fresh, tree.cell2, on=D(2026, 2, 2))
    district = user_with(Role.ORG_COMMISSION, org=tree.district)
    on = D(2026, 2, 10)
    assert [letter.pk for letter in selectors.not_arrived(user=district, org=tree.district, on=on)] == [old.pk]
    # as it stood: on 5/11/2025 both were on the way, within the deadline
    assert selectors.letters_of(user=district, org=tree.district, state=LetterState.IN_TRANSIT,
                                on=D(2025, 11, 5)).count() == 2
    incoming = selectors.letters_of(user=user_with(Role.CELL_SECRETARY, org=tree.other_cell), org=tree.other_cell,
                                    direction=selectors.IN, on=on)
    assert [letter.pk for letter in incoming] == [old.pk]
    with pytest.raises(OutOfScope):
        selectors.not_arrived(user=user_with(Role.ORG_COMMISSION, org=tree.other_district), org=tree.district, on=on)


def test_a_letter_is_seen_by_both_ends_and_nobody_else(tree):
    letter = _issue(tree.actor, tree.member(), tree.other_cell).letter
    for org in (tree.cell1, tree.other_cell, tree.district):
        assert selectors.letter_get(user=user_with(Role.CELL_SECRETARY, org=org), pk=letter.pk) == letter
    with pytest.raises(OutOfScope):
        selectors.letter_get(user=user_with(Role.CELL_SECRETARY, org=tree.agency), pk=letter.pk)
    with pytest.raises(OutOfScope):
        selectors.letter_get(user=tree.actor, pk="abc")


def test_the_letter_docx_reads_back_in_the_party_format(tree):
    member = tree.member(hometown="Xã Đạ Sar, huyện Lạc Dương", card_number="123456789012")
    letter = _issue(tree.actor, member, tree.other_cell, on=D(2026, 2, 2)).letter
    letter = selectors.letter_get(user=tree.actor, pk=letter.pk)
    doc = open_docx(io.BytesIO(documents.render(selectors.letter_document(letter))))
    head = doc.tables[0].rows[0].cells
    assert [p.text for p in head[0].paragraphs] == ["ĐẢNG BỘ TỈNH LÂM ĐỒNG", "HUYỆN ỦY LẠC DƯƠNG", "*",
                                                    f"Số {letter.number}"]
    assert head[1].paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert head[1].paragraphs[-1].text == "Lạc Dương, ngày 02 tháng 02 năm 2026"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG\nCHÍNH THỨC" in text
    assert "Đồng chí: Nguyễn Văn An" in text and "Số thẻ đảng viên: 123456789012" in text
    assert "Đang sinh hoạt tại: Chi bộ thôn Đạ Nghịt, Đảng bộ xã Đạ Sar" in text
    assert "Chính thức ngày: 19/05/2019" in text
    assert "chậm nhất ngày 23/03/2026" in text
    assert "T/M BAN THƯỜNG VỤ" in "\n".join(p.text for p in doc.tables[1].rows[0].cells[1].paragraphs)
    # the route after the district: up to the province, then down to the receiving cell
    boxes = [cell.paragraphs[1].text for row in doc.tables[2].rows for cell in row.cells if len(cell.paragraphs) > 1]
    assert boxes[:4] == ["Tỉnh ủy Lâm Đồng", "Huyện ủy Đam Rông", "Đảng ủy xã Rô Men", "Chi bộ thôn Liên Hợp (nơi đến)"]
    assert len(boxes) == 9
    assert "PHIẾU BÁO ĐÃ NHẬN GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG" in text
    for p in doc.paragraphs:
        for run in p.runs:
            assert run.font.name == "Times New Roman"
    title = next(p for p in doc.paragraphs if p.text == "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG")
    assert title.runs[0].font.size == Pt(16) and title.runs[0].font.bold
    section = doc.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15


def test_a_temporary_letter_has_no_boxes_and_names_its_span(tree):
    member = tree.member()
    letter = _issue(tree.actor, member, tree.cell2, kind=LetterKind.TEMPORARY, stay_until=D(2026, 8, 1)).letter
    doc = open_docx(io.BytesIO(documents.render(selectors.letter_document(letter))))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "TẠM THỜI" in text and "từ 02/02/2026 đến 01/08/2026" in text
    # letterhead, signature, the stub's signature: no table of boxes
    assert len(doc.tables) == 3 and not any("Ô số" in cell.text for t in doc.tables for cell in t._cells)
