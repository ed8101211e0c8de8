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

from dangbo.core.dates import format_date
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
    excellent_share: Decimal = Decimal("0.20")
    # R4 says "≤ 20% of HTTNV"; the issue and 003 say "among those rated good or above". Parameter.
    quota_base: str = "good_or_above"
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
    excellent_min_exceeding_share: Decimal = Decimal("0.30")
    org_completed_max_late_share: Decimal = Decimal("0.20")
    # An org's level is capped by its members' and sub-units' results (to confirm per guidance):
    org_excellent_needs_no_failed_subunit: bool = True
    org_excellent_min_good_subunits_share: Decimal = Decimal("2") / 3
    extra: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.code} ({self.guidance})"


R132 = Regulation("132-QĐ/TW", "21-HD/BTCTW", 2018, 2022, "marks", sick_leave_cap_months=3)
R124 = Regulation("124-QĐ/TW", "25-HD/BTCTW", 2023, 2024, "marks", self_corrected_discipline_exempts=True,
                  min_targets_share=Decimal("0.5"), max_subordinates_disciplined_share=Decimal("0.2"))
R366 = Regulation("366-QĐ/TW", "43-HD/BTCTW", 2025, None, "score", max_subordinates_disciplined_share=Decimal("0.2"))
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
    return Cap(Level.GOOD, rule, "các tiêu chí đều từ mức Tốt trở lên, chưa đủ Xuất sắc")


def _share(part: int, whole: int) -> Decimal:
    return Decimal(part) / Decimal(whole) if whole else Decimal(0)


def level_from_score(facts: AssessmentFacts, reg: Regulation) -> Cap | None:
    """366: the 100-point scale with its task-completion conditions (R6)."""
    if facts.score is None:
        return None
    rule = _rule(reg, "R6", "thang điểm 100")
    score = Decimal(facts.score)
    shown = f"{score.normalize():f}".replace(".", ",")
    if score < 0 or score > 100:
        raise RuleViolation(rule, f"Điểm đánh giá phải từ 0 đến 100 (đang là {shown}).", field="score")
    all_on_time = facts.tasks_total == 0 or facts.tasks_on_time >= facts.tasks_total
    late_share = _share(facts.tasks_total - facts.tasks_on_time, facts.tasks_total)
    if (score >= reg.excellent_min_score and all_on_time
            and _share(facts.tasks_exceeding, facts.tasks_total) >= reg.excellent_min_exceeding_share
            and facts.shortcomings_fixed >= facts.shortcomings_total):
        return Cap(Level.EXCELLENT, rule, f"đạt {shown} điểm, 100% nhiệm vụ đúng hạn, "
                                          f"≥ {int(reg.excellent_min_exceeding_share * 100)}% vượt, khắc phục hết hạn chế")
    if score >= reg.good_min_score and all_on_time:
        return Cap(Level.GOOD, rule, f"đạt {shown} điểm và 100% nhiệm vụ đúng hạn")
    if score >= reg.completed_min_score and (not facts.is_org or late_share <= reg.org_completed_max_late_share):
        return Cap(Level.COMPLETED, rule, f"đạt {shown} điểm" + ("" if all_on_time else ", còn nhiệm vụ chậm"))
    return Cap(Level.NOT_COMPLETED, rule, f"đạt {shown} điểm"
               + (f", quá {int(reg.org_completed_max_late_share * 100)}% nhiệm vụ chậm" if score >= 50 else ""))


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
            and facts.targets_met_share < reg.min_targets_share:
        out.append(Cap(Level.NOT_COMPLETED, _rule(reg, "R5", "chỉ tiêu nhiệm vụ"),
                       f"hoàn thành dưới {int(reg.min_targets_share * 100)}% chỉ tiêu, nhiệm vụ"))
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
    if reg.max_subordinates_disciplined_share is not None and facts.subordinate_units and \
            _share(facts.subordinate_disciplined, facts.subordinate_units) > reg.max_subordinates_disciplined_share:
        out.append(Cap(Level.NOT_COMPLETED, _rule(reg, "R5", "tổ chức trực thuộc"),
                       f"trên {int(reg.max_subordinates_disciplined_share * 100)}% tổ chức trực thuộc bị kỷ luật"))
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
                           f"chưa đủ {math.ceil(reg.org_excellent_min_good_subunits_share * 100)}% "
                           "tổ chức, đảng viên trực thuộc hoàn thành tốt nhiệm vụ trở lên"))
    return out


def best_allowed(facts: AssessmentFacts, reg: Regulation) -> tuple[str, list[Cap]]:
    found = caps(facts, reg)
    if not found:
        return Level.EXCELLENT, []
    return worst(*(c.level for c in found)), found


def check_level(level: str, facts: AssessmentFacts, reg: Regulation, *, who: str = "") -> None:
    """A level better than the facts allow is refused, naming the binding rule."""
    allowed, found = best_allowed(facts, reg)
    if rank(level) < rank(allowed):
        binding = next(c for c in found if c.level == allowed)
        raise RuleViolation(binding.rule, f"{who + ': ' if who else ''}không thể xếp “{Level(level).label}” vì "
                            f"{binding.reason}; mức cao nhất là “{Level(allowed).label}”.", field="level")


# --- R4: the quota of excellent among good-or-above in one unit -------------------------------------------------

def quota_limit(levels: list[str], reg: Regulation) -> int:
    base = sum(1 for lv in levels if lv in GOOD_OR_ABOVE) if reg.quota_base == "good_or_above" else \
        sum(1 for lv in levels if lv == Level.GOOD)
    return math.floor(reg.excellent_share * base)


def check_quota(levels: list[str], reg: Regulation, *, unit: str) -> None:
    """HTXSNV may not exceed the share of those rated good or above in the same unit (R4; 003: 20%)."""
    excellent = sum(1 for lv in levels if lv == Level.EXCELLENT)
    limit = quota_limit(levels, reg)
    if excellent > limit:
        base = "hoàn thành tốt nhiệm vụ trở lên" if reg.quota_base == "good_or_above" else "hoàn thành tốt nhiệm vụ"
        raise RuleViolation(
            _rule(reg, "R4-QUOTA", "tỷ lệ hoàn thành xuất sắc nhiệm vụ"),
            f"{unit}: {excellent} HTXSNV vượt mức tối đa {limit} "
            f"({int(reg.excellent_share * 100)}% số được xếp loại {base}).", field="level")


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
