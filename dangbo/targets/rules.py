"""Documents, targets and tasks as pure functions: reference parsing, a target's status, deadlines.

Sources: Hướng dẫn 36-HD/VPTW (thể thức văn bản của Đảng: số và ký hiệu); the seeds' targets (TARGETS.md).
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from dangbo.core.rules import Rule, RuleViolation
from dangbo.targets.choices import Comparator, DocumentKind, Frequency, TargetStatus

REFERENCE = Rule("T-REF", "Hướng dẫn 36-HD/VPTW, số và ký hiệu văn bản")
TARGET = Rule("T-TGT", "TARGETS.md: chỉ tiêu = chỉ số + so sánh + ngưỡng + phạm vi + kỳ")

_REF = re.compile(r"^(\d{1,4})-([A-Za-zĐđ]{2,4})/([A-ZĐ]{2,8}(?:-[A-ZĐ]{2,8})?)$")


@dataclass(frozen=True)
class Reference:
    number: str
    kind: str
    issuer: str

    def __str__(self):
        return f"{self.number}-{self.kind}/{self.issuer}"


def parse_reference(text: str) -> Reference:
    """``03-CTr/HU`` → number 03, kind CTr (chương trình hành động), issuer HU (Huyện ủy)."""
    raw = "".join(str(text or "").split())
    m = _REF.match(raw)
    if not m:
        raise RuleViolation(REFERENCE, f"Số và ký hiệu “{text}” không đúng dạng số-LOẠI/CƠQUAN (vd: 03-CTr/HU).",
                            field="reference")
    kinds = {k.value.upper(): k.value for k in DocumentKind}
    kind = kinds.get(m[2].upper())
    if kind is None:
        raise RuleViolation(REFERENCE, f"Số và ký hiệu “{text}”: loại văn bản “{m[2]}” không có trong danh mục "
                            f"({', '.join(k.value for k in DocumentKind)}).", field="reference")
    return Reference(m[1], kind, m[3])


@dataclass(frozen=True)
class TargetSpec:
    comparator: str
    low: Decimal
    high: Decimal | None = None
    frequency: str = Frequency.YEARLY


def check_spec(spec: TargetSpec) -> None:
    if spec.comparator not in Comparator.values:
        raise RuleViolation(TARGET, "Phép so sánh không hợp lệ.", field="comparator")
    if spec.comparator == Comparator.BETWEEN and (spec.high is None or spec.high < spec.low):
        raise RuleViolation(TARGET, "Chỉ tiêu “từ … đến …” cần ngưỡng trên không nhỏ hơn ngưỡng dưới.",
                            field="high")
    if spec.low < 0:
        raise RuleViolation(TARGET, "Ngưỡng không được âm.", field="low")


def compare(value: Decimal, spec: TargetSpec) -> str:
    """vượt / đạt / chưa đạt for a value of a finished period (002: "vượt chỉ tiêu đề ra")."""
    low, high = spec.low, spec.high
    c = spec.comparator
    if c == Comparator.GTE:
        return TargetStatus.EXCEEDED if value > low else TargetStatus.MET if value == low else TargetStatus.NOT_MET
    if c == Comparator.GT:
        return TargetStatus.EXCEEDED if value > low else TargetStatus.NOT_MET
    if c == Comparator.LTE:
        return TargetStatus.MET if value <= low else TargetStatus.NOT_MET
    if c == Comparator.EQ:
        return TargetStatus.MET if value == low else TargetStatus.NOT_MET
    if value < low:
        return TargetStatus.NOT_MET
    return TargetStatus.EXCEEDED if high is not None and value > high else TargetStatus.MET


def linear_projection(points: list[tuple[float, Decimal]], at: float) -> Decimal | None:
    """Least-squares line through (time, value) points, read at ``at``; None with fewer than two points."""
    if len(points) < 2:
        return None
    n = len(points)
    xs = [float(x) for x, _ in points]
    ys = [float(y) for _, y in points]
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return Decimal(str(round(my, 4)))
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    return Decimal(str(round(my + slope * (at - mx), 4)))


def status(*, spec: TargetSpec, value: Decimal | None, period_end: dt.date, deadline: dt.date, as_of: dt.date,
           history: list[tuple[dt.date, Decimal]] | None = None, elapsed_share: Decimal | None = None) -> str:
    """The status of one target value.

    - a finished period is judged as it is (vượt / đạt / chưa đạt);
    - an unfinished one is "nguy cơ không đạt" when its projection to the deadline misses: for a cumulative
      count (per term) the count so far scaled by the elapsed share of the period; for a rate with a deadline
      the linear trend of the yearly values; for a yearly rate the current value;
    - otherwise "đang thực hiện, đúng tiến độ".
    """
    if value is None:
        return TargetStatus.NO_DATA
    finished = as_of >= period_end
    if finished:
        return compare(value, spec)
    projected = value
    if spec.frequency == Frequency.TERM and elapsed_share:
        projected = value / elapsed_share if elapsed_share > 0 else value
    elif spec.frequency == Frequency.BY_DEADLINE and history:
        points = [(d.year + (d.timetuple().tm_yday / 366), v) for d, v in history]
        line = linear_projection(points, deadline.year + 1)
        projected = line if line is not None else value
    verdict = compare(projected, spec)
    return TargetStatus.AT_RISK if verdict == TargetStatus.NOT_MET else TargetStatus.ON_TRACK


def task_overdue(*, deadline_end: dt.date, done: bool, as_of: dt.date) -> bool:
    return not done and as_of > deadline_end
