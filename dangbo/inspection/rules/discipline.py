"""Discipline (RULES.md K7, K8, M15): who may discipline whom, the limitation period, the vote."""

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from dateutil.relativedelta import relativedelta

from dangbo.core.rules import Rule, RuleViolation
from dangbo.inspection import parameters as p
from dangbo.inspection.choices import ViolationField
from dangbo.inspection.rules.base import K7_POWER, K8_LIMITATION, M15_VOTE, Verdict, rule

MEMBER_LIGHT = ("reprimand", "warning")
MEMBER_HEAVY = ("removal", "expulsion")
ORG_FORMS = ("reprimand", "warning", "disbandment")
FORM_NAMES = {"reprimand": "khiển trách", "warning": "cảnh cáo", "removal": "cách chức", "expulsion": "khai trừ",
              "disbandment": "giải tán"}


class Relation:
    """The deciding org seen from the subject: the member's own cell, the committee directly above the member's
    cell (or above the org disciplined), a committee higher up, or none of these."""

    OWN_CELL = "own_cell"
    DIRECT_SUPERIOR = "direct"
    HIGHER = "higher"
    OTHER = "other"


@dataclass(frozen=True)
class Power:
    on: dt.date  # the day of the decision
    subject_is_org: bool
    form: str
    relation: str
    decider_is_section: bool = False  # đảng ủy bộ phận: no power to discipline
    higher_task: bool = False  # tasks given by a higher level, or a cadre the superior manages
    cell_committee_member: bool = False  # a chi ủy member of a grassroots cell (chi bộ cơ sở)


def competence(x: Power) -> Verdict:
    """K7 (296 art. 10–11; 22-QĐ/TW art. 11 before): may the deciding org discipline this subject in this form?"""
    r = rule(K7_POWER, x.on)
    name = FORM_NAMES.get(x.form, x.form)
    if x.decider_is_section:
        return Verdict(False, r, "Đảng ủy bộ phận không có thẩm quyền kỷ luật: thẩm tra, báo cáo cấp ủy cấp trên "
                       "quyết định.", "section", to_confirm=x.on >= p.DAY_296)
    if x.subject_is_org:
        if x.relation != Relation.DIRECT_SUPERIOR:
            return Verdict(False, r, "Kỷ luật tổ chức đảng do cấp ủy (ban thường vụ) cấp trên trực tiếp quyết định.",
                           "org_superior")
        return Verdict(True, r, f"Cấp ủy cấp trên trực tiếp quyết định kỷ luật {name} tổ chức đảng.",
                       to_confirm=x.form == "disbandment")
    if x.relation == Relation.OTHER:
        return Verdict(False, r, "Tổ chức quyết định không phải chi bộ của đảng viên hay cấp ủy cấp trên quản lý "
                       "đảng viên.", "other")
    if x.relation == Relation.OWN_CELL:
        if x.form in MEMBER_HEAVY:
            return Verdict(False, r, f"Chi bộ chỉ quyết định khiển trách, cảnh cáo; hình thức {name} do chi bộ đề "
                           "nghị, cấp ủy cấp trên quyết định.", "cell_forms")
        if x.higher_task:
            return Verdict(False, r, "Vi phạm nhiệm vụ do cấp trên giao (hoặc cán bộ cấp trên quản lý): chi bộ đề "
                           "nghị, cấp có thẩm quyền quyết định.", "higher_task")
        return Verdict(True, r, f"Chi bộ quyết định kỷ luật {name} đảng viên của chi bộ.")
    if x.form in MEMBER_HEAVY and x.cell_committee_member:
        if x.on < p.DISTRICT_ENDED:
            return Verdict(True, r, f"Ban thường vụ cấp ủy cấp trên trực tiếp của chi bộ cơ sở quyết định {name} "
                           "chi ủy viên.")
        return Verdict(True, r, f"Cấp trên trực tiếp của chi bộ cơ sở quyết định {name} chi ủy viên (cấp kế tục "
                       "cấp huyện sau 07/2025: cần đối chiếu).", to_confirm=True)
    return Verdict(True, r, f"Cấp ủy cấp trên quyết định kỷ luật {name} đảng viên.",
                   to_confirm=x.form in MEMBER_HEAVY)


# --- K8: limitation --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Violation:
    subject_is_org: bool
    form: str  # the form the violation warrants
    started_on: dt.date
    ended_on: dt.date | None = None  # the end of a continuing violation
    field: str = ViolationField.ORDINARY


@dataclass(frozen=True)
class LimitationCheck:
    """A warning, never a refusal: the vote comes first, the limitation applies after (06-HD/UBKTTW)."""

    expires_on: dt.date | None  # None: no limitation
    expired: bool
    rule: Rule
    message: str
    to_confirm: bool = False


def limitation(v: Violation, as_of: dt.date) -> LimitationCheck:
    """K8: 5 years for khiển trách, 10 for cảnh cáo or cách chức, none for khai trừ or giải tán and for the fields
    listed, counted from the violation (its end if continuing) to ``as_of`` (the competent org's conclusion)."""
    if v.ended_on is not None and v.ended_on < v.started_on:
        raise RuleViolation(rule(K8_LIMITATION, as_of), "Ngày kết thúc vi phạm phải sau ngày bắt đầu.",
                            field="violation_to")
    row = p.limit_on(p.LIMITATIONS, as_of)
    r = rule(K8_LIMITATION, as_of)
    years = (row.org if v.subject_is_org else row.member).get(v.form)
    name = FORM_NAMES.get(v.form, v.form)
    if years is None or v.field != ViolationField.ORDINARY:
        return LimitationCheck(None, False, r, f"Vi phạm đến mức {name} hoặc thuộc lĩnh vực không áp dụng thời "
                               "hiệu: không tính thời hiệu.", not row.confirmed)
    start = v.ended_on or v.started_on
    expires = start + relativedelta(years=years)
    if as_of > expires:
        return LimitationCheck(expires, True, r, f"Cảnh báo: thời hiệu {years} năm (mức {name}) đã hết ngày "
                               f"{expires:%d/%m/%Y}; biểu quyết trước, áp dụng thời hiệu sau.", not row.confirmed)
    return LimitationCheck(expires, False, r, f"Thời hiệu {years} năm (mức {name}) còn đến ngày {expires:%d/%m/%Y}.",
                           not row.confirmed)


# --- M15: the vote ---------------------------------------------------------------------------------------------

def vote(*, form: str, yes: int, no: int, eligible: int, on: dt.date) -> Verdict:
    """M15: more than half of ``eligible`` for khiển trách, cảnh cáo, cách chức, giải tán; at least two-thirds for
    khai trừ — exact fractions, never rounded. Impossible counts are refused, naming the field."""
    r = rule(M15_VOTE, on)
    if eligible < 1:
        raise RuleViolation(r, "Số người được biểu quyết phải từ 1 trở lên.", field="eligible")
    if yes < 0 or no < 0 or yes + no > eligible:
        raise RuleViolation(r, f"Số phiếu tán thành ({yes}) và không tán thành ({no}) không được vượt số người được "
                            f"biểu quyết ({eligible}).", field="votes_for")
    share = Fraction(yes, eligible)
    if form == "expulsion":
        ok, need = share >= Fraction(2, 3), "ít nhất hai phần ba"
    else:
        ok, need = share > Fraction(1, 2), "quá nửa"
    verb = "đạt" if ok else "không đạt"
    return Verdict(ok, r, f"{yes}/{eligible} tán thành: {verb} {need} số người được biểu quyết "
                   f"({FORM_NAMES.get(form, form)}).", "" if ok else "vote")
