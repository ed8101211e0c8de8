"""The admission of a new member, from candidate to official member (RULES.md M1–M9): pure functions over dates,
counts and the working-day calendar. A refusal is a ``RuleViolation`` naming the rule, the regulation in force
on the event's date and, in Vietnamese, the condition missing and the figure; what the regulation allows with a
recorded reason (a late decision, a late ceremony) is a ``Notice`` the competent level answers, never a refusal.
"""

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from dangbo.core.dates import format_date
from dangbo.core.rules import Notice, Rule, RuleViolation
from dangbo.members.choices import GeneralEducation
from dangbo.members.rules import (
    add_months,
    check_age,
    effective_start,
    format_age,
    months_between,
    regulation_on,
)
from dangbo.workdays.rules import WorkCalendar

# the member-work guidance in force for the admission file (RULES.md "Regulation versions")
MEMBER_WORK = ((dt.date(2012, 5, 17), "Hướng dẫn 12-HD/BTCTW ngày 17/05/2012"),
               (dt.date(2017, 6, 5), "Hướng dẫn 09-HD/BTCTW ngày 05/06/2017"),
               (dt.date(2022, 1, 18), "Hướng dẫn 12-HD/BTCTW ngày 18/01/2022, Phần II, mục 1.1"))

M2_EDUCATION = "M2"
M3_INTRODUCERS = "M3"
M4_FILE = "M4"
M5_DECISION = "M5"
M6_CEREMONY = "M6"
M7_PROBATION = "M7"
M8_VOTE = "M8"
M9_PROBATION_OFF = "M9"

# Each rule's place in the statute-implementation regulation in force (points as RULES.md gives them).
POINTS = {
    M2_EDUCATION: "Hướng dẫn thi hành, điểm 1.2 (trình độ học vấn)",
    M3_INTRODUCERS: "Điều lệ Đảng, Điều 4, khoản 1; điểm 3.2 (người giới thiệu)",
    M5_DECISION: "điểm 4.3 (thời hạn cấp ủy có thẩm quyền quyết định)",
    M6_CEREMONY: "điểm 4.1 (tổ chức lễ kết nạp)",
    M7_PROBATION: "Điều lệ Đảng, Điều 5, khoản 1; điểm 4.2 (công nhận đảng viên chính thức)",
    M8_VOTE: "điểm 4.2c (biểu quyết từ hai phần ba)",
    M9_PROBATION_OFF: "Điều lệ Đảng, Điều 5, khoản 2 (xóa tên trong danh sách đảng viên dự bị)",
}

CERTIFICATE_MONTHS = 60  # party-awareness certificate, issue → cell's vote (M4, to confirm)
FILE_MONTHS = 12  # file put together → cell's vote, before letters and comments must be redone (M4)
TOGETHER_MONTHS = 12  # introducer and applicant in the same unit (M3)
DECISION_DAYS, EXTENSION_DAYS = 60, 30  # working days after the cell's resolution (M5)
CEREMONY_DAYS = 30  # working days after the decision is received (M6)
RECOGNITION_DAYS = 30  # working days after probation ends, for the cell's resolution (M7)
PROBATION_MONTHS = 12
VOTE_ATTEMPTS = 3  # then the case goes to the direct superior (M8)


def rule(code: str, on: dt.date) -> Rule:
    """The rule with the citation in force on ``on``: the regulation, or the member-work guidance for the file."""
    if code == M4_FILE:
        return Rule(code, [name for start, name in MEMBER_WORK if start <= on][-1] if on >= MEMBER_WORK[0][0]
                    else MEMBER_WORK[0][1])
    return Rule(code, f"{regulation_on(on).name}; {POINTS[code]}")


# --- the steps, in order (12-HD/BTCTW 18/01/2022, Part II 1.1) -----------------------------------------------------

COURSE, APPLICATION, BACKGROUND, INTRODUCTION, COMMENTS = "course", "application", "background", "introduction", \
    "comments"
CELL_VOTE, GRASSROOTS, DECISION, CEREMONY = "cell_vote", "grassroots", "decision", "ceremony"
STEPS = {
    COURSE: "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng (CN-NTVĐ)",
    APPLICATION: "Đơn xin vào Đảng (1-KNĐ)",
    BACKGROUND: "Lý lịch người xin vào Đảng đã thẩm tra, chứng nhận (2-KNĐ)",
    INTRODUCTION: "Giấy giới thiệu của đảng viên chính thức hoặc nghị quyết giới thiệu của đoàn (3-KNĐ, 4-KNĐ)",
    COMMENTS: "Tổng hợp ý kiến nhận xét của đoàn thể và chi ủy nơi cư trú (5-KNĐ)",
    CELL_VOTE: "Nghị quyết đề nghị kết nạp của chi bộ (6-KNĐ)",
    GRASSROOTS: "Nghị quyết đề nghị kết nạp của đảng ủy cơ sở (8-KNĐ)",
    DECISION: "Quyết định kết nạp của cấp ủy có thẩm quyền (9-KNĐ)",
    CEREMONY: "Lễ kết nạp",
}
NEEDS = {
    CELL_VOTE: (COURSE, APPLICATION, BACKGROUND, INTRODUCTION, COMMENTS),
    GRASSROOTS: (CELL_VOTE,),
    DECISION: (GRASSROOTS,),
    CEREMONY: (DECISION,),
}


def check_order(step: str, done: set[str], on: dt.date) -> None:
    """A step comes only after the ones the file needs before it; the refusal lists what is missing."""
    missing = [STEPS[s] for s in NEEDS.get(step, ()) if s not in done]
    if missing:
        raise RuleViolation(rule(M4_FILE, on), f"Chưa thể ghi “{STEPS[step]}”: hồ sơ còn thiếu "
                            + "; ".join(missing) + ".", field="step")


# --- the person (M1, M2) --------------------------------------------------------------------------------------------

def age_notice(born: dt.date, considered_on: dt.date) -> Notice | None:
    """M1 on the day the cell considers the case: under the minimum is refused; over the maximum needs the
    provincial standing committee's written consent before the decision (a Notice until it is recorded)."""
    age = check_age(born, considered_on)
    reg = age.regulation
    code = Rule("M1", f"Điều lệ Đảng, Điều 1; {reg.name}, {reg.points['M1']}")
    if age.under:
        text = age.under_text(considered_on)
        raise RuleViolation(code, text[0].upper() + text[1:], field="date_of_birth")
    if age.over:
        return Notice(code, f"Đã {format_age(age.months)} vào ngày chi bộ xét {format_date(considered_on)}, trên "
                      f"{age.max_years} tuổi: cần văn bản đồng ý của Ban Thường vụ tỉnh ủy, thành ủy trước khi "
                      "quyết định.")
    return None


def education_notice(level: str, on: dt.date) -> Notice | None:
    """M2: a lower-secondary (THCS) diploma or higher; below it only in the areas and cases the guidance lists,
    with the approval recorded."""
    if level in (GeneralEducation.LOWER_SECONDARY, GeneralEducation.UPPER_SECONDARY):
        return None
    return Notice(rule(M2_EDUCATION, on), "Trình độ học vấn dưới trung học cơ sở: chỉ xét ở vùng cao, biên giới, "
                  "hải đảo, vùng đồng bào dân tộc thiểu số, vùng đặc biệt khó khăn, ngư dân bám biển và trường hợp "
                  "Ban Bí thư cho phép — ghi văn bản chấp thuận.")


# --- the file (M3, M4) ----------------------------------------------------------------------------------------------

# routes of introduction (M3), as data: how many official members, and whether a union's resolution stands in
YOUTH_UNION, TRADE_UNION, TWO_MEMBERS = "youth_union", "trade_union", "two_members"
ROUTES = {
    YOUTH_UNION: ("Nghị quyết của ban chấp hành đoàn cơ sở và một đảng viên chính thức", 1),
    TRADE_UNION: ("Nghị quyết của ban chấp hành công đoàn cơ sở và một đảng viên chính thức", 1),
    TWO_MEMBERS: ("Hai đảng viên chính thức", 2),
}


@dataclass(frozen=True)
class Introducer:
    member_id: int
    name: str
    official_on: dt.date | None  # the day they became official (None: not official, or not a member)
    together_since: dt.date  # working, studying or living in the same unit with the applicant since
    left_on: dt.date | None = None  # left the party


def check_introducers(route: str, introducers: list[Introducer], on: dt.date, *, has_resolution: bool) -> None:
    """M3 on the day the introduction is given: the route's number of distinct official members, each with at
    least 12 months together with the applicant in the same unit; a union route needs its resolution."""
    if route not in ROUTES:
        raise RuleViolation(rule(M3_INTRODUCERS, on), "Hình thức giới thiệu không hợp lệ.", field="route")
    label, wanted = ROUTES[route]
    code = rule(M3_INTRODUCERS, on)
    if route != TWO_MEMBERS and not has_resolution:
        raise RuleViolation(code, f"{label}: chưa có nghị quyết giới thiệu của tổ chức đoàn.", field="resolution")
    if len({i.member_id for i in introducers}) != wanted or len(introducers) != wanted:
        raise RuleViolation(code, f"{label}: cần đúng {wanted} đảng viên chính thức giới thiệu (khác nhau), đã ghi "
                            f"{len(introducers)}.", field="introducers")
    for i in introducers:
        check_introducer(i, on)


def check_introducer(i: Introducer, on: dt.date) -> None:
    """M3 for one introducer: an official member on the day, with at least 12 months in the same unit."""
    code = rule(M3_INTRODUCERS, on)
    if i.official_on is None or i.official_on > on or (i.left_on is not None and i.left_on <= on):
        raise RuleViolation(code, f"Đồng chí {i.name} không phải đảng viên chính thức ngày {format_date(on)}: "
                            "đảng viên dự bị không được giới thiệu người vào Đảng.", field="introducers")
    months = months_between(i.together_since, on)
    if months < TOGETHER_MONTHS:
        raise RuleViolation(code, f"Đồng chí {i.name} mới cùng công tác, học tập hoặc cư trú với người vào Đảng "
                            f"{months} tháng (từ {format_date(i.together_since)}); cần ít nhất {TOGETHER_MONTHS} "
                            "tháng trong cùng một đơn vị.", field="introducers")


def check_certificate(issued_on: dt.date, vote_on: dt.date) -> None:
    """M4: the party-awareness certificate is valid 60 months from its issue to the cell's vote."""
    if issued_on > vote_on:
        raise RuleViolation(rule(M4_FILE, vote_on), f"Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng cấp ngày "
                            f"{format_date(issued_on)}, sau ngày chi bộ xét {format_date(vote_on)}.", field="course")
    expires = add_months(issued_on, CERTIFICATE_MONTHS)
    if vote_on > expires:
        raise RuleViolation(rule(M4_FILE, vote_on), f"Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng cấp ngày "
                            f"{format_date(issued_on)} hết giá trị ngày {format_date(expires)} ({CERTIFICATE_MONTHS} "
                            f"tháng), trước ngày chi bộ xét {format_date(vote_on)}: phải học lại.", field="course")


def stale_documents(assembled_on: dt.date, vote_on: dt.date) -> list[str]:
    """M4: more than 12 months from putting the file together to the cell's vote, the introducers' letters, the
    union's resolution and the comments must be redone: the steps to redo (empty when in time)."""
    if vote_on <= add_months(assembled_on, FILE_MONTHS):
        return []
    return [INTRODUCTION, COMMENTS]


# --- votes, deadlines, probation (M5–M8) ----------------------------------------------------------------------------

def vote_passes(yes: int, eligible: int) -> bool:
    """M8: at least two-thirds of the official members (or committee members) in favour — exact, not rounded."""
    return eligible > 0 and Fraction(yes, eligible) >= Fraction(2, 3)


def check_vote(yes: int, eligible: int, attempt: int, on: dt.date) -> bool:
    """Whether the vote carries; refuses impossible counts, and after the third vote without two-thirds says the
    case goes to the direct superior and the competent committee."""
    code = rule(M8_VOTE, on)
    if eligible < 1 or not 0 <= yes <= eligible:
        raise RuleViolation(code, f"Số phiếu tán thành ({yes}) phải từ 0 đến số đảng viên chính thức được biểu quyết "
                            f"({eligible}).", field="yes")
    if attempt > VOTE_ATTEMPTS:
        raise RuleViolation(code, f"Đã biểu quyết {VOTE_ATTEMPTS} lần không đạt hai phần ba: chi bộ báo cáo cấp ủy cấp "
                            "trên trực tiếp và cấp ủy có thẩm quyền xem xét, quyết định.", field="attempt")
    return vote_passes(yes, eligible)


def decision_due(cal: WorkCalendar, resolution_on: dt.date, extension_days: int = 0) -> dt.date:
    """M5: the competent committee decides within 60 working days of the cell's resolution (+ at most 30)."""
    if not 0 <= extension_days <= EXTENSION_DAYS:
        raise RuleViolation(rule(M5_DECISION, resolution_on), f"Gia hạn tối đa {EXTENSION_DAYS} ngày làm việc; đã ghi "
                            f"{extension_days}.", field="extension_days")
    return cal.add(resolution_on, DECISION_DAYS + extension_days)


def ceremony_due(cal: WorkCalendar, received_on: dt.date) -> dt.date:
    """M6: the cell holds the ceremony within 30 working days of receiving the decision."""
    return cal.add(received_on, CEREMONY_DAYS)


def late(rule_code: str, what: str, due: dt.date, done_on: dt.date | None, today: dt.date) -> Notice | None:
    """A deadline passed (done late, or still open after it): the regulation asks for the reason (M5: a
    responsibility review; M6: the superior's consent), recorded by the level that answers."""
    if (done_on or today) <= due:
        return None
    when = f"ngày {format_date(done_on)}" if done_on else f"đến {format_date(today)} chưa có"
    return Notice(rule(rule_code, due), f"{what}: hạn {format_date(due)}, {when} — ghi lý do "
                  + ("(xem xét trách nhiệm nếu không có lý do chính đáng)." if rule_code == M5_DECISION
                     else "và ý kiến đồng ý của cấp ủy cấp trên trực tiếp."))


def probation_end(ceremony_on: dt.date) -> dt.date:
    """M7: probation lasts 12 months from the ceremony; a recognised member is official from this day even when
    the cell or the approval came late."""
    return add_months(ceremony_on, PROBATION_MONTHS)


def recognition_due(cal: WorkCalendar, ceremony_on: dt.date) -> dt.date:
    """M7: the cell's resolution on recognition within 30 working days of the end of probation."""
    return cal.add(probation_end(ceremony_on), RECOGNITION_DAYS)


def check_recognition_vote_date(ceremony_on: dt.date, vote_on: dt.date) -> None:
    """M7: the cell votes on recognition only once the 12 months have passed."""
    end = probation_end(ceremony_on)
    if vote_on < end:
        raise RuleViolation(rule(M7_PROBATION, vote_on), f"Chưa hết 12 tháng dự bị (lễ kết nạp "
                            f"{format_date(ceremony_on)}, hết dự bị {format_date(end)}): chi bộ chưa xét công nhận "
                            f"ngày {format_date(vote_on)}.", field="date")


# --- Huy hiệu (M16; seniority M10 is counted in members.rules) --------------------------------------------------------------------------

BADGE_YEARS = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)  # M16; the rows of statistics form 7


def badge_reached(spans: list[tuple[dt.date, dt.date | None]], on: dt.date) -> tuple[int, dt.date] | None:
    """The highest Huy hiệu step reached by ``on`` and the day it was reached (M16), or None under 30 years."""
    start = effective_start(spans, on)
    if start is None:
        return None
    reached = [(n, add_months(start, 12 * n)) for n in BADGE_YEARS if add_months(start, 12 * n) <= on]
    return reached[-1] if reached else None


# --- screening (M11) ------------------------------------------------------------------------------------------------

M11_SCREENING = Rule("M11", "Điều lệ Đảng, Điều 8, khoản 2; Quy định thi hành Điều lệ Đảng (xóa tên đảng viên)")


def screening_reasons(*, not_completed_years: list[int], year: int, unexcused: int, probation_overdue: dt.date | None,
                      absence_bar: int, unpaid_months: list[dt.date], dues_bar: int) -> list[str]:
    """Why a member is to be considered (M11), from what the data shows: rated "không hoàn thành nhiệm vụ" two
    years running (the two years before ``year``), unexcused absences from the cell's meetings over the bar in 12
    months, a probationary member not recognised in time, and (D3) the months of dues left unpaid without a
    recorded reason (``unpaid_months``, any order) once they reach ``dues_bar``."""
    out = []
    if {year - 2, year - 1} <= set(not_completed_years):
        out.append(f"Xếp loại không hoàn thành nhiệm vụ hai năm liền ({year - 2}, {year - 1}).")
    if unexcused >= absence_bar:
        out.append(f"Vắng sinh hoạt không lý do {unexcused} lần trong 12 tháng.")
    if probation_overdue is not None:
        out.append(f"Đảng viên dự bị quá hạn xét công nhận chính thức (hạn {format_date(probation_overdue)}).")
    if unpaid_months and len(unpaid_months) >= dues_bar:
        months = ", ".join(f"{m:%m/%Y}" for m in sorted(unpaid_months))
        out.append(f"Không đóng đảng phí {len(unpaid_months)} tháng không có lý do (tháng {months}).")
    return out
