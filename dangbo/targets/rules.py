"""Documents, targets and tasks as pure functions: reference parsing, a target's status, deadlines.

Sources: Hướng dẫn 36-HD/VPTW (thể thức văn bản của Đảng: số và ký hiệu); the seeds' targets (TARGETS.md).
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

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


Number = Decimal | Fraction | int


def exact(numerator: int, denominator: int | None) -> Fraction | None:
    """The exact value of a measure: a count as it is, a rate as numerator × 100 / denominator (None over 0).
    Statuses compare this, never the rounded percentage shown: 151/3.737 = 4,0406…% is "trên 4%"."""
    if denominator is None:
        return Fraction(numerator)
    return Fraction(numerator * 100, denominator) if denominator else None


def compare(value: Number, spec: TargetSpec) -> str:
    """vượt / đạt / chưa đạt for a value of a finished period (002: "vượt chỉ tiêu đề ra"), compared exactly."""
    value = Fraction(value)
    low = Fraction(spec.low)
    high = Fraction(spec.high) if spec.high is not None else None
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


def linear_projection(points: list[tuple[float, Number]], at: float) -> Decimal | None:
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


@dataclass(frozen=True)
class Verdict:
    status: str
    projection: Fraction | None = None  # for a running period judged by a forecast: the value expected


# a cumulative count only grows: past these, the rest of the period cannot change its verdict
_EXCEEDED_FOR_GOOD = {Comparator.GTE, Comparator.GT, Comparator.BETWEEN}
_BROKEN_FOR_GOOD = {Comparator.LTE, Comparator.EQ}


def judge(*, spec: TargetSpec, value: Number | None, period_end: dt.date, deadline: dt.date, as_of: dt.date,
          history: list[tuple[dt.date, Number]] | None = None, elapsed_share: Number | None = None) -> Verdict:
    """The verdict on one target value, compared exactly.

    - a finished period is judged as it is (vượt / đạt / chưa đạt);
    - a cumulative count (per term) whose verdict can no longer change is judged as it is — it can only grow, so
      "01 - 02 chi bộ mỗi nhiệm kỳ" with 8 founded is "vượt" before the term ends, and one that already breaks a
      maximum ("không quá") is "chưa đạt";
    - an unfinished one is "nguy cơ không đạt" when its projection to the deadline misses: for a cumulative
      count the count so far scaled by the elapsed share of the period; for a rate with a deadline the linear
      trend of the yearly values; for a yearly rate the current value;
    - otherwise "đang thực hiện, đúng tiến độ".
    """
    if value is None:
        return Verdict(TargetStatus.NO_DATA)
    value = Fraction(value)
    if as_of >= period_end:
        return Verdict(compare(value, spec))
    if spec.frequency == Frequency.TERM:
        now = compare(value, spec)
        if (now == TargetStatus.EXCEEDED and spec.comparator in _EXCEEDED_FOR_GOOD) or (
                now == TargetStatus.NOT_MET and spec.comparator in _BROKEN_FOR_GOOD and value > Fraction(spec.low)):
            return Verdict(now)
    projected = value
    if spec.frequency == Frequency.TERM and elapsed_share:
        share = Fraction(elapsed_share)
        projected = value / share if share > 0 else value
    elif spec.frequency == Frequency.BY_DEADLINE and history:
        points = [(d.year + (d.timetuple().tm_yday / 366), v) for d, v in history]
        line = linear_projection(points, deadline.year + 1)
        projected = Fraction(line) if line is not None else value
    verdict = compare(projected, spec)
    return Verdict(TargetStatus.AT_RISK if verdict == TargetStatus.NOT_MET else TargetStatus.ON_TRACK,
                   projection=projected)


def status(**kwargs) -> str:
    """``judge``'s status alone."""
    return judge(**kwargs).status


def headline(complete: list[bool]) -> int | None:
    """The index of the period a target is judged by, given which of its periods are over: the last finished one;
    while none has finished, the running one (judged by its forecast). None when there is none."""
    finished = [i for i, done in enumerate(complete) if done]
    if finished:
        return finished[-1]
    return len(complete) - 1 if complete else None


def task_overdue(*, deadline_end: dt.date, done: bool, as_of: dt.date) -> bool:
    return not done and as_of > deadline_end
