"""The sentences of a report on cell meetings and the cell's work with its members, in the words of ``002``
("Bình quân mỗi tháng có 100% chi bộ cơ sở xếp loại Tốt; trên 81% chi bộ trực thuộc đảng ủy cơ sở xếp loại
Tốt, trên 17% chi bộ xếp loại Khá …; không có chi bộ xếp loại yếu"). Pure: counts in, text out — every figure is
the numerator or denominator of an indicator (``meetings.indicators``) or the levels of ``selectors.stats``.
Percentages round half-up (N1); counts under ten are written with two digits ("02"), as the report does."""

from dangbo.core.numbers import format_int, format_percent

LEVEL_WORDS = [("good", "Tốt"), ("fair", "Khá"), ("average", "Trung bình"), ("poor", "Yếu")]
# nouns of the two kinds of cell, as 002 names them; one kind alone is just "chi bộ"
GRASSROOTS_CELLS = "chi bộ cơ sở"
SUBCELLS = "chi bộ trực thuộc đảng ủy cơ sở"
CELLS = "chi bộ"


def count(n: int) -> str:
    return f"{n:02d}" if 0 <= n < 10 else format_int(n)


def _ratio(n: int, d: int) -> str:
    return f"{count(n)}/{count(d)}"


def rating_sentence(groups: list[tuple[str, dict]]) -> str:
    """``groups``: (noun, {level: meetings}) per kind of cell. "Bình quân mỗi tháng có 85,4% chi bộ xếp loại Tốt,
    9,8% chi bộ xếp loại Khá, 2,4% chi bộ xếp loại Trung bình; không có chi bộ xếp loại Yếu." — each share of the
    regular meetings rated over the months (one a month per cell: the share of cells, averaged)."""
    parts, any_poor = [], False
    for noun, levels in groups:
        rated = sum(levels.get(lv, 0) for lv, _ in LEVEL_WORDS)
        if not rated:
            continue
        any_poor = any_poor or bool(levels.get("poor"))
        shares = [f"{format_percent(levels.get(lv, 0), rated)} {noun if i == 0 else CELLS} xếp loại {word}"
                  for i, (lv, word) in enumerate((lv, w) for lv, w in LEVEL_WORDS if levels.get(lv))]
        parts.append(", ".join(shares))
    if not parts:
        return "Chưa có kỳ sinh hoạt định kỳ nào của chi bộ được xếp loại."
    tail = "" if any_poor else "; không có chi bộ xếp loại Yếu"
    return f"Bình quân mỗi tháng có {'; '.join(parts)}{tail}."


# code -> (the noun counted, what they did): the report writes "Năm 2024 có 45/48 chi bộ (93,8%) sinh hoạt …"
PHRASES = {
    "thematic_quarterly_rate": ("chi bộ", "sinh hoạt chuyên đề ít nhất mỗi quý một lần"),
    "monthly_meeting_rate": ("chi bộ", "sinh hoạt định kỳ đủ các tháng, đúng thời gian cấp ủy quy định"),
    "committee_preparation_rate": ("kỳ sinh hoạt định kỳ", "của các chi bộ có chi ủy được chi ủy họp chuẩn bị "
                                                           "trước"),
    "meetings_with_conclusion_rate": ("kỳ sinh hoạt chi bộ", "có nghị quyết hoặc kết luận"),
    "members_assigned_tasks_rate": ("đảng viên", "được chi bộ phân công nhiệm vụ"),
    "members_commitment_rate": ("đảng viên", "có bản cam kết tu dưỡng, rèn luyện"),
    "members_personal_plan_rate": ("đảng viên", "có kế hoạch phấn đấu, rèn luyện cá nhân"),
    "residence_liaison_rate": ("đảng viên đang công tác", "giữ mối liên hệ với chi bộ nơi cư trú, được chi ủy nơi "
                                                          "cư trú nhận xét"),
}
CODES = (*PHRASES, "meeting_rating_distribution")


def phrase(code: str, numerator: int, denominator: int) -> str:
    """"có 45/48 chi bộ (93,8%) sinh hoạt chuyên đề …": the count, then its share right after the noun."""
    noun, what = PHRASES[code]
    return f"có {_ratio(numerator, denominator)} {noun} ({format_percent(numerator, denominator)}) {what}"


def detail(code: str, label: str, numerator: int, denominator: int, groups: list | None = None) -> str:
    """One result line of a report ("Năm 2024 có 45/48 chi bộ (93,8%) …"); "" for a code not worded here."""
    if code == "meeting_rating_distribution":
        if not groups:
            return ""
        text = rating_sentence(groups)
        return f"{label}, {text[:1].lower()}{text[1:]}"
    if code not in PHRASES:
        return ""
    return f"{label} {phrase(code, numerator, denominator)}."


def members_sentence(*, members: int, tasked: int, committed: int, planned: int) -> str:
    """"Có 95,0% đảng viên được phân công nhiệm vụ, 90,1% có bản cam kết tu dưỡng, rèn luyện và 88,0% có kế
    hoạch phấn đấu, rèn luyện cá nhân (trên 4.116 đảng viên, không kể đảng viên được miễn sinh hoạt)."""
    if not members:
        return "Chưa có đảng viên trong danh sách (không kể đảng viên được miễn công tác và sinh hoạt đảng)."
    return (f"Có {format_percent(tasked, members)} đảng viên được phân công nhiệm vụ, "
            f"{format_percent(committed, members)} có bản cam kết tu dưỡng, rèn luyện và "
            f"{format_percent(planned, members)} có kế hoạch phấn đấu, rèn luyện cá nhân (trên "
            f"{count(members)} đảng viên, không kể đảng viên được miễn công tác và sinh hoạt đảng).")


def sentences(measures: dict, groups: list | None = None) -> list[str]:
    """The page's "Nhận định": one sentence per indicator that has a value (``measures``: code -> Measure)."""
    out = []
    if groups is not None:
        out.append(rating_sentence(groups))
    for code in ("monthly_meeting_rate", "thematic_quarterly_rate", "committee_preparation_rate",
                 "meetings_with_conclusion_rate"):
        m = measures.get(code)
        if m is not None and m.denominator:
            text = phrase(code, m.numerator, m.denominator)
            out.append(f"{text[:1].upper()}{text[1:]}.")
    tasks, papers, plans = (measures.get(c) for c in ("members_assigned_tasks_rate", "members_commitment_rate",
                                                       "members_personal_plan_rate"))
    if tasks is not None and papers is not None and plans is not None:
        out.append(members_sentence(members=tasks.denominator, tasked=tasks.numerator, committed=papers.numerator,
                                    planned=plans.numerator))
    liaison = measures.get("residence_liaison_rate")
    if liaison is not None and liaison.denominator:
        text = phrase("residence_liaison_rate", liaison.numerator, liaison.denominator)
        out.append(f"{text[:1].upper()}{text[1:]}.")
    return out
