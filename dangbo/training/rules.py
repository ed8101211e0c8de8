"""Training rules (RULES.md T1–T4). Pure: no database."""

import datetime as dt
from dataclasses import dataclass

from dangbo.admissions.rules import CERTIFICATE_MONTHS, check_certificate
from dangbo.core.dates import format_date
from dangbo.core.exceptions import DomainError
from dangbo.core.numbers import format_int
from dangbo.core.rules import Rule, RuleViolation
from dangbo.members.choices import PoliticalTheory
from dangbo.training.choices import CourseKind, Result

T1 = Rule("T1", "RULES.md T1: loại lớp (61-HD/BTGTW 16/06/2022; hướng dẫn của Ban Tuyên giáo Trung ương)")
T2 = Rule("T2", "RULES.md T2: đơn vị tổ chức lớp là dữ liệu (tổ chức đảng hoặc cơ sở đào tạo)")
T3 = Rule("T3", "RULES.md T3: giấy chứng nhận (06-HD/TW 09/06/2025, 5.4)")
T4 = Rule("T4", "RULES.md T4: thống kê lớp, học viên")

__all__ = ["CERTIFICATE_MONTHS", "check_certificate"]  # T3: the awareness certificate is the admissions' rule

# T1, T3: the diploma a passed course gives, in the member's political-theory field (2-HSĐV, form 3)
THEORY_OF = {
    CourseKind.ELEMENTARY: PoliticalTheory.ELEMENTARY,
    CourseKind.INTERMEDIATE: PoliticalTheory.INTERMEDIATE,
    CourseKind.ADVANCED: PoliticalTheory.ADVANCED,
}
THEORY_RANK = {level: i for i, level in enumerate(PoliticalTheory.values)}

# An enrolment's result moves from "enrolled" to one outcome; a recorded outcome may be corrected to another
TRANSITIONS = {
    Result.ENROLLED: {Result.PASSED, Result.FAILED, Result.WITHDREW},
    Result.PASSED: {Result.FAILED, Result.WITHDREW},
    Result.FAILED: {Result.PASSED, Result.WITHDREW},
    Result.WITHDREW: {Result.ENROLLED, Result.PASSED, Result.FAILED},
}


def theory_after(kind: str, passed: bool, current: str) -> str | None:
    """T1/T3: the political-theory level a passed LLCT course gives, when it is higher than ``current``; None
    otherwise (other kinds give no diploma; a lower course never lowers the level)."""
    level = THEORY_OF.get(kind)
    if not passed or level is None:
        return None
    return level if THEORY_RANK[level] > THEORY_RANK.get(current or PoliticalTheory.NONE, 0) else None


def check_kind(kind: str) -> None:
    """T1: each class records one of the course kinds."""
    if kind not in CourseKind.values:
        raise RuleViolation(T1, f"Loại lớp “{kind}” không hợp lệ.", field="kind")


def check_organiser(has_org: bool, institution: str) -> None:
    """T2: the organiser is an org of the tree or an institution named as text — exactly one."""
    if has_org == bool((institution or "").strip()):
        raise RuleViolation(T2, "Phải ghi đơn vị tổ chức lớp: chọn một tổ chức đảng hoặc ghi tên cơ sở đào tạo "
                            "(chỉ một trong hai).", field="institution")


def check_dates(starts_on: dt.date, ends_on: dt.date) -> None:
    """T4: a class ends on or after the day it starts."""
    if ends_on < starts_on:
        raise DomainError(f"Ngày bế giảng ({format_date(ends_on)}) trước ngày khai giảng "
                          f"({format_date(starts_on)}).", field="ends_on")


def check_result(old: str, new: str, starts_on: dt.date, certificate_date: dt.date | None,
                 certificate_number: str) -> None:
    """T3/T4: results move as ``TRANSITIONS`` allows; a certificate is dated and numbered only for a pass, not
    before the class starts; a passed awareness or new-member course needs its certificate's date (the admission
    and recognition files check it)."""
    if new not in Result.values:
        raise DomainError(f"Kết quả “{new}” không hợp lệ.", field="result")
    if new != old and new not in TRANSITIONS[old]:
        raise DomainError(f"Không thể chuyển kết quả từ “{Result(old).label}” sang “{Result(new).label}”.",
                          field="result")
    if new != Result.PASSED and (certificate_date or certificate_number):
        raise DomainError("Chỉ ghi giấy chứng nhận khi học viên hoàn thành, đạt.", field="certificate_number")
    if certificate_date is not None and certificate_date < starts_on:
        raise RuleViolation(T3, f"Ngày cấp giấy chứng nhận ({format_date(certificate_date)}) trước ngày khai "
                            f"giảng ({format_date(starts_on)}).", field="certificate_date")


def needs_certificate_date(kind: str) -> bool:
    """T3: the awareness (admission file) and new-member (recognition file) certificates are checked by date."""
    return kind in (CourseKind.AWARENESS, CourseKind.NEW_MEMBER)


@dataclass(frozen=True)
class KindCount:
    kind: str
    classes: int
    enrolments: int
    passes: int
    persons: int

    @property
    def label(self) -> str:
        return CourseKind(self.kind).label


REPORT_KINDS = (CourseKind.AWARENESS, CourseKind.NEW_MEMBER)


def report_sentence(counts: list[KindCount], kinds=REPORT_KINDS) -> str:
    """T4, seed 002 footnote 28: "18 lớp bồi dưỡng nhận thức về Đảng, bồi dưỡng cho đảng viên mới, với 1.077 học
    viên" — classes of the given kinds, learners counted per enrolment, numbers the Vietnamese way."""
    rows = [c for c in counts if c.kind in kinds]
    classes, learners = sum(c.classes for c in rows), sum(c.enrolments for c in rows)
    names = {CourseKind.AWARENESS: "bồi dưỡng nhận thức về Đảng", CourseKind.NEW_MEMBER: "bồi dưỡng cho đảng viên mới"}
    what = ", ".join(names.get(k, CourseKind(k).label.lower()) for k in kinds)
    return f"{format_int(classes)} lớp {what}, với {format_int(learners)} học viên"


THEORY_LEVELS = (CourseKind.ADVANCED, CourseKind.INTERMEDIATE, CourseKind.ELEMENTARY)
LEVEL_WORDS = {CourseKind.ADVANCED: "cao cấp", CourseKind.INTERMEDIATE: "trung cấp", CourseKind.ELEMENTARY: "sơ cấp"}


def theory_sentence(sent: dict[str, int]) -> str:
    """T4, seed 002 footnote 23: "179 đồng chí đi học lý luận chính trị (cao cấp 28, trung cấp 99, sơ cấp 52)" —
    persons counted per level, the total their sum (a person at two levels counts at each, as the footnote adds)."""
    parts = ", ".join(f"{LEVEL_WORDS[k]} {format_int(sent.get(k, 0))}" for k in THEORY_LEVELS)
    total = sum(sent.get(k, 0) for k in THEORY_LEVELS)
    return f"{format_int(total)} đồng chí đi học lý luận chính trị ({parts})"
