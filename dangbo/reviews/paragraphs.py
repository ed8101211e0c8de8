"""The result paragraph of a report (``002`` §1.1), written from the figures of ``stats``. Pure: counts in, text out.

Wording of the report: "hoàn thành tốt nhiệm vụ" there means good *or above* (3.889 + 211 + 16 = 4.116); for
members every share is of those rated, for organizations the HTXSNV share is of those rated good or above
(13/56 = 23,2%). Percentages round half-up (N1); counts under ten are written with two digits ("02"), as the
report does.
"""

from decimal import Decimal

from dangbo.core.numbers import format_int, format_percent
from dangbo.reviews.stats import CELL, GRASSROOTS, MEMBER, Counts

NOUNS = {
    # population: (noun, short noun used after "trong đó")
    GRASSROOTS: ("tổ chức cơ sở đảng", "tổ chức"),
    CELL: ("chi bộ trực thuộc", "chi bộ"),
    MEMBER: ("đảng viên", "đảng viên"),
}


def count(n: int) -> str:
    return f"{n:02d}" if 0 <= n < 10 else format_int(n)


def _ratio(n: int, d: int) -> str:
    return f"{format_int(n)}/{format_int(d)}"


def _target(counts: Counts, target: Decimal | None) -> str:
    if target is None or counts.good_or_above_pct is None:
        return ""
    value = counts.good_or_above_pct
    if value > target:
        return "; vượt chỉ tiêu đề ra"
    if value == target:
        return "; đạt chỉ tiêu đề ra"
    return "; chưa đạt chỉ tiêu đề ra"


def _pending(counts: Counts, noun: str) -> str:
    return f" (còn {count(counts.undecided)} {noun} chưa có kết quả xếp loại)" if counts.undecided else ""


def member_paragraph(year: int, counts: Counts, *, target: Decimal | None = None) -> str:
    """"Năm 2021 có 3.889/4.116 đảng viên được xếp loại hoàn thành tốt nhiệm vụ (tỷ lệ 94,5%), trong đó, …"."""
    noun = NOUNS[MEMBER][0]
    d = counts.decided
    if not d:
        return f"Năm {year} chưa có {noun} nào được xếp loại{_pending(counts, noun)}."
    lv = counts.levels

    def share(n: int) -> str:
        return f"(tỷ lệ {format_percent(n, d)})"

    good = counts.good_or_above
    head = (f"Năm {year} có {_ratio(good, d)} {noun} được xếp loại hoàn thành tốt nhiệm vụ {share(good)}"
            f"{_pending(counts, noun)}")
    excellent = lv["excellent"]
    parts = [f"có {count(excellent)} {noun} hoàn thành xuất sắc nhiệm vụ {share(excellent)}" if excellent
             else f"không có {noun} hoàn thành xuất sắc nhiệm vụ"]
    for level, words in (("completed", "hoàn thành nhiệm vụ"), ("not_completed", "không hoàn thành nhiệm vụ")):
        n = lv[level]
        parts.append(f"{count(n)} {noun} {words} {share(n)}" if n else f"không có {noun} {words}")
    return f"{head}, trong đó, {'; '.join(parts)}{_target(counts, target)}."


def org_paragraph(year: int, counts: Counts, *, population: str = GRASSROOTS, target: Decimal | None = None
                  ) -> str:
    """"Năm 2021 có 56/58 tổ chức cơ sở đảng được xếp loại hoàn thành tốt nhiệm vụ (tỷ lệ 96,6%); trong đó,
    có 13 tổ chức hoàn thành xuất sắc nhiệm vụ (tỷ lệ 23,2%); hoàn thành nhiệm vụ 02 tổ chức cơ sở đảng
    (không có tổ chức cơ sở đảng xếp loại không hoàn thành nhiệm vụ)"."""
    noun, short = NOUNS[population]
    d = counts.decided
    if not d:
        return f"Năm {year} chưa có {noun} nào được xếp loại{_pending(counts, noun)}."
    lv = counts.levels
    good = counts.good_or_above
    text = (f"Năm {year} có {_ratio(good, d)} {noun} được xếp loại hoàn thành tốt nhiệm vụ "
            f"(tỷ lệ {format_percent(good, d)}){_pending(counts, noun)}; trong đó, ")
    excellent = lv["excellent"]
    text += (f"có {count(excellent)} {short} hoàn thành xuất sắc nhiệm vụ (tỷ lệ {format_percent(excellent, good)})"
             if excellent else f"không có {short} hoàn thành xuất sắc nhiệm vụ")
    present = [(words, lv[level]) for level, words in (("completed", "hoàn thành nhiệm vụ"),
                                                        ("not_completed", "không hoàn thành nhiệm vụ"))]
    shown = [f"{words} {count(n)} {noun}" for words, n in present if n]
    absent = [words for words, n in present if not n]
    if shown:
        text += "; " + "; ".join(shown)
    if absent:
        none = f"không có {noun} xếp loại {' và '.join(absent)}"
        text += f" ({none})" if shown else f"; {none}"
    return f"{text}{_target(counts, target)}."


def paragraph(population: str, year: int, counts: Counts, *, target: Decimal | None = None) -> str:
    if population == MEMBER:
        return member_paragraph(year, counts, target=target)
    return org_paragraph(year, counts, population=population, target=target)


def for_stats(stats) -> dict[str, str]:
    """One paragraph per population, for the year of a ``RatingStats``."""
    return {pop: paragraph(pop, stats.year, counts) for pop, counts in stats.totals.items()}
