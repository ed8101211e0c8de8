"""The admissions sentence of a report, in the words of ``002`` §1.2: "Năm 2021 đã kết nạp 192/187 quần chúng vào
Đảng, đạt tỷ lệ 102,67% so với kế hoạch năm và đạt tỷ lệ 4,14% so với tổng số đảng viên trong toàn Đảng bộ huyện
vượt chỉ tiêu đề ra." and, while the year runs, "6 tháng đầu năm 2023 đã kết nạp 68/203 quần chúng ưu tú vào Đảng,
đạt tỷ lệ 33,5% so với kế hoạch năm." Pure: counts in, text out. The plan is the org's quota of the year
(``indicators.admissions_vs_plan``), the base the members on the list at the start of the year
(``selectors.admission_counts``). Percentages to two places rounded half-up (N1), trailing zeros dropped as the
report writes them (33,5%)."""

from fractions import Fraction

from dangbo.core.numbers import format_int, percent

# a target's verdict (targets.choices.TargetStatus) -> the report's words after the rate
VERDICTS = {"exceeded": "vượt chỉ tiêu đề ra", "met": "đạt chỉ tiêu đề ra", "not_met": "chưa đạt chỉ tiêu đề ra"}


def rate(numerator: int, denominator: int | None) -> str:
    """"102,67%", "33,5%", "100%"; "" without a denominator."""
    value = percent(numerator, denominator or 0, 2)
    if value is None:
        return ""
    whole, _, frac = f"{value:f}".partition(".")
    frac = frac.rstrip("0")
    return format_int(int(whole)) + ("," + frac if frac else "") + "%"


def verdict(admitted: int, base: int | None, target: Fraction | None) -> str:
    """exceeded / met / not_met of the rate against a target rate in percent ("trên 4%"); "" without one."""
    if target is None or not base:
        return ""
    value = Fraction(admitted * 100, base)
    return "exceeded" if value > target else "met" if value == target else "not_met"


def admission_sentence(label: str, *, admitted: int, plan: int | None, base: int | None, body: str,
                       partial: bool = False, outcome: str = "") -> str:
    """One result line. ``label``: "Năm 2021", "6 tháng đầu năm 2023"; ``plan``: the year's quota (None: no plan,
    the sentence leaves the plan out); ``base``: members at the start of the year (None or 0: no rate);
    ``body``: the org the rate is of ("Đảng bộ huyện"); ``partial``: a part of the year (the rate against all
    members is left out, the candidates are "quần chúng ưu tú" as 002 writes); ``outcome``: the rate target's
    verdict (``VERDICTS``)."""
    noun = "quần chúng ưu tú" if partial else "quần chúng"
    figure = f"{format_int(admitted)}/{format_int(plan)}" if plan else format_int(admitted)
    if not admitted and not plan:
        return f"{label} chưa kết nạp {noun} nào vào Đảng."
    parts = []
    if plan:
        parts.append(f"đạt tỷ lệ {rate(admitted, plan)} so với kế hoạch năm")
    if base and not partial:
        parts.append(f"đạt tỷ lệ {rate(admitted, base)} so với tổng số đảng viên trong toàn {body}")
    text = f"{label} đã kết nạp {figure} {noun} vào Đảng"
    if parts:
        text += ", " + " và ".join(parts)
    words = VERDICTS.get(outcome, "") if base and not partial else ""
    return f"{text} {words}." if words else f"{text}."
