"""The members' facts of a set as columns (NumPy), and a population's traits computed on them a period at a time.

A province's set profiles its ~100.000 members twice (the period and the year before), and the country's set
every member of the country twice: one Python loop per member and period (age, band, probation, the traits
looked up) was a third of a province's set. Here the facts that do not change with the day are read once into
columns (the date as the integer yyyymmdd; the record — the fields a form reads — as an index into the distinct
records), and for a day the age, the band and the probation of every member are column arithmetic; members
are grouped by (record, band, probation, exemption), and each group's set of traits is built once. The few
members ever exempted (M13) are decided one by one by the rule itself (``members.rules.exempt_by``), and the
few born on 29/02 get their age from ``bands.age_on`` (its calendar rule for common years). Pure: no ORM."""

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from dangbo.members.rules import exempt_by
from dangbo.statforms import bands, traits

# band index -> band code: 0 below 18 (no row of the forms), then the forms' bands in order
BANDS: tuple[str | None, ...] = (None, *(code for code, _, _, _ in bands.AGE_BANDS))
_OLDEST = 200  # ages are looked up in a table up to here; older (a data error) count as the last band
_BAND_OF_AGE = np.array([BANDS.index(bands.age_band_of_age(age)) for age in range(_OLDEST + 1)], dtype=np.int64)
LEAP_DAY = 229  # month * 100 + day of 29/02


def day_number(text: str | None) -> int:
    """An ISO day "yyyy-mm-dd" as the integer yyyymmdd (ordered as the days are); 0 for none."""
    return 0 if text is None else int(text[:4]) * 10000 + int(text[5:7]) * 100 + int(text[8:10])


def day_numbers(texts: list[str | None]) -> np.ndarray:
    """``day_number`` of many ISO days at once (0 for None)."""
    raw = np.array([t or "0000-00-00" for t in texts], dtype="S10").view(np.uint8).reshape(-1, 10).astype(np.int64)
    raw -= ord("0")
    year = raw[:, 0] * 1000 + raw[:, 1] * 100 + raw[:, 2] * 10 + raw[:, 3]
    return year * 10000 + (raw[:, 5] * 10 + raw[:, 6]) * 100 + raw[:, 8] * 10 + raw[:, 9]


# the eras of admission by their first day (yyyymmdd): an admission day's era is the last that starts on or before it
_ERA_STARTS = np.array([day_number(first.isoformat()) for _, _, first, _ in bands.ERAS[1:]], dtype=np.int64)
ERAS: tuple[str | None, ...] = (*(code for code, _, _, _ in bands.ERAS), None)  # None: admission day unknown


@dataclass
class Facts:
    """Per member (by id, ascending once read through ``columns``): the index in ``fields`` of what the forms
    read of their record (``traits.Record``'s first eight fields), whether they were admitted more than once,
    born, admitted on and official on (yyyymmdd, 0 for none); and per member exempted at some time their
    exemption facts (ISO day, kind) in the order they happened."""

    fields: list[tuple] = field(default_factory=list)
    exemptions: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    _index: dict[tuple, int] = field(default_factory=dict)
    _chunks: list[tuple[np.ndarray, ...]] = field(default_factory=list)
    _columns: tuple[np.ndarray, ...] | None = None

    def add(self, rows: list[tuple], readmitted: set[int]) -> None:
        """``rows``: (id, born, admitted on, official on — ISO text or None —, then the record's eight fields)."""
        if not rows:
            return
        ids, born, admitted, official, *record = zip(*rows, strict=True)
        index, fields = self._index, self.fields
        at = []
        for key in zip(*record, strict=True):
            found = index.get(key)
            if found is None:
                found = index[key] = len(fields)
                fields.append(key)
            at.append(found)
        ids = np.array(ids, dtype=np.int64)
        self._chunks.append((ids, np.array(at, dtype=np.int64), np.isin(ids, list(readmitted)), day_numbers(born),
                             day_numbers(admitted), day_numbers(official)))
        self._columns = None

    def columns(self) -> tuple[np.ndarray, ...]:
        """(ids, fields, readmitted, born, admitted, official), by id."""
        if self._columns is None:
            if not self._chunks:
                return (np.zeros(0, dtype=np.int64),) * 2 + (np.zeros(0, dtype=bool),) + (
                    np.zeros(0, dtype=np.int64),) * 3
            joined = [np.concatenate(parts) for parts in zip(*self._chunks, strict=True)]
            order = np.argsort(joined[0], kind="stable")
            self._columns = tuple(column[order] for column in joined)
            self._chunks = [self._columns]
        return self._columns

    def missing(self, ids: list[int]) -> list[int]:
        wanted = np.array(ids, dtype=np.int64)
        return wanted[~np.isin(wanted, self.columns()[0])].tolist()


@dataclass
class Groups:
    """A population grouped by its members' whole set of traits: the ids of each group (in the population's
    order, the groups in the order of their first member) and the (sum, count) of their ages."""

    ids: dict[frozenset[str], list[int]]
    ages: dict[frozenset[str], tuple[int, int]]


def _ages(born: np.ndarray, when: np.ndarray) -> np.ndarray:
    age = when // 10000 - born // 10000 - (when % 10000 < born % 10000)
    for i in np.flatnonzero(born % 10000 == LEAP_DAY):  # born on 29/02: the calendar rule of common years
        age[i] = bands.age_on(*(dt.date(int(d) // 10000, int(d) // 100 % 100, int(d) % 100) for d in (born[i], when[i])))
    return age


def profile(facts: Facts, ids: list[int], day: str, *, at_admission: bool = False, memo: dict) -> Groups:
    """The members ``ids`` on ``day`` (ISO), age on ``day`` — or on their admission day, ``at_admission`` (form
    2) — grouped by their traits. ``memo``: the sets of traits already built, by (fields, era, readmitted, band,
    probation, exemption) — kept by the caller for as long as ``facts``."""
    known, fields, readmitted, born, admitted, official = facts.columns()
    wanted = np.array(ids, dtype=np.int64)
    at = np.searchsorted(known, wanted)
    if len(wanted) and (at.max() >= len(known) or not np.array_equal(known[at], wanted)):
        raise KeyError("a member of the population has no facts read")
    fields, readmitted, born, admitted, official = fields[at], readmitted[at], born[at], admitted[at], official[at]
    era = np.where(admitted > 0, np.searchsorted(_ERA_STARTS, admitted, side="right"), len(ERAS) - 1)
    today = day_number(day)
    when = np.where(admitted > 0, admitted, today) if at_admission else np.full(len(wanted), today, dtype=np.int64)
    age = _ages(born, when)
    band = _BAND_OF_AGE[np.clip(age, 0, _OLDEST)]
    band[age < 0] = 0
    probationary = (admitted > 0) & (admitted <= today) & ((official == 0) | (official > today))
    exempt = np.zeros(len(wanted), dtype=bool)
    if facts.exemptions:
        ever = np.isin(wanted, np.fromiter(facts.exemptions, dtype=np.int64, count=len(facts.exemptions)))
        for i in np.flatnonzero(ever):
            exempt[i] = exempt_by(facts.exemptions[int(wanted[i])], day)
    key = ((((fields * len(ERAS) + era) * 2 + readmitted) * len(BANDS) + band) * 2 + probationary) * 2 + exempt
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(inverse, kind="stable")  # the members of each group together, in the population's order
    counts = np.bincount(inverse, minlength=len(first))
    starts = np.cumsum(counts) - counts
    sorted_ids, sorted_ages = wanted[order].tolist(), age[order]
    age_sums = np.add.reduceat(sorted_ages, starts) if len(wanted) else sorted_ages
    out, merged = Groups({}, {}), set()
    for g in np.argsort(first, kind="stable").tolist():
        start, end = int(starts[g]), int(starts[g] + counts[g])
        i = int(order[start])
        state = (int(fields[i]), int(era[i]), bool(readmitted[i]), int(band[i]), bool(probationary[i]),
                 bool(exempt[i]))
        found = memo.get(state)
        if found is None:
            record = traits.Record(*facts.fields[state[0]], state[2], ERAS[state[1]])
            found = memo[state] = traits.member_traits(record, BANDS[state[3]], state[4], state[5])
        if found in out.ids:  # two records the forms cannot tell apart (two codes of one ethnic group…)
            out.ids[found].extend(sorted_ids[start:end])
            merged.add(found)
        else:
            out.ids[found] = sorted_ids[start:end]
        total, count = out.ages.get(found, (0, 0))
        out.ages[found] = (total + int(age_sums[g]), count + end - start)
    for found in merged:  # back in the population's order (ascending ids, as the rows of Biểu 1 list them)
        out.ids[found].sort()
    return out
