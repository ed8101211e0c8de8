"""The bands and groups of the basic statistics forms (FORMS.md §2): age, admission era, schooling, professional
level, political theory and occupation, exactly as the rows of forms 2 (Đảng viên mới kết nạp) and 3 (Đội ngũ
đảng viên) name them.

Pure: plain values in (dates, choice codes), a row code out; no ORM. The counting engine groups members by these
codes; every row code of a breakdown is listed here in the forms' order with its Vietnamese label.

Where a form row cannot be derived from what the member record holds, the row is listed in ``NOT_DERIVABLE``
with the reason — it is never guessed.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from dangbo.core.numbers import format_int
from dangbo.members.choices import EducationLevel, GeneralEducation, MemberCategory, PoliticalTheory


class Row(NamedTuple):
    code: str
    label: str


# --- Age (forms 2 and 3, "Tuổi đời": 18–30, 31–35, …, 56–60, > 60, and the average) ---------------------------


def age_on(born: dt.date, on: dt.date) -> int:
    """Full years of age on ``on`` (calendar months by relativedelta): a person turns N on the birthday itself;
    one born on 29/02 turns N on 28/02 of a common year. Counted from the calendar without relativedelta except
    for those born on 29/02 (the forms count hundreds of thousands of members)."""
    if born.month == 2 and born.day == 29:
        return relativedelta(on, born).years
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


# (code, label, lowest age, highest age or None for open-ended), in the forms' order.
AGE_BANDS: tuple[tuple[str, str, int, int | None], ...] = (
    ("18_30", "Từ 18 đến 30 tuổi", 18, 30),
    ("31_35", "Từ 31 đến 35 tuổi", 31, 35),
    ("36_40", "Từ 36 đến 40 tuổi", 36, 40),
    ("41_45", "Từ 41 đến 45 tuổi", 41, 45),
    ("46_50", "Từ 46 đến 50 tuổi", 46, 50),
    ("51_55", "Từ 51 đến 55 tuổi", 51, 55),
    ("56_60", "Từ 56 đến 60 tuổi", 56, 60),
    ("over_60", "Trên 60 tuổi", 61, None),
)
AGE_ROWS = tuple(Row(code, label) for code, label, _, _ in AGE_BANDS)
AVERAGE_AGE_LABEL = "Tuổi bình quân"


def age_band_of_age(age: int) -> str | None:
    """The band code of a full age in years; None below 18 (no row of the forms: a data error to report)."""
    for code, _, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return code
    return None


def age_band(born: dt.date, on: dt.date) -> str | None:
    """The band of a person born on ``born``, on the reference date ``on`` (30/6 or 31/12 of the period)."""
    return age_band_of_age(age_on(born, on))


def average_age(ages: Iterable[int]) -> Fraction | None:
    """The exact average of full ages (Σ ages / n); None for nobody. Rounded only for display."""
    total = count = 0
    for age in ages:
        total += age
        count += 1
    return Fraction(total, count) if count else None


def round_half_up(value: Fraction, places: int = 1) -> Decimal:
    """``value`` rounded half-up to ``places`` decimals, exactly (RULES.md N1: figures round half-up)."""
    scale = 10**places
    numerator = value * scale
    # floor(x + 1/2) for x ≥ 0, and the mirror for negatives, so the halves round away from zero.
    rounded = (abs(numerator) + Fraction(1, 2)).__floor__() * (1 if numerator >= 0 else -1)
    return Decimal(rounded).scaleb(-places).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_average(value: Fraction | None, places: int = 1) -> str:
    """The average as printed on the forms: "45,3" (decimal comma, thousands with dots); "" for nobody."""
    if value is None:
        return ""
    whole, _, frac = f"{round_half_up(value, places):f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    text = sign + format_int(abs(int(whole)))
    return text + ("," + frac if frac else "")


# --- Admission era (form 3, "Thời gian vào Đảng") -----------------------------------------------------------
# The forms' four rows, with both ends inclusive as printed: before 19/8/1945; 19/8/1945–20/7/1954;
# 21/7/1954–30/4/1975; from 01/5/1975. Contiguous: every date falls in exactly one era.

ERAS: tuple[tuple[str, str, dt.date | None, dt.date | None], ...] = (
    ("before_1945", "Trước ngày 19/8/1945", None, dt.date(1945, 8, 18)),
    ("1945_1954", "Từ 19/8/1945 đến 20/7/1954", dt.date(1945, 8, 19), dt.date(1954, 7, 20)),
    ("1954_1975", "Từ 21/7/1954 đến 30/4/1975", dt.date(1954, 7, 21), dt.date(1975, 4, 30)),
    ("from_1975", "Từ 01/5/1975 đến nay", dt.date(1975, 5, 1), None),
)
ERA_ROWS = tuple(Row(code, label) for code, label, _, _ in ERAS)


def admission_era(admitted_on: dt.date) -> str:
    """The era row of a member admitted on ``admitted_on`` (ngày vào Đảng)."""
    for code, _, first, last in ERAS:
        if (first is None or admitted_on >= first) and (last is None or admitted_on <= last):
            return code
    raise AssertionError("the eras cover every date")  # pragma: no cover


# --- General education (forms 2 and 3, "Giáo dục phổ thông") ------------------------------------------------
# Form rows: biết chữ (literate), tiểu học, trung học cơ sở, trung học phổ thông.

GENERAL_EDUCATION_ROWS = (
    Row("literate", "Biết chữ"),
    Row(GeneralEducation.PRIMARY.value, GeneralEducation.PRIMARY.label),
    Row(GeneralEducation.LOWER_SECONDARY.value, GeneralEducation.LOWER_SECONDARY.label),
    Row(GeneralEducation.UPPER_SECONDARY.value, GeneralEducation.UPPER_SECONDARY.label),
)
_GENERAL_EDUCATION = {
    GeneralEducation.PRIMARY: GeneralEducation.PRIMARY.value,
    GeneralEducation.LOWER_SECONDARY: GeneralEducation.LOWER_SECONDARY.value,
    GeneralEducation.UPPER_SECONDARY: GeneralEducation.UPPER_SECONDARY.value,
}


def general_education_row(value: str) -> str | None:
    """The row of ``Member.general_education``; None when blank (not recorded — not the same as "biết chữ")."""
    return _GENERAL_EDUCATION.get(value)


# --- Professional level (forms 2 and 3, "Chuyên môn nghiệp vụ") ---------------------------------------------
# Form rows: công nhân kỹ thuật, sơ cấp (one row); trung cấp; cao đẳng; đại học; thạc sĩ; tiến sĩ. The forms have
# no row for the untrained, so this breakdown is not expected to sum to the total.

PROFESSIONAL_ROWS = (
    Row("so_cap", "Công nhân kỹ thuật, sơ cấp"),
    Row(EducationLevel.INTERMEDIATE.value, EducationLevel.INTERMEDIATE.label),
    Row(EducationLevel.COLLEGE.value, EducationLevel.COLLEGE.label),
    Row(EducationLevel.UNIVERSITY.value, EducationLevel.UNIVERSITY.label),
    Row(EducationLevel.MASTER.value, EducationLevel.MASTER.label),
    Row(EducationLevel.DOCTOR.value, EducationLevel.DOCTOR.label),
)
_PROFESSIONAL = {
    EducationLevel.NONE: None,
    EducationLevel.ELEMENTARY: "so_cap",
    EducationLevel.INTERMEDIATE: EducationLevel.INTERMEDIATE.value,
    EducationLevel.COLLEGE: EducationLevel.COLLEGE.value,
    EducationLevel.UNIVERSITY: EducationLevel.UNIVERSITY.value,
    EducationLevel.MASTER: EducationLevel.MASTER.value,
    EducationLevel.DOCTOR: EducationLevel.DOCTOR.value,
}


def professional_row(value: str) -> str | None:
    """The row of ``Member.education_level`` (highest level only); None for untrained or unknown."""
    return _PROFESSIONAL.get(value)


# --- Political theory (form 3, "Lý luận chính trị", highest diploma only) ------------------------------------
# Form rows: sơ cấp; trung cấp; cao cấp, cử nhân (one row).

POLITICAL_THEORY_ROWS = (
    Row(PoliticalTheory.ELEMENTARY.value, PoliticalTheory.ELEMENTARY.label),
    Row(PoliticalTheory.INTERMEDIATE.value, PoliticalTheory.INTERMEDIATE.label),
    Row("cao_cap", "Cao cấp, cử nhân"),
)
_POLITICAL_THEORY = {
    PoliticalTheory.NONE: None,
    PoliticalTheory.ELEMENTARY: PoliticalTheory.ELEMENTARY.value,
    PoliticalTheory.INTERMEDIATE: PoliticalTheory.INTERMEDIATE.value,
    PoliticalTheory.ADVANCED: "cao_cap",
    PoliticalTheory.BACHELOR: "cao_cap",
}


def political_theory_row(value: str) -> str | None:
    """The row of ``Member.political_theory``; None for untrained or unknown."""
    return _POLITICAL_THEORY.get(value)


# --- Occupation (form 2 part II; form 3 part II a "đang công tác" and b "hưu trí, thôi công tác") -------------
# The member record holds one ``category`` (MemberCategory) and a free-text ``occupation``. Only the categories
# that name exactly one form row are mapped; the others span several rows and map to None.

OCCUPATION_ROWS = (
    Row("state_officials", "Cán bộ, công chức cơ quan đảng, nhà nước, MTTQ, đoàn thể từ cấp huyện trở lên"),
    Row("commune_officials", "Cán bộ, công chức, người hoạt động không chuyên trách cấp xã"),
    Row("village_staff", "Người hoạt động không chuyên trách ở thôn, tổ dân phố"),
    Row("public_employees", "Viên chức trong đơn vị sự nghiệp công lập"),
    Row("non_public_service", "Người làm việc trong đơn vị sự nghiệp ngoài công lập"),
    Row("enterprise_managers", "Doanh nghiệp: người quản lý"),
    Row("enterprise_office", "Doanh nghiệp: nhân viên văn phòng"),
    Row("enterprise_workers", "Doanh nghiệp: công nhân"),
    Row("farmers", "Nông, lâm, ngư nghiệp"),
    Row("armed_forces", "Lực lượng vũ trang"),
    Row("university_students", "Sinh viên"),
    Row("pupils", "Học sinh"),
    Row("other", "Khác"),
)
RETIRED_ROW = Row("retired", "Hưu trí, thôi công tác")  # form 3 II b only ("of which exempt": Member.is_exempt)

_OCCUPATION = {
    MemberCategory.ARMED_FORCES: "armed_forces",
    MemberCategory.FARMER: "farmers",
    MemberCategory.RETIRED: "retired",
    MemberCategory.OTHER: "other",
}


def occupation_row(category: str) -> str | None:
    """The occupation row of ``Member.category``; None when the category spans several rows (NOT_DERIVABLE)."""
    return _OCCUPATION.get(category)


NOT_DERIVABLE: dict[str, str] = {
    "general_education.literate": (
        "GeneralEducation has no 'biết chữ' (literate, below primary) value; a blank field means not recorded."
    ),
    "academic_title": "The member record has no academic-title field (Phó giáo sư, Giáo sư) for forms 2 and 3.",
    "occupation.state_officials / commune_officials / village_staff / public_employees / non_public_service": (
        "MemberCategory 'cbccvc' covers officials at every level, commune and village staff and public employees "
        "alike; no field tells the level or the kind of employer."
    ),
    "occupation.enterprise_managers / enterprise_office / enterprise_workers": (
        "MemberCategory 'lao_dong_dn' does not tell manager, office staff or worker; 'cong_nhan' does not tell "
        "whether the worker is in an enterprise; 'chu_dn' (owner) is an 'of which' row of I, not a job row."
    ),
    "occupation.university_students / pupils": (
        "MemberCategory 'hssv' joins students (sinh viên) and pupils (học sinh)."
    ),
    "occupation.non_working": (
        "Form 3 II b counts members retired or no longer working; only 'huu_tri' (retired) is recorded, not "
        "members who stopped working for other reasons."
    ),
}
