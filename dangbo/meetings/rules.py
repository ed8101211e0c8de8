"""Pure rules of cell meetings (RULES.md G1–G3, M11, M13): the schedule window of a month, the quality verdict
of a regular meeting under the guidance in force on its date, the rating from a scoring sheet, the repeat
absentees, the papers a meeting may attach. No database: the services and selectors pass the facts in."""

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from dangbo.core.numbers import format_percent
from dangbo.core.rules import Rule, RuleViolation

G1 = Rule("G1", "Hướng dẫn sinh hoạt chi bộ (12-HD/BTCTW 06/07/2018; 42-HD/BTCTW 28/10/2025)")
G3 = Rule("G3", "Quy định chấm điểm chất lượng sinh hoạt chi bộ của cấp tỉnh (G3)")
M11 = Rule("M11", "Điều lệ Đảng, điều 8; 294-QĐ/TW (26/05/2025) mục 7 — xóa tên đảng viên")
FILES = Rule("FILES", "Tệp đính kèm biên bản sinh hoạt")


@dataclass(frozen=True)
class Guidance:
    """One version of the central guidance on cell meetings, with the parameters of its quality criteria."""

    code: str
    citation: str
    valid_from: dt.date
    min_present_share: Decimal  # present must be *above* it (G2 group 1: "trên 85%")
    max_excused_streak: int  # nobody absent with reason more than this many times running in the year
    min_minutes: int
    min_minutes_combined: int | None  # thematic and regular in one session (42-HD/BTCTW)
    documents_days_before: int | None  # documents posted at least this many days before (42-HD/BTCTW)


# RULES.md "cell meetings": 09-HD/BTCTW (2012) → 12-HD/BTCTW (2018) → 42-HD/BTCTW (2025). 42-HD keeps the 2018
# quality criteria until its own are confirmed (G2), and adds the 120 minutes and the documents a day before.
GUIDANCES = (
    Guidance("09-HD/BTCTW", "Hướng dẫn 09-HD/BTCTW (02/03/2012) về sinh hoạt chi bộ", dt.date(2012, 3, 2),
             Decimal("0.85"), 3, 90, None, None),
    Guidance("12-HD/BTCTW", "Hướng dẫn 12-HD/BTCTW (06/07/2018) về nâng cao chất lượng sinh hoạt chi bộ",
             dt.date(2018, 7, 6), Decimal("0.85"), 3, 90, None, None),
    Guidance("42-HD/BTCTW", "Hướng dẫn 42-HD/BTCTW (28/10/2025) về nâng cao chất lượng sinh hoạt chi bộ",
             dt.date(2025, 10, 28), Decimal("0.85"), 3, 90, 120, 1),
)

# M11: skipping meetings 3 times in 12 months without a good reason is a ground the cell considers for strike-off.
STRIKE_OFF_ABSENCES = 3
STRIKE_OFF_WINDOW_MONTHS = 12


def guidance_on(day: dt.date) -> Guidance:
    found = [g for g in GUIDANCES if g.valid_from <= day]
    return found[-1] if found else GUIDANCES[0]


# --- schedule ---------------------------------------------------------------------------------------------------

def _day_of(month_first: dt.date, day: int) -> dt.date:
    """Day ``day`` of the month (negative: counted from its end, -1 = the last day), clamped to the month."""
    last = calendar.monthrange(month_first.year, month_first.month)[1]
    number = last + day + 1 if day < 0 else day
    return month_first.replace(day=max(1, min(last, number)))


def month_window(kind: str | None, start_day: int | None, end_day: int | None, ends_next_month: bool,
                 month_first: dt.date) -> tuple[dt.date, dt.date]:
    """The days on which the regular meeting of ``month_first``'s month may be held (G1). No rule: the month."""
    month_first = month_first.replace(day=1)
    if kind is None:
        return month_first, _day_of(month_first, -1)
    start = _day_of(month_first, start_day)
    if kind == "fixed":
        return start, start
    end_month = month_first + relativedelta(months=1) if ends_next_month else month_first
    end = _day_of(end_month, end_day if end_day is not None else -1)
    return start, max(start, end)


def describe_schedule(kind: str, start_day: int, end_day: int | None, ends_next_month: bool) -> str:
    def day(d: int) -> str:
        if d < 0:
            return "ngày cuối tháng" if d == -1 else f"{-d} ngày cuối tháng"
        return f"ngày {d}" if d >= 10 else f"ngày mùng {d}"
    if kind == "fixed":
        return f"{day(start_day)} hằng tháng"
    text = "tuần cuối hằng tháng" if start_day == -7 else f"từ {day(start_day)} hằng tháng"
    if end_day is None:
        return text
    return f"{text}, chậm nhất {day(end_day)} {'tháng sau' if ends_next_month else 'trong tháng'}"


def check_schedule(kind: str, start_day: int, end_day: int | None, ends_next_month: bool) -> None:
    if kind == "fixed":
        if not 1 <= start_day <= 31:
            raise RuleViolation(G1, "Ngày sinh hoạt cố định phải từ 1 đến 31.", field="start_day")
        return
    if not (1 <= start_day <= 31 or -28 <= start_day <= -1):
        raise RuleViolation(G1, "“Từ ngày” phải từ 1 đến 31, hoặc số âm đếm từ cuối tháng (-7 = tuần cuối).",
                            field="start_day")
    if end_day is None or not 1 <= end_day <= 31:
        raise RuleViolation(G1, "Khoảng thời gian sinh hoạt cần “đến ngày” từ 1 đến 31.", field="end_day")
    if not ends_next_month and start_day > 0 and end_day < start_day:
        raise RuleViolation(G1, "“Đến ngày” phải sau “từ ngày” (hoặc chọn hạn cuối sang tháng sau).",
                            field="end_day")
    if not ends_next_month and start_day < 0 and end_day < 32 + start_day:
        # counted from the end, the window starts as late as day 32 + start_day (a 31-day month)
        raise RuleViolation(G1, f"Khoảng thời gian đếm từ cuối tháng bắt đầu muộn nhất ngày {32 + start_day}: "
                            f"“đến ngày” phải từ ngày {32 + start_day} trở đi (hoặc chọn hạn cuối sang tháng sau).",
                            field="end_day")


def months_for(date: dt.date) -> tuple[dt.date, dt.date]:
    """The months a meeting held on ``date`` may count for: its own, or the previous one (a window may end in the
    next month)."""
    first = date.replace(day=1)
    return first, first - relativedelta(months=1)


def check_meeting_month(month_first: dt.date, date: dt.date) -> None:
    if month_first not in months_for(date):
        raise RuleViolation(G1, f"Kỳ sinh hoạt tháng {month_first:%m/%Y} không thể họp ngày {date:%d/%m/%Y}: "
                            "chỉ trong tháng đó hoặc đầu tháng sau.", field="month")


# --- quality (G2) ------------------------------------------------------------------------------------------------

# G2's checks the cell records by hand, by group; each key is stored in ``Meeting.checks``.
MANUAL_CHECKS = {
    "content_complete": ("2 chuẩn bị", "Nội dung đúng, đủ theo hướng dẫn của cấp trên, có trọng tâm"),
    "order_followed": ("3 tiến hành", "Đúng trình tự, đủ nội dung"),
    "praise_criticism": ("3 tiến hành", "Biểu dương, nhắc nhở, phê bình đảng viên khi cần"),
    "many_spoke": ("3 tiến hành", "Nhiều đảng viên phát biểu ý kiến"),
    "minutes_complete": ("3 tiến hành", "Ghi sổ biên bản đầy đủ"),
    "principles": ("4 nguyên tắc", "Bảo đảm nguyên tắc tổ chức, sinh hoạt đảng (tập trung dân chủ, tự phê bình "
                   "và phê bình)"),
    "results": ("5 kết quả", "Nghị quyết, kết luận được thực hiện có kết quả"),
}


@dataclass(frozen=True)
class MeetingFacts:
    date: dt.date
    present: int
    excused: int
    unexcused: int
    minutes: int | None
    combined_session: bool = False
    prepared_by_secretary: bool = False
    had_preparation_meeting: bool = False
    has_draft_resolution: bool = False
    documents_posted_on: dt.date | None = None
    in_window: bool = True
    has_conclusion: bool = False
    excused_streaks: int = 0  # members absent with reason more than the guidance allows, running, this year
    checks: dict = field(default_factory=dict)


@dataclass(frozen=True)
class QualityVerdict:
    passed: bool
    guidance: Guidance
    failures: tuple[tuple[str, str], ...]  # (group, Vietnamese reason)

    @property
    def text(self) -> str:
        if self.passed:
            return f"Đạt chất lượng theo {self.guidance.code}"
        return f"Chưa đạt theo {self.guidance.code}: " + "; ".join(reason for _, reason in self.failures)


def assess_quality(f: MeetingFacts) -> QualityVerdict:
    """Whether a regular meeting "đạt chất lượng" by the framework criteria (G2) of the guidance in force on its
    date; every failure names its group and the figure."""
    g = guidance_on(f.date)
    out: list[tuple[str, str]] = []
    counted = f.present + f.excused + f.unexcused
    if counted == 0:
        out.append(("1 dự họp", "chưa điểm danh"))
    elif Decimal(f.present) / counted <= g.min_present_share:
        out.append(("1 dự họp", f"có mặt {f.present}/{counted} ({format_percent(f.present, counted)}), "
                    f"cần trên {format_percent(int(g.min_present_share * 100), 100, 0)}"))
    if f.unexcused:
        out.append(("1 dự họp", f"{f.unexcused} đảng viên vắng không lý do"))
    if f.excused_streaks:
        out.append(("1 dự họp", f"{f.excused_streaks} đảng viên vắng có lý do quá {g.max_excused_streak} "
                    "lần liên tiếp trong năm"))
    if not f.prepared_by_secretary:
        out.append(("2 chuẩn bị", "bí thư hoặc phó bí thư chưa trực tiếp chuẩn bị nội dung"))
    if not f.had_preparation_meeting:
        out.append(("2 chuẩn bị", "chi ủy (bí thư, phó bí thư) chưa họp chuẩn bị"))
    if not f.has_draft_resolution:
        out.append(("2 chuẩn bị", "chưa có dự thảo nghị quyết"))
    if g.documents_days_before is not None and (
            f.documents_posted_on is None or (f.date - f.documents_posted_on).days < g.documents_days_before):
        out.append(("2 chuẩn bị", f"tài liệu chưa gửi đảng viên trước ít nhất {g.documents_days_before} ngày"))
    if not f.in_window:
        out.append(("3 tiến hành", "không họp đúng thời gian cấp ủy quy định"))
    needed = g.min_minutes_combined if (f.combined_session and g.min_minutes_combined) else g.min_minutes
    if f.minutes is None:
        out.append(("3 tiến hành", "chưa ghi giờ bắt đầu, kết thúc"))
    elif f.minutes < needed:
        out.append(("3 tiến hành", f"họp {f.minutes} phút, cần ít nhất {needed} phút"))
    if not f.has_conclusion:
        out.append(("5 kết quả", "chưa có nghị quyết hoặc kết luận"))
    for code, (group, label) in MANUAL_CHECKS.items():
        if not f.checks.get(code):
            out.append((group, f"chưa đạt: {label[0].lower()}{label[1:]}"))
    return QualityVerdict(not out, g, tuple(out))


def duration_minutes(starts_at: dt.time | None, ends_at: dt.time | None) -> int | None:
    if starts_at is None or ends_at is None:
        return None
    return (ends_at.hour * 60 + ends_at.minute) - (starts_at.hour * 60 + starts_at.minute)


def excused_streak(statuses: list[str], limit: int) -> bool:
    """Whether a member's attendance of the year (in date order, "P"/"E"/"U") holds more than ``limit`` excused
    absences running (G2 group 1)."""
    run = 0
    for status in statuses:
        run = run + 1 if status == "E" else 0
        if run > limit:
            return True
    return False


# --- rating (G3) --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sheet:
    criteria: tuple[dict, ...]  # {"code", "name", "points", "must_full"}
    good_from: int
    fair_from: int
    average_from: int


def _points(value) -> str:
    """Points the Vietnamese way: 10, 2,5."""
    return format(Decimal(str(value)).normalize(), "f").replace(".", ",")


def score(sheet: Sheet, points: dict) -> tuple[Decimal, str]:
    """The total and the level ("good" / "fair" / "average" / "poor") of a filled sheet (G3): Tốt needs the
    threshold *and* full marks on every must-have criterion, else it is Khá."""
    total = Decimal(0)
    missing_full = []
    for c in sheet.criteria:
        raw = points.get(c["code"])
        if raw is None or raw == "":
            raise RuleViolation(G3, f"Chưa chấm tiêu chí “{c['name']}”.", field=c["code"])
        try:
            value = Decimal(str(raw).replace(",", "."))
        except ArithmeticError as exc:
            raise RuleViolation(G3, f"Điểm tiêu chí “{c['name']}” không phải số.", field=c["code"]) from exc
        if not value.is_finite() or value < 0 or value > c["points"]:
            raise RuleViolation(G3, f"Điểm tiêu chí “{c['name']}” phải từ 0 đến {_points(c['points'])}.",
                                field=c["code"])
        if c.get("must_full") and value < c["points"]:
            missing_full.append(c["name"])
        total += value
    unknown = set(points) - {c["code"] for c in sheet.criteria}
    if unknown:
        raise RuleViolation(G3, "Phiếu không có tiêu chí: " + ", ".join(sorted(unknown)) + ".")
    if total >= sheet.good_from:
        level = "fair" if missing_full else "good"
    elif total >= sheet.fair_from:
        level = "fair"
    elif total >= sheet.average_from:
        level = "average"
    else:
        level = "poor"
    return total, level


def check_sheet(criteria: list, good_from: int, fair_from: int, average_from: int) -> None:
    if not criteria:
        raise RuleViolation(G3, "Phiếu chấm điểm cần ít nhất một tiêu chí.", field="criteria")
    codes = [c.get("code") for c in criteria]
    if len(set(codes)) != len(codes) or not all(codes):
        raise RuleViolation(G3, "Mỗi tiêu chí cần một mã riêng.", field="criteria")
    if not all(str(c.get("name") or "").strip() for c in criteria):
        raise RuleViolation(G3, "Mỗi tiêu chí cần tên.", field="criteria")
    if not all(isinstance(c.get("points"), int | float) and not isinstance(c["points"], bool) and c["points"] > 0
               for c in criteria):
        raise RuleViolation(G3, "Điểm tối đa của mỗi tiêu chí phải là số dương.", field="criteria")
    if not good_from > fair_from > average_from >= 0:
        raise RuleViolation(G3, "Ngưỡng điểm phải giảm dần: Tốt > Khá > Trung bình ≥ 0.", field="good_from")
    most = sum(Decimal(str(c["points"])) for c in criteria)
    if most < good_from:
        raise RuleViolation(G3, f"Tổng điểm tối đa của các tiêu chí ({_points(most)}) thấp hơn ngưỡng Tốt "
                            f"({good_from}): không kỳ họp nào đạt Tốt.", field="good_from")


# --- absences (M11) -------------------------------------------------------------------------------------------------

def absence_window(on: dt.date) -> tuple[dt.date, dt.date]:
    """The 12 months ending on ``on`` in which unexcused absences are counted (M11)."""
    return on - relativedelta(months=STRIKE_OFF_WINDOW_MONTHS) + dt.timedelta(days=1), on


def is_repeat_absentee(unexcused: int) -> bool:
    return unexcused >= STRIKE_OFF_ABSENCES


# --- attachments ----------------------------------------------------------------------------------------------------

MAX_FILE_BYTES = 10 * 1024 * 1024
# extension → the first bytes such a file starts with (the name alone proves nothing)
FILE_TYPES = {
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG",),
}


def check_file(name: str, size: int, head: bytes) -> str:
    """The file's extension if a meeting may keep it; otherwise a refusal naming the limit."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in FILE_TYPES:
        raise RuleViolation(FILES, f"Tệp “{name}”: chỉ nhận PDF, Word (DOC, DOCX), ODT hoặc ảnh JPG, PNG.",
                            field="file")
    if size > MAX_FILE_BYTES:
        mb = f"{size / 1024 / 1024:.1f}".replace(".", ",")
        raise RuleViolation(FILES, f"Tệp “{name}” nặng {mb} MB, tối đa {MAX_FILE_BYTES // 1024 // 1024} MB.",
                            field="file")
    if size == 0:
        raise RuleViolation(FILES, f"Tệp “{name}” rỗng (0 byte).", field="file")
    if not any(head.startswith(magic) for magic in FILE_TYPES[ext]):
        raise RuleViolation(FILES, f"Tệp “{name}” không đúng định dạng {ext.upper()}.", field="file")
    return ext
