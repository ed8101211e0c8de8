"""The bands of forms 2 and 3 (FORMS.md §2), at every boundary. No database."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from dangbo.members.choices import EducationLevel, GeneralEducation, MemberCategory, PoliticalTheory
from dangbo.statforms import bands

D = dt.date
ON = D(2025, 6, 30)


@pytest.mark.parametrize(
    ("born", "age"),
    [
        (D(1994, 6, 30), 31),  # turns 31 on the reference date
        (D(1994, 7, 1), 30),  # turns 31 the day after
        (D(2000, 2, 29), 25),
    ],
)
def test_age_on(born, age):
    assert bands.age_on(born, ON) == age


def test_leap_day_birthday_turns_on_28_february():
    assert bands.age_on(D(2000, 2, 29), D(2025, 2, 28)) == 25
    assert bands.age_on(D(2000, 2, 29), D(2025, 2, 27)) == 24


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (17, None), (18, "18_30"), (30, "18_30"), (31, "31_35"), (35, "31_35"), (36, "36_40"), (40, "36_40"),
        (41, "41_45"), (45, "41_45"), (46, "46_50"), (50, "46_50"), (51, "51_55"), (55, "51_55"),
        (56, "56_60"), (60, "56_60"), (61, "over_60"), (104, "over_60"),
    ],
)
def test_age_band_boundaries(age, band):
    assert bands.age_band_of_age(age) == band


def test_band_on_the_reference_date():
    assert bands.age_band(D(1994, 6, 30), ON) == "31_35"  # 31 on the day itself
    assert bands.age_band(D(1994, 7, 1), ON) == "18_30"
    assert bands.age_band(D(1964, 6, 30), ON) == "over_60"
    assert bands.age_band(D(1964, 7, 1), ON) == "56_60"


def test_bands_are_contiguous_and_labelled():
    assert [r.code for r in bands.AGE_ROWS][0] == "18_30"
    assert bands.AGE_ROWS[0].label == "Từ 18 đến 30 tuổi"
    assert bands.AGE_ROWS[-1].label == "Trên 60 tuổi"
    for (_, _, _, high), (_, _, low, _) in zip(bands.AGE_BANDS, bands.AGE_BANDS[1:], strict=False):
        assert low == high + 1


def test_average_age_is_exact():
    value = bands.average_age([45, 45, 46])
    assert value == Fraction(136, 3)
    assert bands.format_average(value) == "45,3"
    assert bands.average_age([]) is None
    assert bands.format_average(None) == ""


@pytest.mark.parametrize(
    ("ages", "text"),
    [
        ([45, 46], "45,5"),
        ([40, 40, 40, 41], "40,3"),  # 40,25 rounds half-up, where float rounding to even would give 40,2
        ([30, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31], "31,0"),  # 30,95
        ([60], "60,0"),
    ],
)
def test_average_age_display_rounds_half_up(ages, text):
    assert bands.format_average(bands.average_age(ages)) == text


def test_round_half_up_exact():
    assert bands.round_half_up(Fraction(1, 20)) == Decimal("0.1")
    assert bands.round_half_up(Fraction(-1, 20)) == Decimal("-0.1")
    assert bands.round_half_up(Fraction(1049, 1000), 2) == Decimal("1.05")


@pytest.mark.parametrize(
    ("admitted", "era"),
    [
        (D(1930, 2, 3), "before_1945"),
        (D(1945, 8, 18), "before_1945"),
        (D(1945, 8, 19), "1945_1954"),
        (D(1954, 7, 20), "1945_1954"),
        (D(1954, 7, 21), "1954_1975"),
        (D(1975, 4, 30), "1954_1975"),
        (D(1975, 5, 1), "from_1975"),
        (D(2025, 6, 30), "from_1975"),
    ],
)
def test_admission_era_boundaries(admitted, era):
    assert bands.admission_era(admitted) == era


def test_era_labels():
    assert [r.label for r in bands.ERA_ROWS] == [
        "Trước ngày 19/8/1945",
        "Từ 19/8/1945 đến 20/7/1954",
        "Từ 21/7/1954 đến 30/4/1975",
        "Từ 01/5/1975 đến nay",
    ]


def test_general_education():
    assert bands.general_education_row(GeneralEducation.PRIMARY) == "tieu_hoc"
    assert bands.general_education_row(GeneralEducation.UPPER_SECONDARY) == "thpt"
    assert bands.general_education_row("") is None
    assert {r.code for r in bands.GENERAL_EDUCATION_ROWS} >= set(GeneralEducation.values)


def test_professional_level_groups_every_choice():
    assert bands.professional_row(EducationLevel.ELEMENTARY) == "so_cap"
    assert bands.professional_row(EducationLevel.UNIVERSITY) == "dai_hoc"
    assert bands.professional_row(EducationLevel.NONE) is None
    rows = {r.code for r in bands.PROFESSIONAL_ROWS}
    for value in EducationLevel.values:
        assert bands.professional_row(value) in rows | {None}


def test_political_theory_joins_advanced_and_bachelor():
    assert bands.political_theory_row(PoliticalTheory.ADVANCED) == "cao_cap"
    assert bands.political_theory_row(PoliticalTheory.BACHELOR) == "cao_cap"
    assert bands.political_theory_row(PoliticalTheory.INTERMEDIATE) == "trung_cap"
    assert bands.political_theory_row(PoliticalTheory.NONE) is None
    assert [r.label for r in bands.POLITICAL_THEORY_ROWS] == ["Sơ cấp", "Trung cấp", "Cao cấp, cử nhân"]


def test_occupation_maps_only_what_the_record_tells():
    rows = {r.code for r in bands.OCCUPATION_ROWS} | {bands.RETIRED_ROW.code}
    assert bands.occupation_row(MemberCategory.ARMED_FORCES) == "armed_forces"
    assert bands.occupation_row(MemberCategory.FARMER) == "farmers"
    assert bands.occupation_row(MemberCategory.RETIRED) == "retired"
    for spanning in (MemberCategory.CIVIL_SERVANT, MemberCategory.STUDENT, MemberCategory.ENTERPRISE_EMPLOYEE):
        assert bands.occupation_row(spanning) is None
    for value in MemberCategory.values:
        assert bands.occupation_row(value) in rows | {None}
    assert bands.NOT_DERIVABLE and all(bands.NOT_DERIVABLE.values())
