"""The membership lifecycle as pure functions: facts in, a state or a cited refusal out. No ORM, no now().

Sources: Điều lệ Đảng; Quy định 24-QĐ/TW (2021), 232-QĐ/TW (2025), 294-QĐ/TW (từ 01/07/2025) thi hành
Điều lệ; Quy định 69-QĐ/TW (kỷ luật), sửa đổi bởi 264-QĐ/TW. Rule codes match ../shared/domain/RULES.md.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field, fields

from dangbo.core.dates import format_date
from dangbo.core.rules import Rule, RuleViolation
from dangbo.members.choices import EventKind as K
from dangbo.members.choices import LeaveReason as L
from dangbo.members.choices import MemberStatus as S
from dangbo.members.choices import RegistrationKind

# Rule families: the code and a short name. The citation a verdict carries is that of the regulation in force on
# the event's date (``rule_on``); the citations below are only the fallback for callers without a date.
SEQUENCE = Rule("M-SEQ", "Điều lệ Đảng; Quy định thi hành Điều lệ Đảng")
M1_AGE = Rule("M1", "Điều lệ Đảng, Điều 1 (tuổi đời người vào Đảng)")
M7_PROBATION = Rule("M7", "Điều lệ Đảng, Điều 5, khoản 1 (thời kỳ dự bị 12 tháng)")
M12_READMISSION = Rule("M12", "Quy định thi hành Điều lệ Đảng, điểm 3.5 (kết nạp lại)")
M14_TRANSFER = Rule("M14", "Quy định thi hành Điều lệ Đảng, điểm 6.3 (chuyển sinh hoạt đảng)")
M15_DISCIPLINE = Rule("M15", "Điều lệ Đảng, Điều 35 (hình thức kỷ luật)")
CCCD = Rule("CCCD", "Luật Căn cước 2023; Thông tư 59/2021/TT-BCA (cấu trúc số định danh)")


_FIELDS: dict[type, frozenset[str]] = {}


def replace(obj, /, **changes):
    """``dataclasses.replace`` for this module's frozen dataclasses, which have no ``__post_init__`` and take every
    field in ``__init__``: a copy of the fields with ``changes``, without the generic ``replace``'s field walk and
    frozen ``__init__`` (the replay makes a few per fact: a fifth of an import's checking)."""
    cls = type(obj)
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = frozenset(f.name for f in fields(cls))
    if not names.issuperset(changes):
        raise TypeError(f"{cls.__name__} has no field {sorted(set(changes) - names)}")
    new = object.__new__(cls)
    state = new.__dict__
    state.update(obj.__dict__)
    state.update(changes)
    return new


@dataclass(frozen=True)
class Regulation:
    """One version of the rules that implement the Party Statute (Quy định thi hành Điều lệ Đảng, with the
    Secretariat's guidance), valid from ``valid_from`` until the next one. Every number is a parameter of its
    version; ``points`` holds the point each rule cites. "(cần đối chiếu)" marks what RULES.md says is not
    confirmed against the text."""

    valid_from: dt.date
    name: str
    points: dict[str, str]
    min_age_years: int = 18
    max_age_years: int = 60
    readmission_months: int = 36
    readmission_after_record_months: int = 60  # after a minor criminal record is cleared
    readmission_barred: frozenset[str] = frozenset(
        {L.ABANDONED, L.RESIGNED, L.DISUNITY, L.CORRUPTION, L.SERIOUS_CRIME})


# Re-admission is point 3.5 in 29-QĐ/TW, 24-QĐ/TW and 294-QĐ/TW alike (3.5.1 conditions, 3.5.2 the reasons that
# bar it, 3.5.3 once only), as published summaries of each text quote it; RULES.md M12 writes "24-QĐ/TW điểm 4",
# which is the statute article (Điều 4) that point implements. 232-QĐ/TW is assumed to keep the numbering.
_ADMISSION_POINTS = {
    "M1": "Mục 1, điểm 1.1 (tuổi đời người vào Đảng)",
    "M12": "điểm 3.5 (kết nạp lại: 3.5.1 điều kiện, 3.5.2 không xem xét, 3.5.3 một lần)",
    "M14": "điểm 6.3 (chuyển sinh hoạt đảng)",
}
REGULATIONS = (
    Regulation(dt.date(2016, 7, 25), "Quy định 29-QĐ/TW ngày 25/07/2016",
               {**_ADMISSION_POINTS, "M14": "điểm 6.3 (chuyển sinh hoạt đảng) (cần đối chiếu)"}),
    Regulation(dt.date(2021, 7, 30), "Quy định 24-QĐ/TW ngày 30/07/2021", _ADMISSION_POINTS),
    Regulation(dt.date(2025, 1, 20), "Quy định 232-QĐ/TW ngày 20/01/2025", _ADMISSION_POINTS),
    Regulation(dt.date(2025, 7, 1), "Quy định 294-QĐ/TW ngày 26/05/2025 (hiệu lực từ 01/07/2025)",
               {**_ADMISSION_POINTS, "M1": "Mục 1, điểm 1.1.1 (tuổi đời người vào Đảng) (cần đối chiếu)"}),
)
# The Secretariat's guidance, versioned on its own: 24-QĐ/TW (30/07/2021) was guided by the 2016 text until
# 28/09/2021; 06-HD/TW (09/06/2025) guides 294-QĐ/TW, in force from 01/07/2025.
GUIDANCE = (
    (dt.date(2016, 9, 20), "Hướng dẫn 01-HD/TW ngày 20/09/2016"),
    (dt.date(2021, 9, 28), "Hướng dẫn 01-HD/TW ngày 28/09/2021"),
    (dt.date(2025, 7, 1), "Hướng dẫn 06-HD/TW ngày 09/06/2025"),
)
# Over 60: who must agree, in writing and before the decision (01-HD/TW 28/09/2021, 1.1; RULES.md M1).
OVER_AGE_GUIDANCE_POINT = "điểm 1.1 (người trên 60 tuổi)"


def guidance_on(day: dt.date) -> str:
    return next((name for start, name in reversed(GUIDANCE) if start <= day), GUIDANCE[0][1])
# Discipline forms (M15): the statute, then 69-QĐ/TW (amended by 264-QĐ/TW), then the 296-QĐ/TW procedure.
DISCIPLINE_CITATIONS = (
    (dt.date(1900, 1, 1), "Điều lệ Đảng, Điều 35"),
    (dt.date(2022, 7, 6), "Điều lệ Đảng, Điều 35; Quy định 69-QĐ/TW ngày 06/07/2022, Điều 7"),
    (dt.date(2025, 5, 30), "Điều lệ Đảng, Điều 35; Quy định 69-QĐ/TW ngày 06/07/2022 (sửa đổi bởi 264-QĐ/TW), "
                           "Điều 7; Quy định 296-QĐ/TW ngày 30/05/2025, Điều 9"),
)


def regulation_on(day: dt.date) -> Regulation:
    """The statute-implementation rules in force on ``day`` (the earliest shipped one before 2016)."""
    current = REGULATIONS[0]
    for reg in REGULATIONS:
        if reg.valid_from <= day:
            current = reg
    return current


def rule_on(rule: Rule, day: dt.date) -> Rule:
    """``rule`` with the citation of the regulation in force on ``day``: an event of 2022 cites 24-QĐ/TW, one
    of 03/2025 232-QĐ/TW, one from 01/07/2025 294-QĐ/TW."""
    reg = regulation_on(day)
    if rule.code == M15_DISCIPLINE.code:
        return Rule(rule.code, [c for start, c in DISCIPLINE_CITATIONS if start <= day][-1])
    if rule.code == M7_PROBATION.code:
        return Rule(rule.code, f"{M7_PROBATION.citation}; {reg.name}, điểm 4.2")
    if rule.code in reg.points:
        return Rule(rule.code, f"{reg.name}, {reg.points[rule.code]}")
    return Rule(rule.code, f"Điều lệ Đảng; {reg.name}")


class NeedsApproval(RuleViolation):
    """A condition met only by a recorded written approval (over-60 admission, re-admission): the verdict names
    the missing approval; the service records it (``EventApproval``: number, date, body, reason) and retries."""

    def __init__(self, rule: Rule, message: str, *, needs: str, fact: "EventFact"):
        super().__init__(rule, message, field="approval")
        self.needs = needs
        self.fact = fact


def format_age(months: int) -> str:
    years, rest = divmod(months, 12)
    return f"{years} tuổi {rest} tháng" if rest else f"{years} tuổi"


def months_between(start: dt.date, end: dt.date) -> int:
    """Full calendar months from ``start`` to ``end`` — an age in months, a wait since leaving — as dateutil's
    ``relativedelta(end, start)`` counts them (month ends and 29/02 clamped; negative when ``end`` is earlier),
    in a third of its time: an import computes it for every age check of every row."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end >= start:
        return months - 1 if add_months(start, months) > end else months
    return months + 1 if add_months(start, months) < end else months


@dataclass(frozen=True)
class AgeCheck:
    """M1 on the day the cell considers the case: the age in full months against the bounds of the regulation."""

    months: int
    min_years: int
    max_years: int
    regulation: Regulation

    @property
    def under(self) -> bool:
        return self.months < self.min_years * 12

    @property
    def over(self) -> bool:
        """Over the maximum: only with the provincial standing committee's written consent before the decision."""
        return self.months > self.max_years * 12

    def under_text(self, day: dt.date) -> str:
        return (f"người vào Đảng phải đủ {self.min_years} tuổi (tính theo tháng) vào ngày chi bộ xét kết nạp "
                f"{format_date(day)}; khi đó mới {format_age(self.months)}.")


def check_age(born: dt.date, considered_on: dt.date, regulation_day: dt.date | None = None) -> AgeCheck:
    """M1, the one computation of the age rule (members' admission events and the admission file both use it): the
    age in full months on ``considered_on`` against the bounds of the regulation in force on ``regulation_day``
    (default: the same day)."""
    reg = regulation_on(regulation_day or considered_on)
    return AgeCheck(months_between(born, considered_on), reg.min_age_years, reg.max_age_years, reg)


TERMINAL = {S.STRUCK_OFF, S.DISMISSED, S.EXPELLED, S.DECEASED}
PROBATION_MONTHS = 12

# Province codes of the 12-digit personal identification number (Thông tư 59/2021/TT-BCA, phụ lục).
PROVINCE_CODES = frozenset(
    ["001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042", "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060", "062", "064", "066", "067", "068", "070", "072", "074", "075", "077", "079", "080", "082", "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096"]
)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clamped to the month's end (31/01 + 1 -> 28 or 29/02): what
    ``day + relativedelta(months=months)`` gives, without building a relativedelta for every row of an import."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def check_cccd(cccd: str, *, gender: str | None = None, date_of_birth: dt.date | None = None) -> str:
    """Validate a CCCD: 12 digits, a real province code, and the gender/century digit and birth year that
    match the person. Returns the cleaned number."""
    text = re.sub(r"[\s.]", "", str(cccd or ""))
    if not re.fullmatch(r"\d{12}", text):
        raise RuleViolation(CCCD, f"Số CCCD “{cccd}” phải gồm đúng 12 chữ số.", field="cccd")
    if text[:3] not in PROVINCE_CODES:
        raise RuleViolation(CCCD, f"Số CCCD “{text}”: mã tỉnh “{text[:3]}” không tồn tại.", field="cccd")
    if gender and date_of_birth:
        century = (date_of_birth.year // 100) - 19  # 1900s -> 0, 2000s -> 1
        expected = str(century * 2 + (1 if gender == "F" else 0))
        if century < 0 or text[3] != expected:
            raise RuleViolation(
                CCCD, f"Số CCCD “{text}”: chữ số thứ 4 phải là {expected} theo giới tính và thế kỷ sinh.", field="cccd"
            )
        if text[4:6] != f"{date_of_birth.year % 100:02d}":
            raise RuleViolation(
                CCCD, f"Số CCCD “{text}”: chữ số 5–6 phải là năm sinh {date_of_birth.year % 100:02d}.", field="cccd"
            )
    return text


@dataclass(frozen=True)
class EventFact:
    """A lifecycle event as plain data. ``org_*`` describe the org on the event date."""

    kind: str
    date: dt.date
    org_id: int | None = None
    org_name: str = ""
    org_active: bool = True
    org_is_cell: bool = True
    org_not_founded: bool = False
    event_id: int | None = None
    considered_on: dt.date | None = None  # admission: the day the cell considered the case (age counts there)
    leave_reason: str = ""  # leaving events: LeaveReason
    record_cleared_on: dt.date | None = None  # re-admission after a minor criminal record: the day it was cleared
    approvals: tuple[tuple[str, dt.date], ...] = ()  # (rule code, date of the written approval) recorded

    def approved_on(self, code: str) -> dt.date | None:
        return next((day for c, day in self.approvals if c == code), None)


@dataclass(frozen=True)
class Interval:
    org_id: int
    kind: str
    is_probationary: bool
    valid_from: dt.date
    valid_to: dt.date | None = None


@dataclass(frozen=True)
class MemberState:
    status: str | None = None
    org_id: int | None = None
    org_name: str = ""
    temp_org_id: int | None = None
    is_exempt: bool = False
    admitted_on: dt.date | None = None
    official_on: dt.date | None = None
    left_on: dt.date | None = None
    leave_reason: str = ""
    last_date: dt.date | None = None
    readmitted: bool = False
    intervals: tuple[Interval, ...] = field(default_factory=tuple)

    @property
    def is_active(self) -> bool:
        return self.status in (S.PROBATIONARY, S.OFFICIAL)


def _refuse(rule: Rule, msg: str, fact: EventFact, *, needs: str = ""):
    """Raise the verdict with the citation of the regulation in force on the event's date."""
    text = f"{K(fact.kind).label} ngày {format_date(fact.date)}: {msg}"
    if needs:
        raise NeedsApproval(rule_on(rule, fact.date), text, needs=needs, fact=fact)
    raise RuleViolation(rule_on(rule, fact.date), text)


def _check_age(fact: EventFact, born: dt.date) -> None:
    """M1: at least ``min_age_years`` full years counted in months on the day the cell considers the case; over
    ``max_age_years`` only with the provincial standing committee's written consent given before the decision."""
    day = fact.considered_on or fact.date
    age = check_age(born, day, fact.date)
    reg, months = age.regulation, age.months
    if age.under:
        _refuse(M1_AGE, age.under_text(day), fact)
    if not age.over:
        return
    consent = fact.approved_on(M1_AGE.code)
    guidance = f"{guidance_on(fact.date)}, {OVER_AGE_GUIDANCE_POINT}"
    if consent is None:
        _refuse(M1_AGE, f"người vào Đảng đã {format_age(months)} vào ngày chi bộ xét kết nạp {format_date(day)}, "
                f"trên {reg.max_age_years} tuổi: cần văn bản đồng ý của Ban Thường vụ tỉnh ủy, thành ủy (số, ngày) "
                f"trước khi quyết định ({guidance}).", fact, needs="Văn bản đồng ý kết nạp người trên 60 tuổi")
    if consent > fact.date:
        _refuse(M1_AGE, f"văn bản đồng ý kết nạp người trên {reg.max_age_years} tuổi ghi ngày {format_date(consent)}, "
                "sau ngày quyết định: phải có trước khi quyết định.", fact,
                needs="Văn bản đồng ý kết nạp người trên 60 tuổi")


def _check_readmission(state: MemberState, fact: EventFact) -> None:
    """M12 (point 3.5 of the regulation in force): refused only for what that point lists — a second
    re-admission, a barred reason for leaving, too little time, the provincial consent missing. Having been
    expelled is not in itself a reason."""
    reg = regulation_on(fact.date)
    if state.readmitted:
        _refuse(M12_READMISSION, "chỉ được kết nạp lại một lần.", fact)
    if state.leave_reason in reg.readmission_barred:
        _refuse(M12_READMISSION, "không xem xét kết nạp lại người đã ra khỏi Đảng vì lý do: "
                f"{L(state.leave_reason).label.lower()}.", fact)
    if state.left_on:
        ready = add_months(state.left_on, reg.readmission_months)
        if fact.date < ready:
            _refuse(M12_READMISSION, f"phải sau ít nhất {reg.readmission_months} tháng kể từ khi ra khỏi Đảng "
                    f"({format_date(state.left_on)}); mới được {months_between(state.left_on, fact.date)} tháng, "
                    f"sớm nhất ngày {format_date(ready)}.", fact)
    if state.leave_reason == L.MINOR_CRIME:
        cleared = fact.record_cleared_on
        if cleared is None:
            _refuse(M12_READMISSION, "người bị án hình sự về tội phạm ít nghiêm trọng: phải ghi ngày được xóa án "
                    f"tích (kết nạp lại sau {reg.readmission_after_record_months} tháng kể từ ngày đó).", fact)
        ready = add_months(cleared, reg.readmission_after_record_months)
        if fact.date < ready:
            _refuse(M12_READMISSION, f"phải sau {reg.readmission_after_record_months} tháng kể từ ngày được xóa án "
                    f"tích ({format_date(cleared)}); mới được {months_between(cleared, fact.date)} tháng, sớm nhất "
                    f"ngày {format_date(ready)}.", fact)
    consent = fact.approved_on(M12_READMISSION.code)
    if consent is None or consent > fact.date:
        when = "" if consent is None else f" (văn bản ghi ngày {format_date(consent)}, sau ngày quyết định)"
        _refuse(M12_READMISSION, "kết nạp lại cần văn bản đồng ý của Ban Thường vụ tỉnh ủy, thành ủy (số, ngày) "
                f"trước khi cấp ủy có thẩm quyền quyết định{when}.", fact,
                needs="Văn bản đồng ý kết nạp lại của Ban Thường vụ tỉnh ủy, thành ủy")


def _close(intervals: tuple[Interval, ...], on: dt.date, kind: str | None = None) -> tuple[Interval, ...]:
    return tuple(
        replace(i, valid_to=on) if i.valid_to is None and (kind is None or i.kind == kind) else i for i in intervals
    )


def _open(state: MemberState, org_id: int, on: dt.date, kind=RegistrationKind.OFFICIAL) -> tuple[Interval, ...]:
    probationary = state.status == S.PROBATIONARY
    return (*state.intervals, Interval(org_id, kind, probationary, on))


def _check_target_org(fact: EventFact):
    if fact.org_id is None:
        _refuse(SEQUENCE, "phải chọn chi bộ.", fact)
    if fact.org_not_founded:
        _refuse(SEQUENCE, f"{fact.org_name or 'tổ chức'} chưa được thành lập vào ngày này.", fact)
    if not fact.org_active:
        _refuse(M14_TRANSFER, f"{fact.org_name or 'tổ chức'} đã giải thể hoặc kết thúc hoạt động vào ngày này.", fact)
    if not fact.org_is_cell:
        _refuse(M14_TRANSFER, f"{fact.org_name} không phải chi bộ; đảng viên chỉ sinh hoạt tại chi bộ.", fact)


def apply(state: MemberState, fact: EventFact, *, date_of_birth: dt.date | None = None) -> MemberState:
    """The state after ``fact``, or a RuleViolation naming the rule that forbids it."""
    kind = fact.kind
    if state.admitted_on and fact.date < state.admitted_on and kind != K.ADMIT:
        _refuse(SEQUENCE, f"không thể trước ngày kết nạp {format_date(state.admitted_on)}.", fact)
    if state.status is None and kind not in (K.ADMIT,):
        _refuse(SEQUENCE, "đảng viên chưa có sự kiện kết nạp.", fact)

    if kind == K.ADMIT:
        if state.status in (S.PROBATIONARY, S.OFFICIAL, S.TRANSFERRED_OUT):
            _refuse(SEQUENCE, "người này đang là đảng viên.", fact)
        if state.status == S.DECEASED:
            _refuse(SEQUENCE, "người này đã từ trần.", fact)
        if state.status in TERMINAL:
            _check_readmission(state, fact)
        if date_of_birth:
            _check_age(fact, date_of_birth)
        if fact.org_id is not None:
            _check_target_org(fact)
        base = replace(
            state, status=S.PROBATIONARY, org_id=fact.org_id, org_name=fact.org_name, admitted_on=fact.date,
            official_on=None, left_on=None, leave_reason="", is_exempt=False, temp_org_id=None,
            readmitted=state.status is not None,
        )
        intervals = base.intervals if fact.org_id is None else _open(base, fact.org_id, fact.date)
        return replace(base, intervals=intervals, last_date=fact.date)

    if state.status in TERMINAL and kind != K.RESTORE:
        _refuse(SEQUENCE, f"đảng viên đã {S(state.status).label.removeprefix('Đã ').lower()}.", fact)

    if kind == K.RECOGNIZE:
        if state.status == S.OFFICIAL:
            _refuse(SEQUENCE, "đảng viên đã là đảng viên chính thức.", fact)
        if state.status != S.PROBATIONARY:
            _refuse(SEQUENCE, "chỉ công nhận chính thức đảng viên dự bị.", fact)
        end = add_months(state.admitted_on, PROBATION_MONTHS)
        if fact.date < end:
            _refuse(M7_PROBATION, f"chưa hết 12 tháng dự bị (hết ngày {format_date(end)}).", fact)
        intervals = state.intervals
        if state.org_id is not None:
            # The official date is the end of probation whatever the vote date (M7).
            intervals = _close(intervals, end, RegistrationKind.OFFICIAL)
            intervals = (*intervals, Interval(state.org_id, RegistrationKind.OFFICIAL, False, end))
        return replace(state, status=S.OFFICIAL, official_on=end, intervals=intervals, last_date=fact.date)

    if kind == K.RESTORE:
        if state.status not in TERMINAL or state.status == S.DECEASED:
            _refuse(SEQUENCE, "chỉ phục hồi đảng tịch cho người đã bị xóa tên, cho ra khỏi Đảng hoặc khai trừ.", fact)
        _check_target_org(fact)
        restored = replace(state, status=S.OFFICIAL if state.official_on else S.PROBATIONARY, left_on=None,
                           leave_reason="")
        return replace(restored, org_id=fact.org_id, org_name=fact.org_name,
                       intervals=_open(restored, fact.org_id, fact.date), last_date=fact.date)

    if kind == K.TRANSFER_IN:
        if state.is_active and state.org_id is not None:
            _refuse(M14_TRANSFER, f"đảng viên đang sinh hoạt chính thức tại {state.org_name or 'một chi bộ khác'}; "
                    "mỗi đảng viên chỉ có một nơi sinh hoạt chính thức.", fact)
        _check_target_org(fact)
        status = state.status if state.status != S.TRANSFERRED_OUT else (S.OFFICIAL if state.official_on else S.PROBATIONARY)
        moved = replace(state, status=status, org_id=fact.org_id, org_name=fact.org_name, left_on=None)
        return replace(moved, intervals=_open(moved, fact.org_id, fact.date), last_date=fact.date)

    if not state.is_active:
        _refuse(SEQUENCE, "đảng viên không còn sinh hoạt trong hệ thống.", fact)

    if kind == K.TRANSFER:
        _check_target_org(fact)
        if fact.org_id == state.org_id:
            _refuse(M14_TRANSFER, "đảng viên đang sinh hoạt tại chính chi bộ này.", fact)
        intervals = _close(state.intervals, fact.date, RegistrationKind.OFFICIAL)
        moved = replace(state, org_id=fact.org_id, org_name=fact.org_name, intervals=intervals)
        if moved.temp_org_id == fact.org_id:
            moved = replace(moved, temp_org_id=None, intervals=_close(moved.intervals, fact.date))
        return replace(moved, intervals=_open(moved, fact.org_id, fact.date), last_date=fact.date)

    if kind == K.TRANSFER_OUT:
        return replace(state, status=S.TRANSFERRED_OUT, temp_org_id=None,
                       intervals=_close(state.intervals, fact.date), last_date=fact.date)

    if kind == K.TEMP_TRANSFER:
        _check_target_org(fact)
        if state.temp_org_id is not None:
            _refuse(M14_TRANSFER, "đảng viên đang sinh hoạt tạm thời ở nơi khác; phải kết thúc trước.", fact)
        if fact.org_id == state.org_id:
            _refuse(M14_TRANSFER, "nơi sinh hoạt tạm thời phải khác nơi sinh hoạt chính thức.", fact)
        moved = replace(state, temp_org_id=fact.org_id)
        return replace(moved, intervals=_open(moved, fact.org_id, fact.date, RegistrationKind.TEMPORARY),
                       last_date=fact.date)

    if kind == K.TEMP_RETURN:
        if state.temp_org_id is None:
            _refuse(M14_TRANSFER, "đảng viên không có sinh hoạt tạm thời để kết thúc.", fact)
        return replace(state, temp_org_id=None, last_date=fact.date,
                       intervals=_close(state.intervals, fact.date, RegistrationKind.TEMPORARY))

    if kind == K.EXEMPT:
        if state.is_exempt:
            _refuse(SEQUENCE, "đảng viên đang được miễn công tác và sinh hoạt đảng.", fact)
        return replace(state, is_exempt=True, last_date=fact.date)

    if kind == K.EXEMPT_END:
        if not state.is_exempt:
            _refuse(SEQUENCE, "đảng viên không trong thời gian miễn công tác và sinh hoạt đảng.", fact)
        return replace(state, is_exempt=False, last_date=fact.date)

    if kind == K.EXPEL and state.status == S.PROBATIONARY:
        _refuse(M15_DISCIPLINE, "đảng viên dự bị chỉ bị kỷ luật khiển trách hoặc cảnh cáo, không khai trừ.", fact)

    ends = {K.STRIKE_OFF: S.STRUCK_OFF, K.DISMISS: S.DISMISSED, K.EXPEL: S.EXPELLED, K.DEATH: S.DECEASED}
    if kind in ends:
        return replace(state, status=ends[kind], left_on=fact.date, leave_reason=fact.leave_reason,
                       temp_org_id=None, is_exempt=False,
                       intervals=_close(state.intervals, fact.date), last_date=fact.date)
    raise RuleViolation(SEQUENCE, f"Loại sự kiện “{kind}” không hợp lệ.")


def replay(facts: list[EventFact], *, date_of_birth: dt.date | None = None) -> MemberState:
    """Fold the whole history in date order; the first impossible step raises."""
    ordered = sorted(facts, key=lambda f: (f.date, f.event_id or 10**12))
    admissions = [f.date for f in ordered if f.kind == K.ADMIT]
    if admissions and ordered[0].kind != K.ADMIT:
        _refuse(SEQUENCE, f"không thể trước ngày kết nạp {format_date(admissions[0])}.", ordered[0])
    state = MemberState()
    for fact in ordered:
        state = apply(state, fact, date_of_birth=date_of_birth)
    # Drop zero-length intervals (two changes on one day).
    kept = tuple(i for i in state.intervals if i.valid_to is None or i.valid_to > i.valid_from)
    return replace(state, intervals=kept)


@dataclass(frozen=True)
class OrgSpan:
    """The life of an org in the tree: from its first placement to the end of its last (exclusive; open when
    None), and, when it ended, what became of it ("sáp nhập vào Chi bộ C")."""

    org_id: int
    name: str
    valid_from: dt.date
    valid_to: dt.date | None = None
    fate: str = ""
    successor_id: int | None = None  # the org it merged into, when it merged into exactly one

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


def outside_org_lives(state: MemberState, spans: dict[int, OrgSpan]) -> list[tuple[Interval, OrgSpan]]:
    """The registrations of ``state`` that run where their org did not exist: begun before it was founded, or
    still open (or closing) after it ended (merged, split, dissolved)."""
    out = []
    for i in state.intervals:
        span = spans.get(i.org_id)
        if span is None or (i.valid_to is not None and i.valid_to <= i.valid_from):
            continue
        ends_after = span.valid_to is not None and (i.valid_to is None or i.valid_to > span.valid_to)
        if i.valid_from < span.valid_from or ends_after:
            out.append((i, span))
    return out


def check_org_lives(before: MemberState, after: MemberState, spans: dict[int, OrgSpan], fact: EventFact) -> None:
    """Refuse ``fact`` if it makes the member sit in an org outside that org's life (RULES.md O2: the tree keeps
    its history, and each period is read over the tree of its day). Problems already in ``before`` are not
    blamed on ``fact``: this checks what the new fact changes."""
    old = {(i.org_id, i.kind, i.valid_from) for i, _ in outside_org_lives(before, spans)}
    for interval, span in outside_org_lives(after, spans):
        if (interval.org_id, interval.kind, interval.valid_from) in old:
            continue
        what = "sinh hoạt tạm thời" if interval.kind == RegistrationKind.TEMPORARY else "sinh hoạt"
        if interval.valid_from < span.valid_from:
            _refuse(SEQUENCE, f"{span.name} thành lập ngày {format_date(span.valid_from)}, đảng viên không thể "
                    f"{what} tại đây từ ngày {format_date(interval.valid_from)}.", fact)
        fate = f" ({span.fate})" if span.fate else ""
        _refuse(SEQUENCE, f"{span.name} đã kết thúc hoạt động từ ngày {format_date(span.valid_to)}{fate}; ghi "
                f"sự kiện này thì đảng viên vẫn {what} tại {span.name} sau ngày đó, ngoài mọi danh sách theo ngày. "
                "Sự kiện ghi lùi ngày không được làm thay đổi thời kỳ đã khép lại: hãy ghi vào tổ chức đang hoạt "
                "động vào ngày của sự kiện, hoặc ghi đủ việc chuyển sinh hoạt theo quyết định sắp xếp tổ chức.", fact)


def replay_as_decided(facts: list[EventFact], *, date_of_birth: dt.date | None = None,
                      ) -> tuple[MemberState, list[NeedsApproval]]:
    """Replay a history that was decided in the past (an import of existing records): a missing approval does not
    refuse it but is returned as a flag, to be stored with the record; every other rule still refuses."""
    flags: list[NeedsApproval] = []
    facts = list(facts)
    for _ in range(2 * len(facts) + 1):
        try:
            return replay(facts, date_of_birth=date_of_birth), flags
        except NeedsApproval as verdict:
            flags.append(verdict)
            facts = [replace(f, approvals=(*f.approvals, (verdict.rule.code, f.date))) if f is verdict.fact else f
                     for f in facts]
    raise flags[-1]


DISCIPLINE_FORMS = {
    # M15: who may receive which form.
    "official": ("reprimand", "warning", "removal", "expulsion"),
    "probationary": ("reprimand", "warning"),
    "org": ("reprimand", "warning", "disbandment"),
}


def check_discipline_form(subject: str, form: str, on: dt.date | None = None) -> None:
    """``subject`` is "official", "probationary" or "org"; ``on`` (the decision date) picks the citation."""
    allowed = DISCIPLINE_FORMS[subject]
    if form not in allowed:
        labels = {"reprimand": "khiển trách", "warning": "cảnh cáo", "removal": "cách chức",
                  "expulsion": "khai trừ", "disbandment": "giải tán"}
        who = {"official": "đảng viên chính thức", "probationary": "đảng viên dự bị", "org": "tổ chức đảng"}[subject]
        raise RuleViolation(rule_on(M15_DISCIPLINE, on) if on else M15_DISCIPLINE, f"Hình thức “{labels.get(form, form)}” không áp dụng cho {who}; "
                            f"chỉ: {', '.join(labels[f] for f in allowed)}.", field="form")


def possible_events(status: str | None, *, is_exempt: bool = False, has_temporary: bool = False) -> list[str]:
    """The lifecycle events that can follow the current state — the member page offers only these."""
    if status is None:
        return [K.ADMIT]
    if status == S.DECEASED:
        return []
    if status in TERMINAL:
        return [K.RESTORE, K.ADMIT]
    if status == S.TRANSFERRED_OUT:
        return [K.TRANSFER_IN]
    kinds = [K.RECOGNIZE] if status == S.PROBATIONARY else []
    kinds += [K.TRANSFER, K.TRANSFER_OUT, K.TEMP_RETURN if has_temporary else K.TEMP_TRANSFER,
              K.EXEMPT_END if is_exempt else K.EXEMPT, K.STRIKE_OFF, K.DISMISS]
    if status == S.OFFICIAL:
        kinds.append(K.EXPEL)
    kinds.append(K.DEATH)
    return kinds


EXEMPTION_FACTS = (K.EXEMPT, K.EXEMPT_END)


def exempt_by(facts, day: dt.date) -> bool:
    """Whether a member was exempt from work and meetings (M13) on ``day``, from their exemption facts
    ((day, kind) in the order they happened; days as dates, or all as ISO texts): the last one on or before the
    day decides."""
    last = None
    for date, kind in facts:
        if date > day:
            break
        last = kind
    return last == K.EXEMPT


# --- seniority (M10): a member fact, counted for admissions (Huy hiệu), dues (exemption at 50 years), memberwork

M10_SENIORITY = "M10"
SENIORITY = Rule(M10_SENIORITY, "Điều lệ Đảng, Điều 5, khoản 4; Quy định thi hành Điều lệ Đảng, điểm 4.5; "
                                "Quy định về Huy hiệu Đảng (các mốc 30, 40, 45 … 90 năm tuổi đảng)")


def effective_start(spans: list[tuple[dt.date, dt.date | None]], on: dt.date) -> dt.date | None:
    """The day seniority would have started had there been no gap: the first span's start moved on by every day
    outside party life (between spans) before ``on`` — expulsion, strike-off, loss of contact, gaps between
    transfers (M10). ``spans``: the member's periods in the party, any order; None when none began by ``on``."""
    spans = sorted(s for s in spans if s[0] <= on)
    if not spans:
        return None
    start, reach = spans[0][0], spans[0][1]
    outside = dt.timedelta(0)
    for begin, end in spans[1:]:
        if reach is not None and begin > reach:
            outside += begin - reach
        reach = None if reach is None or end is None else max(reach, end)
    return start + outside


def counted_spans(spans: list[tuple[dt.date, dt.date | None]],
                  decided_on: dt.date | None) -> list[tuple[dt.date, dt.date | None]]:
    """M10: seniority counts from the competent committee's admission decision, which comes before the ceremony
    (the member's first registration). When the admission file records the decision, the first span starts
    there; a decision after the first span is a re-admission's, and seniority keeps counting from the first."""
    spans = sorted(spans)
    if decided_on is None or not spans or decided_on >= spans[0][0]:
        return spans
    return [(decided_on, spans[0][1]), *spans[1:]]


def seniority_on(spans: list[tuple[dt.date, dt.date | None]], on: dt.date) -> tuple[int, int] | None:
    """Full years and months of seniority on ``on`` (None before any span)."""
    start = effective_start(spans, on)
    if start is None:
        return None
    months = months_between(start, on)
    return divmod(months, 12)
