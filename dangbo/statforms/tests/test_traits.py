"""The pure traits of forms 2–5 (no database): what a member counts as, and the tally of a form's cells."""

import datetime as dt

from dangbo.members.choices import MemberCategory
from dangbo.statforms import traits
from dangbo.statforms.definitions import guidance_on
from dangbo.statforms.flows import Flows

KINH = traits.Record("F", "Kinh", "", "", "", "", MemberCategory.RETIRED, False, False, "from_1975")
TAY = traits.Record("M", "Tày", "Phật giáo", "", "", "", MemberCategory.BUSINESS_OWNER, True, True, "1954_1975")


def test_a_member_counts_as_what_the_record_and_the_day_say():
    found = traits.member_traits(KINH, "56_60", probationary=False, exempt=True)
    assert {"member", "women", "eth:01", "occ:retired", "exempt", "retired_exempt", "age:56_60",
            "era:from_1975"} <= found
    assert not found & {"ethnic_minority", "probationary", "religious", "readmitted", "business_owner"}
    other = traits.member_traits(TAY, None, probationary=True, exempt=False)
    assert {"ethnic_minority", "religious", "business_owner", "readmitted", "youth_union", "probationary",
            "age:under_18", "era:1954_1975"} <= other
    assert "women" not in other and "exempt" not in other


def test_members_of_the_same_record_band_and_state_share_one_set_per_memo():
    memo: dict = {}
    first = traits.member_traits(KINH, "56_60", False, False, memo)
    assert traits.member_traits(KINH, "56_60", False, False, memo) is first
    assert traits.member_traits(KINH, "51_55", False, False, memo) is not first
    assert traits.member_traits(KINH, "56_60", False, False) == first  # no memo: the same traits, built anew


def test_probation_on_a_day_compares_dates_or_iso_texts_alike():
    admitted, official = dt.date(2024, 5, 19), dt.date(2025, 5, 19)
    for on, expected in ((dt.date(2024, 5, 18), False), (dt.date(2024, 5, 19), True),
                         (dt.date(2025, 5, 18), True), (dt.date(2025, 5, 19), False)):
        assert traits.on_probation(admitted, official, on) is expected
        assert traits.on_probation(admitted.isoformat(), official.isoformat(), on.isoformat()) is expected
    assert traits.on_probation(None, None, dt.date(2025, 1, 1)) is False
    assert traits.on_probation(admitted, None, dt.date(2030, 1, 1)) is True


def test_the_tally_of_grouped_members_equals_the_tally_one_by_one():
    form = guidance_on(dt.date(2025, 12, 31)).forms["4"]
    members = {1: traits.member_traits(KINH, "56_60", False, False), 2: traits.member_traits(TAY, "18_30", False, False),
               3: traits.member_traits(KINH, "18_30", True, False)}
    ages = {1: 57, 2: 25, 3: 30}
    whole, grouped = Flows(), Flows()
    traits.tally(form, members, {}, ages, whole)
    traits.tally(form, members, {}, ages, grouped, grouped=traits.group(members))
    assert whole.counts == grouped.counts
    assert whole.counts["I:total"] == 3 and whole.counts["I:women"] == 2
    assert sorted(whole.members["I:total"]) == [1, 2, 3]
