"""Annual review and rating (kiểm điểm, đánh giá, xếp loại chất lượng) as pure functions.

Three regimes ship, chosen by the review year (RULES.md R1–R8):
- 132-QĐ/TW with 21-HD/BTCTW — reviews of 2018–2022: criteria marks, political-task criteria decide excellence;
- 124-QĐ/TW with 25-HD/BTCTW — reviews of 2023–2024: marks Xuất sắc / Tốt / Trung bình / Kém, forced KHTNV cases;
- 366-QĐ/TW with 43-HD/BTCTW — from the 2025 review: a 100-point score (30 general + 70 task results).
Every threshold is a parameter of its ``Regulation``; values marked "to confirm" in RULES.md are parameters too.
No ORM, no clock: plain data in, a level or a cited ``RuleViolation`` out.
"""

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from dangbo.core.dates import format_date
from dangbo.core.numbers import format_int, format_percent
from dangbo.core.rules import Rule, RuleViolation
from dangbo.members.rules import add_months
from dangbo.reviews.choices import GOOD_OR_ABOVE, LEVEL_ORDER, LEVEL_SHORT, Exclusion, Level, Mark

MARK_RANK = {Mark.EXCELLENT: 0, Mark.GOOD: 1, Mark.AVERAGE: 2, Mark.POOR: 3}
DISCIPLINE_RANK = {"reprimand": 1, "warning": 2, "removal": 3, "expulsion": 4, "disbandment": 4}


@dataclass(frozen=True)
class Regulation:
    code: str
    guidance: str
    first_year: int
    last_year: int | None
    method: str  # "marks" | "score"
    # The HTXSNV quota (R4): the share, its base ("good_or_above" = HTT trở lên, "good" = HTTNV only), the
    # group it is counted in for members ("grassroots": each tổ chức cơ sở đảng; "cell": each chi bộ) and for
    # orgs ("superior": the deciding superior), and where it is written. A breach is a warning the competent
    # level overrides by recording the exception (thành tích nổi trội), never a refusal of the decision itself.
    excellent_share: Fraction = Fraction(1, 5)
    quota_base: str = "good_or_above"
    quota_member_group: str = "grassroots"
    quota_org_group: str = "superior"
    quota_where: str = "tỷ lệ hoàn thành xuất sắc nhiệm vụ"
    new_member_months: int = 6
    discipline_forces_not_completed: bool = True
    self_corrected_discipline_exempts: bool = False
    sick_leave_cap_months: int | None = None
    min_targets_share: Decimal | None = None
    max_subordinates_disciplined_share: Decimal | None = None
    leadership_discipline_forces_not_completed: str | None = "warning"  # this form or heavier
    excellent_min_score: int = 90
    good_min_score: int = 70
    completed_min_score: int = 50
    excellent_min_exceeding_share: Fraction = Fraction(3, 10)
    org_completed_max_late_share: Fraction = Fraction(1, 5)
    # An org's level is capped by its members' and sub-units' results (to confirm per guidance):
    org_excellent_needs_no_failed_subunit: bool = True
    org_excellent_min_good_subunits_share: Fraction = Fraction(2, 3)
    extra: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.code} ({self.guidance})"


R132 = Regulation("132-QĐ/TW", "21-HD/BTCTW", 2018, 2022, "marks", sick_leave_cap_months=3,
                  quota_where="tỷ lệ HTXSNV, hướng dẫn 21-HD/BTCTW ngày 18/10/2019")
R124 = Regulation("124-QĐ/TW", "25-HD/BTCTW", 2023, 2024, "marks", self_corrected_discipline_exempts=True,
                  min_targets_share=Fraction(1, 2), max_subordinates_disciplined_share=Fraction(1, 5),
                  quota_where="tỷ lệ HTXSNV, hướng dẫn 25-HD/BTCTW (2023)")
R366 = Regulation("366-QĐ/TW", "43-HD/BTCTW", 2025, None, "score", max_subordinates_disciplined_share=Fraction(1, 5),
                  quota_where="tỷ lệ HTXSNV (tham số, chờ xác nhận theo 43-HD/BTCTW ngày 31/10/2025)")
REGULATIONS = (R132, R124, R366)


def regulation_for(year: int) -> Regulation:
    for reg in REGULATIONS:
        if reg.first_year <= year and (reg.last_year is None or year <= reg.last_year):
            return reg
    raise RuleViolation(Rule("R0", "RULES.md"), f"Chưa có quy định đánh giá, xếp loại cho năm {year} (từ 2018).")


def _rule(reg: Regulation, code: str, where: str) -> Rule:
    return Rule(code, f"{reg.code}, {where}; {reg.guidance}")


def rank(level: str) -> int:
    return LEVEL_ORDER.index(level)


def worst(*levels: str) -> str:
    return max(levels, key=rank)


# --- R1: who is rated -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MemberCase:
    is_active: bool
    is_exempt: bool
    admitted_on: dt.date | None
    is_suspended: bool = False


def exclusion_for(case: MemberCase, *, review_date: dt.date, reg: Regulation) -> str | None:
    """Why a member is not rated this year (listed, not counted), or None when they are rated (R1)."""
    if case.is_exempt:
        return Exclusion.EXEMPT
    if case.is_suspended:
        return Exclusion.SUSPENDED
    if case.admitted_on and add_months(case.admitted_on, reg.new_member_months) > review_date:
        return Exclusion.NEW_MEMBER
    return None


def review_date(year: int) -> dt.date:
    """The reference date of a year's review: members admitted within 6 months before it are not rated."""
    return dt.date(year, 12, 31)


# --- R4–R6: the level an assessment supports --------------------------------------------------------------------

@dataclass(frozen=True)
class AssessmentFacts:
    is_org: bool = False
    marks: tuple[tuple[str, str], ...] = ()
    political_criteria: frozenset[str] = frozenset()
    criterion_names: tuple[tuple[str, str], ...] = ()  # code → name, for messages
    score: Decimal | None = None
    tasks_total: int = 0
    tasks_on_time: int = 0
    tasks_exceeding: int = 0
    shortcomings_total: int = 0
    shortcomings_fixed: int = 0
    targets_met_share: Decimal | None = None
    disciplined_in_year: bool = False
    discipline_self_corrected: bool = False
    sick_leave_months: int = 0
    civil_servant_level: str | None = None
    # collectives only
    leadership_discipline: str | None = None
    subordinate_units: int = 0
    subordinate_disciplined: int = 0
    subordinate_misconduct: bool = False
    disunity: bool = False
    subunit_levels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cap:
    level: str
    rule: Rule
    reason: str
    on_scale: bool = False  # the 100-point scale's cap: a refusal lists what the level asked for lacks


def level_from_marks(facts: AssessmentFacts, reg: Regulation) -> Cap | None:
    """132 / 124: the level the criterion marks support."""
    if not facts.marks:
        return None
    marks = dict(facts.marks)
    rule = _rule(reg, "R4" if reg is R132 else "R5", "tiêu chí đánh giá")
    if any(m == Mark.POOR for m in marks.values()):
        return Cap(Level.NOT_COMPLETED, rule, "có tiêu chí xếp mức Kém")
    if any(m == Mark.AVERAGE for m in marks.values()):
        return Cap(Level.COMPLETED, rule, "có tiêu chí chỉ đạt mức Trung bình")
    political = [m for c, m in marks.items() if c in facts.political_criteria] or list(marks.values())
    if all(m == Mark.EXCELLENT for m in political):
        return Cap(Level.EXCELLENT, rule, "các tiêu chí nhiệm vụ chính trị đều Xuất sắc, còn lại từ Tốt trở lên")
    lacking = sorted(c for c, m in marks.items() if m != Mark.EXCELLENT and (
        c in facts.political_criteria or not facts.political_criteria))
    names = dict(facts.criterion_names)
    return Cap(Level.GOOD, rule, "cần mọi tiêu chí nhiệm vụ chính trị ở mức Xuất sắc (chưa đạt: "
                                 f"{', '.join(names.get(c, c) for c in lacking)})")


def _share(part: int, whole: int) -> Fraction:
    """An exact share: verdicts compare fractions, only the message rounds."""
    return Fraction(part, whole) if whole else Fraction(0)


def pct(value: Fraction | Decimal, whole: int | None = None) -> str:
    """A share as shown: ``96,5%``, ``30%`` (half-up to one decimal, ",0" dropped; core.numbers)."""
    f = Fraction(value) if whole is None else Fraction(value, whole)
    return format_percent(f.numerator, f.denominator).replace(",0%", "%")


def _points(value: Decimal | int) -> str:
    return f"{Decimal(value).normalize():f}".replace(".", ",")


def score_missing(level: str, facts: AssessmentFacts, reg: Regulation) -> list[str]:
    """366: what the facts lack for ``level`` on the 100-point scale (R6), each with the value it has;
    empty when the level is reached. A refusal names these, not the conditions that were met."""
    score = Decimal(facts.score)
    total = facts.tasks_total
    out = []
    minimum = {Level.EXCELLENT: reg.excellent_min_score, Level.GOOD: reg.good_min_score,
               Level.COMPLETED: reg.completed_min_score}.get(level)
    if minimum is not None and score < minimum:
        out.append(f"cần ít nhất {minimum} điểm (hiện {_points(score)})")
    if level in (Level.EXCELLENT, Level.GOOD) and facts.tasks_on_time < total:
        out.append(f"cần 100% nhiệm vụ hoàn thành đúng hạn (hiện {pct(facts.tasks_on_time, total)}, "
                   f"{facts.tasks_on_time}/{total})")
    if level == Level.EXCELLENT:
        if _share(facts.tasks_exceeding, total) < reg.excellent_min_exceeding_share:
            out.append(f"cần ít nhất {pct(reg.excellent_min_exceeding_share)} nhiệm vụ vượt "
                       f"(hiện {pct(_share(facts.tasks_exceeding, total))})")
        if facts.shortcomings_fixed < facts.shortcomings_total:
            out.append(f"cần khắc phục hết hạn chế đã chỉ ra (hiện {facts.shortcomings_fixed}/"
                       f"{facts.shortcomings_total})")
    if level == Level.COMPLETED and facts.is_org:
        late = _share(total - facts.tasks_on_time, total)
        if late > reg.org_completed_max_late_share:
            out.append(f"tập thể cần không quá {pct(reg.org_completed_max_late_share)} nhiệm vụ chậm "
                       f"(hiện {pct(late)})")
    return out


def level_from_score(facts: AssessmentFacts, reg: Regulation) -> Cap | None:
    """366: the 100-point scale with its task-completion conditions (R6). The cap's reason is what the next
    level up lacks."""
    if facts.score is None:
        return None
    rule = _rule(reg, "R6", "thang điểm 100")
    score = Decimal(facts.score)
    if score < 0 or score > 100:
        raise RuleViolation(rule, f"Điểm đánh giá phải từ 0 đến 100 (đang là {_points(score)}).", field="score")
    previous = None
    for level in LEVEL_ORDER:
        if level == Level.NOT_COMPLETED or not score_missing(level, facts, reg):
            lacking = score_missing(previous, facts, reg) if previous else []
            reason = (f"chưa đủ điều kiện {LEVEL_SHORT[previous]}: " + "; ".join(lacking)) if lacking else \
                f"đạt {_points(score)} điểm, đủ các điều kiện"
            return Cap(level, rule, reason, on_scale=True)
        previous = level
    raise AssertionError("unreachable")


def caps(facts: AssessmentFacts, reg: Regulation) -> list[Cap]:
    """Every condition that limits the level, each with its rule (R4, R5, R6)."""
    out: list[Cap] = []
    base = level_from_score(facts, reg) if reg.method == "score" else level_from_marks(facts, reg)
    if base:
        out.append(base)
    discipline_rule = _rule(reg, "R-KL", "đảng viên, tập thể bị kỷ luật trong năm")
    if facts.disciplined_in_year and reg.discipline_forces_not_completed and not (
            reg.self_corrected_discipline_exempts and facts.discipline_self_corrected):
        out.append(Cap(Level.NOT_COMPLETED, discipline_rule, "bị kỷ luật trong năm đánh giá"))
    if reg.sick_leave_cap_months and facts.sick_leave_months >= reg.sick_leave_cap_months:
        out.append(Cap(Level.COMPLETED, _rule(reg, "R4", "nghỉ ốm"),
                       f"nghỉ ốm từ {reg.sick_leave_cap_months} tháng trở lên trong năm"))
    if reg.min_targets_share is not None and facts.targets_met_share is not None \
            and Fraction(facts.targets_met_share) < reg.min_targets_share:
        out.append(Cap(Level.NOT_COMPLETED, _rule(reg, "R5", "chỉ tiêu nhiệm vụ"),
                       f"hoàn thành dưới {pct(reg.min_targets_share)} chỉ tiêu, nhiệm vụ: cần ít nhất "
                       f"{pct(reg.min_targets_share)} (hiện {pct(facts.targets_met_share)})"))
    if facts.civil_servant_level and reg is R132 and facts.civil_servant_level != Level.EXCELLENT:
        out.append(Cap(Level.GOOD, _rule(reg, "R4", "cán bộ, công chức"),
                       "chưa được đánh giá hoàn thành xuất sắc nhiệm vụ với tư cách công chức, viên chức"))
    if facts.is_org:
        out.extend(_org_caps(facts, reg))
    return out


def _org_caps(facts: AssessmentFacts, reg: Regulation) -> list[Cap]:
    out = []
    if facts.leadership_discipline and reg.leadership_discipline_forces_not_completed and (
            DISCIPLINE_RANK.get(facts.leadership_discipline, 0)
            >= DISCIPLINE_RANK[reg.leadership_discipline_forces_not_completed]):
        out.append(Cap(Level.NOT_COMPLETED, _rule(reg, "R-KL", "tập thể lãnh đạo"),
                       "có thành viên lãnh đạo bị kỷ luật từ cảnh cáo trở lên trong năm"))
    disciplined = _share(facts.subordinate_disciplined, facts.subordinate_units)
    if reg.max_subordinates_disciplined_share is not None and disciplined > reg.max_subordinates_disciplined_share:
        out.append(Cap(Level.NOT_COMPLETED, _rule(reg, "R5", "tổ chức trực thuộc"),
                       f"trên {pct(reg.max_subordinates_disciplined_share)} tổ chức trực thuộc bị kỷ luật "
                       f"(hiện {facts.subordinate_disciplined}/{facts.subordinate_units}, {pct(disciplined)})"))
    if facts.subordinate_misconduct:
        out.append(Cap(Level.NOT_COMPLETED, _rule(reg, "R5", "tham nhũng, tiêu cực"),
                       "đơn vị trực thuộc có tham nhũng, tiêu cực bị xử lý"))
    if facts.disunity:
        out.append(Cap(Level.NOT_COMPLETED, _rule(reg, "R5", "đoàn kết nội bộ"), "mất đoàn kết nội bộ, suy thoái"))
    if reg.method == "score" and (facts.subordinate_disciplined or facts.leadership_discipline):
        out.append(Cap(Level.GOOD, _rule(reg, "R6", "điều kiện HTXSNV của tập thể"),
                       "có đơn vị trực thuộc hoặc thành viên lãnh đạo bị kỷ luật"))
    levels = facts.subunit_levels
    if levels:
        members_rule = _rule(reg, "R-TT", "kết quả của tổ chức, đảng viên trực thuộc")
        if reg.org_excellent_needs_no_failed_subunit and Level.NOT_COMPLETED in levels:
            out.append(Cap(Level.GOOD, members_rule, "có tổ chức hoặc đảng viên trực thuộc không hoàn thành nhiệm vụ"))
        good = sum(1 for lv in levels if lv in GOOD_OR_ABOVE)
        if _share(good, len(levels)) < reg.org_excellent_min_good_subunits_share:
            out.append(Cap(Level.GOOD, members_rule,
                           f"cần ít nhất {pct(reg.org_excellent_min_good_subunits_share)} tổ chức, đảng viên trực "
                           f"thuộc hoàn thành tốt nhiệm vụ trở lên (hiện {good}/{len(levels)}, "
                           f"{pct(good, len(levels))})"))
    return out


def best_allowed(facts: AssessmentFacts, reg: Regulation) -> tuple[str, list[Cap]]:
    found = caps(facts, reg)
    if not found:
        return Level.EXCELLENT, []
    return worst(*(c.level for c in found)), found


def check_level(level: str, facts: AssessmentFacts, reg: Regulation, *, who: str = "") -> None:
    """A level better than the facts allow is refused, naming what is missing for it (each binding rule)."""
    allowed, found = best_allowed(facts, reg)
    if rank(level) >= rank(allowed):
        return
    binding = [c for c in found if rank(c.level) > rank(level)]
    lacking = []
    for cap in binding:
        if cap.on_scale:
            lacking.extend(score_missing(level, facts, reg))
        else:
            lacking.append(cap.reason)
    raise RuleViolation(binding[0].rule, f"{who + ': ' if who else ''}không thể xếp {LEVEL_SHORT[level]}: "
                        f"{'; '.join(dict.fromkeys(lacking))} — mức cao nhất là “{Level(allowed).label}”.",
                        field="level")


# --- R4: the quota of excellent among good-or-above in one group, a warning with a recorded exception ----------

QUOTA_BASES = {"good_or_above": "hoàn thành tốt nhiệm vụ trở lên", "good": "hoàn thành tốt nhiệm vụ"}
QUOTA_GROUPS = {"grassroots": "từng tổ chức cơ sở đảng", "cell": "từng chi bộ", "superior": "cấp trên quyết định"}


def quota_rule(reg: Regulation) -> Rule:
    return _rule(reg, "R4-QUOTA", reg.quota_where)


def quota_base(levels: list[str], reg: Regulation) -> int:
    wanted = GOOD_OR_ABOVE if reg.quota_base == "good_or_above" else (Level.GOOD,)
    return sum(1 for lv in levels if lv in wanted)


def quota_limit(levels: list[str], reg: Regulation) -> int:
    return math.floor(reg.excellent_share * quota_base(levels, reg))


def quota_group(subject: str, reg: Regulation) -> str:
    """Where the quota is counted for members (``"member"``) or orgs: a key of ``QUOTA_GROUPS``."""
    return reg.quota_member_group if subject == "member" else reg.quota_org_group


@dataclass(frozen=True)
class QuotaBreach:
    unit: str
    excellent: int
    limit: int
    base: int
    rule: Rule
    base_label: str
    share: Fraction

    @property
    def message(self) -> str:
        return (f"{self.unit}: {format_int(self.excellent)} HTXSNV vượt mức tối đa {format_int(self.limit)} "
                f"({pct(self.share)} của {format_int(self.base)} được xếp loại {self.base_label}; "
                f"hiện {pct(self.excellent, self.base) if self.base else '—'})")


def quota_breach(levels: list[str], reg: Regulation, *, unit: str) -> QuotaBreach | None:
    """HTXSNV above the share of the base in one group (R4; 003: 20%), or None."""
    excellent = sum(1 for lv in levels if lv == Level.EXCELLENT)
    limit = quota_limit(levels, reg)
    if excellent <= limit:
        return None
    return QuotaBreach(unit, excellent, limit, quota_base(levels, reg), quota_rule(reg),
                       QUOTA_BASES[reg.quota_base], reg.excellent_share)


def check_quota(levels: list[str], reg: Regulation, *, unit: str, excepted: bool = False) -> QuotaBreach | None:
    """The quota is guidance with a recognised exception (thành tích nổi trội, decided by the competent
    committee): a breach is refused only while no exception is recorded for it; with one it is returned, to be
    kept and listed."""
    breach = quota_breach(levels, reg, unit=unit)
    if breach and not excepted:
        raise RuleViolation(breach.rule, f"{breach.message}. Vượt tỷ lệ chỉ được quyết định khi cấp có thẩm quyền "
                            "ghi ngoại lệ: lý do (thành tích nổi trội), số và ngày quyết định.", field="level")
    return breach


# --- R7, R8 --------------------------------------------------------------------------------------------------

def remediation_required(level: str | None, *, pointed: bool, is_org: bool) -> bool:
    """R7: an org rated HTNV or lower, or anyone the superior pointed at, owes a remediation plan."""
    if pointed:
        return True
    return is_org and level is not None and rank(level) >= rank(Level.COMPLETED)


def streak(levels_by_year: dict[int, str], *, up_to: int, level: str = Level.EXCELLENT) -> int:
    """How many years running, ending with ``up_to``, the level was reached (R8: "5 năm liền")."""
    n = 0
    year = up_to
    while levels_by_year.get(year) == level:
        n += 1
        year -= 1
    return n


def short(level: str | None) -> str:
    return LEVEL_SHORT.get(level, "") if level else ""


def describe_deadline(day: dt.date | None) -> str:
    return format_date(day) if day else "chưa đặt"
