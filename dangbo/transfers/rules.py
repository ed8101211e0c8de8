"""The transfer rules (RULES.md M14: Quy định thi hành Điều lệ Đảng, điểm 6.3; Hướng dẫn về công tác đảng viên).
Pure: dates, paths and the working-day calendar in, a verdict out."""

import datetime as dt

from dateutil.relativedelta import relativedelta

from dangbo.core.dates import format_date
from dangbo.core.rules import Notice, Rule, RuleViolation
from dangbo.transfers.choices import LetterKind, LetterState, Reason
from dangbo.workdays.rules import WorkCalendar

M14 = Rule("M14", "Quy định thi hành Điều lệ Đảng, điểm 6.3 (chuyển sinh hoạt đảng)")
M14_POWER = Rule("M14-power", "Quy định thi hành Điều lệ Đảng, điểm 6.3 (thẩm quyền giới thiệu sinh hoạt đảng)")
# the member presents the letter to the receiving cell committee within 30 working days of being introduced
PRESENT_WITHIN = 30
# temporary: a stay of 3 months to under 1 year, or full-time training in Vietnam of 3 months to 2 years
TEMPORARY_SPAN = {
    Reason.STAY: (relativedelta(months=3), relativedelta(years=1), "từ 3 tháng đến dưới 1 năm", False),
    Reason.STUDY: (relativedelta(months=3), relativedelta(years=2), "từ 3 tháng đến 2 năm", True),
}
OFFICIAL_REASONS = (Reason.NEW_JOB, Reason.RETIRED, Reason.INCAPACITY, Reason.LEFT_JOB, Reason.DEMOBILISED,
                    Reason.MOVED, Reason.OTHER)
TEMPORARY_REASONS = (Reason.STAY, Reason.STUDY, Reason.OTHER)


def present_by(cal: WorkCalendar, issued_on: dt.date) -> dt.date:
    """The last day the member may present the letter: 30 working days after it is issued (M14)."""
    return cal.add(issued_on, PRESENT_WITHIN)


def issuer_path(*, grassroots_path: str, destination_path: str | None, steplen: int) -> str:
    """The committee that issues the letter (M14): the grassroots committee for a move inside its superior's
    area; for a move outside it (or out of the system) the grassroots org's direct superior. A grassroots org
    with no superior in the system issues its own."""
    superior = grassroots_path[:-steplen]
    if not superior:
        return grassroots_path
    if destination_path is not None and destination_path.startswith(superior):
        return grassroots_path
    return superior


def check_destination(*, kind: str, reason: str, from_org_id: int, to_org_id: int | None, to_external: str) -> None:
    if reason not in (OFFICIAL_REASONS if kind == LetterKind.OFFICIAL else TEMPORARY_REASONS):
        raise RuleViolation(M14, f"Lý do “{Reason(reason).label}” không dùng cho "
                            f"{LetterKind(kind).label.lower()}.", field="reason")
    if (to_org_id is None) == (not to_external.strip()):
        raise RuleViolation(M14, "Phải ghi nơi đến: một chi bộ trong hệ thống hoặc tên tổ chức đảng ngoài hệ thống "
                            "(chỉ một trong hai).", field="to_org")
    if to_org_id is not None and to_org_id == from_org_id:
        raise RuleViolation(M14, "Nơi đến phải khác chi bộ đảng viên đang sinh hoạt.", field="to_org")


def temporary_notice(*, reason: str, issued_on: dt.date, stay_until: dt.date | None) -> Notice | None:
    """A temporary stay outside the span M14 allows: issued with a recorded reason (the cấp ủy may still judge it
    temporary), refused only when the end is missing or before the start."""
    if stay_until is None:
        raise RuleViolation(M14, "Giấy giới thiệu sinh hoạt tạm thời phải ghi thời hạn (đến ngày).", field="stay_until")
    if stay_until <= issued_on:
        raise RuleViolation(M14, f"Thời hạn sinh hoạt tạm thời ({format_date(stay_until)}) phải sau ngày giới thiệu "
                            f"({format_date(issued_on)}).", field="stay_until")
    span = TEMPORARY_SPAN.get(reason)
    if span is None:
        return None
    shortest, longest, words, inclusive = span
    too_long = stay_until > issued_on + longest if inclusive else stay_until >= issued_on + longest
    if stay_until < issued_on + shortest or too_long:
        why = Reason(reason).label.split(" từ ")[0].lower()
        return Notice(M14, f"Sinh hoạt tạm thời khi {why} áp dụng cho thời gian {words}; giấy ghi từ "
                      f"{format_date(issued_on)} đến {format_date(stay_until)}.")
    return None


def receipt_notice(cal: WorkCalendar, *, issued_on: dt.date, present_by: dt.date, received_on: dt.date) -> Notice | None:
    """Presented after the deadline: accepted once the reason is reported to the competent committee (M14)."""
    if received_on < issued_on:
        raise RuleViolation(M14, f"Ngày nhận sinh hoạt ({format_date(received_on)}) trước ngày giới thiệu "
                            f"({format_date(issued_on)}).", field="received_on")
    if received_on <= present_by:
        return None
    late = cal.count(present_by, received_on)
    return Notice(M14, f"Xuất trình ngày {format_date(received_on)}, quá hạn {late} ngày làm việc (hạn "
                  f"{format_date(present_by)}, 30 ngày làm việc kể từ ngày giới thiệu). Cần ghi lý do chậm để báo "
                  "cáo cấp ủy có thẩm quyền.")


def state_on(*, present_by: dt.date, received_on: dt.date | None, on: dt.date) -> LetterState:
    if received_on is not None and received_on <= on:
        return LetterState.RECEIVED
    return LetterState.OVERDUE if on > present_by else LetterState.IN_TRANSIT
