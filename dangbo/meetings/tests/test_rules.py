"""Every rule of cell meetings (G1–G3, M11, M13, attachments) without a database: plain functions on plain facts."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from dangbo.core.rules import RuleViolation
from dangbo.meetings.rules import (
    GUIDANCES,
    MANUAL_CHECKS,
    MAX_FILE_BYTES,
    MeetingFacts,
    Sheet,
    absence_window,
    assess_quality,
    check_file,
    check_meeting_month,
    check_schedule,
    check_sheet,
    describe_schedule,
    duration_minutes,
    excused_streak,
    guidance_on,
    is_repeat_absentee,
    month_window,
    months_for,
    score,
)

D = dt.date


# --- G1: the schedule window of a month -----------------------------------------------------------------------


@pytest.mark.parametrize(("month", "expected"), [
    (D(2024, 3, 1), (D(2024, 3, 3), D(2024, 3, 3))),
    (D(2024, 3, 17), (D(2024, 3, 3), D(2024, 3, 3))),  # any day names its month
])
def test_fixed_day_is_a_window_of_one_day(month, expected):
    assert month_window("fixed", 3, None, False, month) == expected


@pytest.mark.parametrize(("month", "day"), [(D(2024, 2, 1), 29), (D(2025, 2, 1), 28), (D(2025, 4, 1), 30),
                                            (D(2025, 5, 1), 31)])
def test_day_31_clamps_to_the_months_last_day(month, day):
    assert month_window("fixed", 31, None, False, month) == (month.replace(day=day), month.replace(day=day))


@pytest.mark.parametrize(("month", "start"), [(D(2025, 1, 1), D(2025, 1, 25)), (D(2024, 2, 1), D(2024, 2, 23)),
                                              (D(2025, 2, 1), D(2025, 2, 22)), (D(2025, 4, 1), D(2025, 4, 24))])
def test_last_week_is_the_last_seven_days(month, start):
    end = month_window("window", -7, None, False, month)[1]
    assert month_window("window", -7, None, False, month)[0] == start
    assert (end - start).days == 6 and (end + dt.timedelta(days=1)).day == 1


def test_window_ending_day_10_of_the_next_month():
    # 003: "tuần cuối hằng tháng, chậm nhất ngày 10 tháng sau"
    assert month_window("window", -7, 10, True, D(2024, 12, 1)) == (D(2024, 12, 25), D(2025, 1, 10))
    assert month_window("window", -7, 10, True, D(2025, 2, 1)) == (D(2025, 2, 22), D(2025, 3, 10))
    assert month_window("window", 1, 10, False, D(2025, 6, 1)) == (D(2025, 6, 1), D(2025, 6, 10))
    assert month_window("window", 20, None, False, D(2025, 6, 1)) == (D(2025, 6, 20), D(2025, 6, 30))


def test_no_rule_is_the_whole_month():
    assert month_window(None, None, None, False, D(2024, 2, 14)) == (D(2024, 2, 1), D(2024, 2, 29))
    assert month_window(None, None, None, False, D(2025, 12, 1)) == (D(2025, 12, 1), D(2025, 12, 31))


@pytest.mark.parametrize(("args", "text"), [
    (("fixed", 3, None, False), "ngày mùng 3 hằng tháng"),
    (("fixed", 15, None, False), "ngày 15 hằng tháng"),
    (("fixed", -1, None, False), "ngày cuối tháng hằng tháng"),
    (("window", -7, 10, True), "tuần cuối hằng tháng, chậm nhất ngày 10 tháng sau"),
    (("window", 20, 28, False), "từ ngày 20 hằng tháng, chậm nhất ngày 28 trong tháng"),
    (("window", -3, 5, True), "từ 3 ngày cuối tháng hằng tháng, chậm nhất ngày mùng 5 tháng sau"),
    (("window", 25, None, False), "từ ngày 25 hằng tháng"),
])
def test_describe_schedule(args, text):
    assert describe_schedule(*args) == text


@pytest.mark.parametrize("args", [("fixed", 1, None, False), ("fixed", 31, None, False), ("window", -7, 10, True),
                                  ("window", -28, 31, False), ("window", 1, 31, False), ("window", 20, 5, True),
                                  ("window", -7, 25, False), ("window", 10, 10, False)])
def test_check_schedule_accepts(args):
    check_schedule(*args)


@pytest.mark.parametrize(("args", "field", "text"), [
    (("fixed", 0, None, False), "start_day", "từ 1 đến 31"),
    (("fixed", 32, None, False), "start_day", "từ 1 đến 31"),
    (("fixed", -7, None, False), "start_day", "từ 1 đến 31"),
    (("window", 0, 10, False), "start_day", "số âm"),
    (("window", -29, 10, True), "start_day", "số âm"),
    (("window", 32, 10, True), "start_day", "số âm"),
    (("window", 1, None, False), "end_day", "cần “đến ngày”"),
    (("window", 1, 0, False), "end_day", "cần “đến ngày”"),
    (("window", 1, 32, True), "end_day", "cần “đến ngày”"),
    (("window", 20, 10, False), "end_day", "phải sau “từ ngày”"),
    # the last week of a 31-day month starts on the 25th: ending on the 10th of the same month is no window
    (("window", -7, 10, False), "end_day", "từ ngày 25"),
    (("window", -7, 24, False), "end_day", "từ ngày 25"),
])
def test_check_schedule_refuses_naming_the_field(args, field, text):
    with pytest.raises(RuleViolation, match=text) as refused:
        check_schedule(*args)
    assert refused.value.field == field and refused.value.code == "G1"
    assert "12-HD/BTCTW" in refused.value.citation


def test_a_meeting_counts_for_its_month_or_the_previous_one():
    assert months_for(D(2025, 1, 8)) == (D(2025, 1, 1), D(2024, 12, 1))
    check_meeting_month(D(2025, 1, 1), D(2025, 1, 8))
    check_meeting_month(D(2024, 12, 1), D(2025, 1, 8))  # December's meeting held within the window's tail
    for month in (D(2024, 11, 1), D(2025, 2, 1)):
        with pytest.raises(RuleViolation, match="chỉ trong tháng đó hoặc đầu tháng sau") as refused:
            check_meeting_month(month, D(2025, 1, 8))
        assert refused.value.field == "month"
    with pytest.raises(RuleViolation, match="Kỳ sinh hoạt tháng 02/2025 không thể họp ngày 08/01/2025"):
        check_meeting_month(D(2025, 2, 1), D(2025, 1, 8))


# --- the guidance in force -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "code"), [
    (D(2010, 1, 1), "09-HD/BTCTW"), (D(2012, 3, 2), "09-HD/BTCTW"), (D(2018, 7, 5), "09-HD/BTCTW"),
    (D(2018, 7, 6), "12-HD/BTCTW"), (D(2025, 10, 27), "12-HD/BTCTW"), (D(2025, 10, 28), "42-HD/BTCTW"),
    (D(2030, 1, 1), "42-HD/BTCTW"),
])
def test_guidance_on_its_boundaries(day, code):
    assert guidance_on(day).code == code


def test_guidances_are_in_date_order_with_their_dates_cited():
    assert [g.valid_from for g in GUIDANCES] == sorted(g.valid_from for g in GUIDANCES)
    for g in GUIDANCES:
        assert g.code in g.citation and g.valid_from.strftime("%d/%m/%Y") in g.citation


# --- G2: quality of a regular meeting --------------------------------------------------------------------------

UNDER_12 = D(2024, 5, 3)
UNDER_42 = D(2025, 12, 3)


def good(day=UNDER_12, **changes) -> MeetingFacts:
    """A meeting that passes every criterion of the guidance in force on ``day``."""
    facts = MeetingFacts(date=day, present=19, excused=1, unexcused=0, minutes=95, combined_session=False,
                         prepared_by_secretary=True, had_preparation_meeting=True, has_draft_resolution=True,
                         documents_posted_on=day - dt.timedelta(days=2), in_window=True, has_conclusion=True,
                         excused_streaks=0, checks=dict.fromkeys(MANUAL_CHECKS, True))
    return dataclasses.replace(facts, **changes)


def reasons(facts) -> list[tuple[str, str]]:
    return list(assess_quality(facts).failures)


@pytest.mark.parametrize("day", [UNDER_12, UNDER_42])
def test_a_meeting_meeting_every_criterion_passes_citing_its_guidance(day):
    verdict = assess_quality(good(day))
    assert verdict.passed and verdict.failures == ()
    assert verdict.guidance.code == ("12-HD/BTCTW" if day == UNDER_12 else "42-HD/BTCTW")
    assert verdict.text == f"Đạt chất lượng theo {verdict.guidance.code}"


def test_present_must_be_above_85_percent():
    # 17 of 20 is 85% exactly: "trên 85%" fails
    assert reasons(good(present=17, excused=3)) == [("1 dự họp", "có mặt 17/20 (85,0%), cần trên 85%")]
    assert reasons(good(present=86, excused=14)) == []  # 86%
    assert reasons(good(present=18, excused=2)) == []  # 90%


def test_attendance_failures_name_their_figures():
    assert reasons(good(present=0, excused=0, unexcused=0)) == [("1 dự họp", "chưa điểm danh")]
    assert reasons(good(present=19, excused=0, unexcused=1)) == [("1 dự họp", "1 đảng viên vắng không lý do")]
    assert reasons(good(excused_streaks=2)) == [
        ("1 dự họp", "2 đảng viên vắng có lý do quá 3 lần liên tiếp trong năm")]
    both = reasons(good(present=10, excused=5, unexcused=5))
    assert both == [("1 dự họp", "có mặt 10/20 (50,0%), cần trên 85%"), ("1 dự họp", "5 đảng viên vắng không lý do")]


def test_preparation_failures():
    assert reasons(good(prepared_by_secretary=False)) == [
        ("2 chuẩn bị", "bí thư hoặc phó bí thư chưa trực tiếp chuẩn bị nội dung")]
    assert reasons(good(had_preparation_meeting=False)) == [
        ("2 chuẩn bị", "chi ủy (bí thư, phó bí thư) chưa họp chuẩn bị")]
    assert reasons(good(has_draft_resolution=False)) == [("2 chuẩn bị", "chưa có dự thảo nghị quyết")]


def test_documents_a_day_before_only_under_42_hd():
    late = "tài liệu chưa gửi đảng viên trước ít nhất 1 ngày"
    assert reasons(good(UNDER_42, documents_posted_on=UNDER_42 - dt.timedelta(days=1))) == []
    assert reasons(good(UNDER_42, documents_posted_on=UNDER_42)) == [("2 chuẩn bị", late)]
    assert reasons(good(UNDER_42, documents_posted_on=None)) == [("2 chuẩn bị", late)]
    assert reasons(good(UNDER_12, documents_posted_on=None)) == []
    assert reasons(good(UNDER_12, documents_posted_on=UNDER_12)) == []


def test_conduct_failures():
    assert reasons(good(in_window=False)) == [("3 tiến hành", "không họp đúng thời gian cấp ủy quy định")]
    assert reasons(good(minutes=None)) == [("3 tiến hành", "chưa ghi giờ bắt đầu, kết thúc")]
    assert reasons(good(minutes=89)) == [("3 tiến hành", "họp 89 phút, cần ít nhất 90 phút")]
    assert reasons(good(minutes=90)) == []


@pytest.mark.parametrize(("day", "combined", "minutes", "needed"), [
    (UNDER_12, True, 90, None), (UNDER_12, False, 90, None),  # 12-HD knows no combined session
    (UNDER_42, False, 90, None), (UNDER_42, True, 119, 120), (UNDER_42, True, 120, None),
    (UNDER_42, True, 90, 120),
])
def test_ninety_or_a_hundred_and_twenty_minutes(day, combined, minutes, needed):
    expected = [] if needed is None else [("3 tiến hành", f"họp {minutes} phút, cần ít nhất {needed} phút")]
    assert reasons(good(day, combined_session=combined, minutes=minutes)) == expected


def test_no_conclusion_and_every_manual_check():
    assert reasons(good(has_conclusion=False)) == [("5 kết quả", "chưa có nghị quyết hoặc kết luận")]
    for code, (group, label) in MANUAL_CHECKS.items():
        checks = {**dict.fromkeys(MANUAL_CHECKS, True), code: False}
        assert reasons(good(checks=checks)) == [(group, f"chưa đạt: {label[0].lower()}{label[1:]}")]
    assert len(reasons(good(checks={}))) == len(MANUAL_CHECKS)


def test_the_verdict_text_lists_every_failure():
    verdict = assess_quality(good(UNDER_42, minutes=100, combined_session=True, has_conclusion=False))
    assert not verdict.passed
    assert verdict.text == ("Chưa đạt theo 42-HD/BTCTW: họp 100 phút, cần ít nhất 120 phút; "
                            "chưa có nghị quyết hoặc kết luận")


def test_duration_minutes():
    assert duration_minutes(dt.time(7, 30), dt.time(9, 15)) == 105
    assert duration_minutes(None, dt.time(9)) is None and duration_minutes(dt.time(9), None) is None


@pytest.mark.parametrize(("statuses", "streak"), [
    (["E", "E", "E"], False), (["E", "E", "E", "E"], True), (["E", "E", "P", "E", "E"], False),
    (["E", "E", "X", "E", "E"], False), (["P", "E", "E", "E", "E", "P"], True), ([], False),
    (["U", "U", "U", "U"], False),  # unexcused absences are another criterion (and M11)
])
def test_excused_streak_more_than_three_running(statuses, streak):
    assert excused_streak(statuses, 3) is streak


# --- G3: rating from a scoring sheet --------------------------------------------------------------------------

SHEET = Sheet(criteria=(
    {"code": "attendance", "name": "Dự họp", "points": 20, "must_full": True},
    {"code": "duration", "name": "Thời gian", "points": 10, "must_full": True},
    {"code": "content", "name": "Nội dung", "points": 50},
    {"code": "minutes", "name": "Biên bản", "points": 20, "must_full": True},
), good_from=90, fair_from=70, average_from=50)
FULL = {"attendance": 20, "duration": 10, "content": 50, "minutes": 20}


def test_full_marks_are_good():
    assert score(SHEET, FULL) == (Decimal(100), "good")


def test_a_must_have_criterion_short_of_full_marks_demotes_good_to_fair():
    total, level = score(SHEET, {**FULL, "attendance": 19, "content": 50})
    assert (total, level) == (Decimal(99), "fair")
    assert score(SHEET, {**FULL, "content": 40}) == (Decimal(90), "good")  # the lost points are not must-have


@pytest.mark.parametrize(("content", "total", "level"), [
    (40, 90, "good"), ("39,5", Decimal("89.5"), "fair"), (20, 70, "fair"), ("19.5", Decimal("69.5"), "average"),
    (0, 50, "average"),
])
def test_thresholds_at_their_boundaries(content, total, level):
    assert score(SHEET, {**FULL, "content": content}) == (Decimal(total), level)


def test_below_average_is_the_bottom_level():
    assert score(SHEET, {"attendance": 10, "duration": 5, "content": 30, "minutes": 4}) == (Decimal(49), "poor")


@pytest.mark.parametrize(("points", "field", "text"), [
    ({**FULL, "content": 51}, "content", "phải từ 0 đến 50"),
    ({**FULL, "content": -1}, "content", "phải từ 0 đến 50"),
    ({**FULL, "content": "NaN"}, "content", "phải từ 0 đến 50"),
    ({**FULL, "content": "năm mươi"}, "content", "không phải số"),
    ({**FULL, "content": ""}, "content", "Chưa chấm tiêu chí “Nội dung”"),
    ({k: v for k, v in FULL.items() if k != "minutes"}, "minutes", "Chưa chấm tiêu chí “Biên bản”"),
    ({**FULL, "bonus": 5}, None, "Phiếu không có tiêu chí: bonus."),
])
def test_out_of_range_missing_and_unknown_criteria_are_refused(points, field, text):
    with pytest.raises(RuleViolation, match=text) as refused:
        score(SHEET, points)
    assert refused.value.field == field and refused.value.code == "G3"


def test_fractional_maximum_is_written_the_vietnamese_way():
    sheet = Sheet(({"code": "a", "name": "A", "points": 2.5},), 2, 1, 0)
    with pytest.raises(RuleViolation, match="phải từ 0 đến 2,5"):
        score(sheet, {"a": 3})


def test_check_sheet_accepts_the_example():
    check_sheet(list(SHEET.criteria), 90, 70, 50)
    check_sheet([{"code": "a", "name": "A", "points": 10}], 9, 7, 0)


@pytest.mark.parametrize(("criteria", "thresholds", "field", "text"), [
    ([], (90, 70, 50), "criteria", "ít nhất một tiêu chí"),
    ([{"code": "a", "name": "A", "points": 50}, {"code": "a", "name": "B", "points": 50}], (90, 70, 50),
     "criteria", "mã riêng"),
    ([{"code": "", "name": "A", "points": 100}], (90, 70, 50), "criteria", "mã riêng"),
    ([{"code": "a", "name": " ", "points": 100}], (90, 70, 50), "criteria", "cần tên"),
    ([{"code": "a", "name": "A", "points": 0}], (90, 70, 50), "criteria", "số dương"),
    ([{"code": "a", "name": "A", "points": "100"}], (90, 70, 50), "criteria", "số dương"),
    ([{"code": "a", "name": "A", "points": True}], (1, 0, 0), "criteria", "số dương"),
    ([{"code": "a", "name": "A", "points": 100}], (70, 70, 50), "good_from", "giảm dần"),
    ([{"code": "a", "name": "A", "points": 100}], (90, 50, 70), "good_from", "giảm dần"),
    ([{"code": "a", "name": "A", "points": 100}], (90, 70, -1), "good_from", "giảm dần"),
    ([{"code": "a", "name": "A", "points": 80}], (90, 70, 50), "good_from", r"\(80\) thấp hơn ngưỡng Tốt \(90\)"),
])
def test_check_sheet_refusals(criteria, thresholds, field, text):
    with pytest.raises(RuleViolation, match=text) as refused:
        check_sheet(criteria, *thresholds)
    assert refused.value.field == field


# --- M11: repeat absentees --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("on", "start"), [
    (D(2025, 3, 15), D(2024, 3, 16)), (D(2025, 1, 1), D(2024, 1, 2)), (D(2024, 2, 29), D(2023, 3, 1)),
    (D(2025, 12, 31), D(2025, 1, 1)),
])
def test_absence_window_is_the_twelve_months_ending_on_the_day(on, start):
    assert absence_window(on) == (start, on)


def test_three_unexcused_absences_make_a_repeat_absentee():
    assert [is_repeat_absentee(n) for n in range(5)] == [False, False, False, True, True]


# --- attachments ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "head", "ext"), [
    ("bien-ban.pdf", b"%PDF-1.7\n", "pdf"), ("BIEN BAN.PDF", b"%PDF-1.4", "pdf"),
    ("nghi-quyet.docx", b"PK\x03\x04\x14\x00", "docx"), ("bien-ban.odt", b"PK\x03\x04", "odt"),
    ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1", "doc"), ("anh.jpg", b"\xff\xd8\xff\xe0", "jpg"),
    ("anh.jpeg", b"\xff\xd8\xff\xe1", "jpeg"), ("anh.png", b"\x89PNG\r\n", "png"),
])
def test_check_file_accepts_by_magic_bytes(name, head, ext):
    assert check_file(name, 1000, head) == ext


@pytest.mark.parametrize(("name", "size", "head", "text"), [
    ("bien-ban.pdf", 1000, b"\x89PNG\r\n", "không đúng định dạng PDF"),  # the name alone proves nothing
    ("bien-ban.docx", 1000, b"%PDF-1.7", "không đúng định dạng DOCX"),
    ("virus.exe", 1000, b"MZ", "chỉ nhận PDF"),
    ("bien-ban", 1000, b"%PDF", "chỉ nhận PDF"),
    ("bien-ban.pdf", MAX_FILE_BYTES + 1, b"%PDF", "nặng 10,0 MB, tối đa 10 MB"),
    ("to.pdf", 25 * 1024 * 1024, b"%PDF", "nặng 25,0 MB"),
    ("rong.pdf", 0, b"", "rỗng"),
])
def test_check_file_refusals(name, size, head, text):
    with pytest.raises(RuleViolation, match=text) as refused:
        check_file(name, size, head)
    assert refused.value.field == "file"


def test_the_size_limit_itself_is_allowed():
    assert check_file("bien-ban.pdf", MAX_FILE_BYTES, b"%PDF") == "pdf"
