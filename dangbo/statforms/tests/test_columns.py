"""The column arithmetic of a population (``statforms.columns``) gives every member the traits and the age the
rules give one member at a time (``bands``, ``traits``, ``members.rules.exempt_by``) — no database."""

import datetime as dt
import random

import pytest

from dangbo.members.rules import exempt_by
from dangbo.statforms import bands, columns, traits

FIELDS = [("M", "Kinh", "Không", "thpt", "dai_hoc", "trung_cap", "huu_tri", False),
          ("F", "Tày", "Phật giáo", "thcs", "none", "none", "nong_dan", True),
          ("F", "Kinh", "Công giáo", "thpt", "thac_si", "cao_cap", "cong_chuc", False)]


def test_day_numbers_read_iso_days_and_none():
    assert columns.day_numbers(["2025-12-31", None, "1945-08-19"]).tolist() == [20251231, 0, 19450819]
    assert columns.day_number("1975-04-30") == 19750430
    assert columns.day_number(None) == 0


def _one_by_one(rows, exemptions, readmitted, day: dt.date, at_admission: bool):
    """What ``profiles`` did member by member before the columns: (traits, age) of each."""
    out = {}
    for pk, born, admitted, official, *fields in rows:
        born_on = dt.date.fromisoformat(born)
        when = dt.date.fromisoformat(admitted) if at_admission and admitted else day
        age = bands.age_on(born_on, when)
        era = bands.admission_era(dt.date.fromisoformat(admitted)) if admitted else None
        record = traits.Record(*fields, pk in readmitted, era)
        exempt = pk in exemptions and exempt_by(exemptions[pk], day.isoformat())
        probationary = traits.on_probation(admitted, official, day.isoformat())
        out[pk] = (traits.member_traits(record, bands.age_band_of_age(age), probationary, exempt), age)
    return out


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("at_admission", [False, True])
def test_profile_equals_the_rules_member_by_member(seed, at_admission):
    rnd = random.Random(seed)
    day = dt.date(2025, 6, 30)
    rows, exemptions, readmitted = [], {}, set()
    # the edges: born on 29/02 (turns N on 28/02 of a common year), birthdays on and after the day, under 18,
    # admitted on the first and last day of each era, official after the day (probationary), never admitted
    borns = [dt.date(1960, 2, 29), dt.date(2000, 6, 30), dt.date(2000, 7, 1), dt.date(2010, 1, 1),
             dt.date(1925, 3, 3)]
    admissions = [dt.date(1945, 8, 18), dt.date(1945, 8, 19), dt.date(1954, 7, 20), dt.date(1954, 7, 21),
                  dt.date(1975, 4, 30), dt.date(1975, 5, 1), dt.date(2025, 6, 30), dt.date(2025, 7, 1), None]
    for pk in range(1, 400):
        born = rnd.choice(borns) if pk < 40 else dt.date(1930, 1, 1) + dt.timedelta(days=rnd.randrange(30000))
        admitted = rnd.choice(admissions) if pk < 80 else born + dt.timedelta(days=rnd.randrange(18 * 365, 60 * 365))
        official = None if admitted is None or rnd.random() < 0.1 else admitted + dt.timedelta(days=rnd.choice(
            [365, 366, 400]))
        rows.append((pk, _iso(born), _iso(admitted), _iso(official), *rnd.choice(FIELDS)))
        if rnd.random() < 0.1:
            exemptions[pk] = [("2020-01-01", "exempt")] + ([("2025-06-30", "exempt_end")] if rnd.random() < 0.5 else [])
        if rnd.random() < 0.05:
            readmitted.add(pk)
    rnd.shuffle(rows)
    facts = columns.Facts(exemptions=exemptions)
    facts.add(rows[:150], readmitted)
    facts.add(rows[150:], readmitted)  # read in two chunks, in no order: the columns sort them
    wanted = sorted(pk for pk, *_ in rows if pk % 7)
    expected = _one_by_one([r for r in rows if r[0] % 7], exemptions, readmitted, day, at_admission)
    found = columns.profile(facts, wanted, day.isoformat(), at_admission=at_admission, memo={})

    by_member = {pk: t for t, ids in found.ids.items() for pk in ids}
    assert by_member == {pk: t for pk, (t, _) in expected.items()}
    for t, ids in found.ids.items():
        assert ids == sorted(ids)  # each group in the population's order
        assert found.ages[t] == (sum(expected[pk][1] for pk in ids), len(ids))


def test_facts_missing_and_unknown_members():
    facts = columns.Facts()
    facts.add([(5, "1980-01-01", None, None, *FIELDS[0]), (3, "1981-01-01", None, None, *FIELDS[0])], set())
    assert facts.missing([3, 4, 5, 6]) == [4, 6]
    assert len(facts.fields) == 1  # the same record read twice is one entry
    with pytest.raises(KeyError):
        columns.profile(facts, [3, 4], "2025-12-31", memo={})
    assert columns.profile(facts, [], "2025-12-31", memo={}).ids == {}
