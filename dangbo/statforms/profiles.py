"""The measures of forms 2–5: who the form counts, with their traits (``statforms.traits``), over the tree as it
stood at the period's end.

Each form's population is taken from Biểu 1 of the same org and period, so the forms agree by construction:
form 3 (đội ngũ), 4 (dân tộc, tôn giáo) and the members of form 5 are row D (on the list at the period's end),
form 2 (mới kết nạp) is row B1 (admitted in the period). What is read beyond that, per 20.000 members: their
records and their admission and exemption facts (one query each) — within a set once for all forms and both
periods (``population.shared``); for forms 2 and 5 the subtree of the period's end (one) and, for 5, the
members' cells that day (one). A province's members share a few thousand distinct sets of traits: each is built
once (``traits.member_traits``' memo), and the forms tally the groups, not the members one by one."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q

from dangbo.accounts.scope import scope_for
from dangbo.core.iters import batched
from dangbo.core.sql import ids_in
from dangbo.members.choices import EventKind, RegistrationKind
from dangbo.members.models import Member, Registration
from dangbo.members.rules import EXEMPTION_FACTS, exempt_by
from dangbo.members.selectors import facts_of_kinds
from dangbo.orgs.models import Org, OrgPlacement
from dangbo.orgs.selectors import placement_on
from dangbo.statforms import bands, measures, population, traits
from dangbo.statforms.flows import Flows

BATCH = 20_000
# what is read of a member: the dates annotated as text (``_read_facts``), then ``traits.Record``'s fields
FACTS = ("born", "admitted", "official", "gender", "ethnicity", "religion", "general_education", "education_level",
         "political_theory", "category", "is_youth_union")


class Profile(Flows):
    """A form's population: each member's and org's traits, and each member's age for the averages."""

    def __init__(self):
        super().__init__()
        self.member_traits: dict[int, frozenset[str]] = {}
        self.org_traits: dict[int, frozenset[str]] = {}
        self.ages: dict[int, int] = {}
        self._grouped: dict[frozenset[str], list[int]] | None = None

    def grouped(self) -> dict[frozenset[str], list[int]]:
        """The members grouped by their traits, once for every form that tallies this population."""
        if self._grouped is None:
            self._grouped = traits.group(self.member_traits)
        return self._grouped


def _day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _read_facts(ids: list[int]) -> tuple[dict[int, tuple], dict[int, list[tuple[str, str]]]]:
    """Per member, (``traits.Record``, born, admitted on, official on) with the dates as ISO text — a province's
    members have a few thousand distinct days, parsed once each (``_profile``): Django's converters and ``date``
    objects for every member cost more than the read; members of the same record share one ``Record``. And per
    member exempted at some time, their exemption facts (ISO day, kind) in order (M13, ``exempt_by``)."""
    out: dict[int, tuple] = {}
    exemptions: dict[int, list[tuple[str, str]]] = {}
    records: dict[tuple, traits.Record] = {}
    eras: dict[str, str] = {}
    for chunk in batched(ids, BATCH):
        # one pass over the members' own facts for both: admitted more than once (kết nạp lại), and exemptions
        admissions: Counter = Counter()
        facts = facts_of_kinds(chunk, (EventKind.ADMIT, *EXEMPTION_FACTS)).annotate(
            day=population.as_text("date")).values_list("member_id", "day", "kind")
        for member_id, day, kind in population.raw_rows(facts):
            if kind == EventKind.ADMIT:
                admissions[member_id] += 1
            else:
                exemptions.setdefault(member_id, []).append((day, kind))
        rows = (Member.objects.filter(ids_in(Member, "id", chunk)).order_by()
                .annotate(born=population.as_text("date_of_birth"), admitted=population.as_text("admitted_on"),
                          official=population.as_text("official_on"))
                .values_list("pk", *FACTS))
        for pk, born, admitted, official, *fields in population.raw_rows(rows):
            era = None
            if admitted is not None:
                era = eras.get(admitted)
                if era is None:
                    era = eras[admitted] = bands.admission_era(_day(admitted))
            key = (*fields[:-1], bool(fields[-1]), admissions[pk] > 1, era)
            record = records.get(key)
            if record is None:
                record = records[key] = traits.Record(*key)
            out[pk] = (record, born, admitted, official)
    return out, exemptions


def _facts_of(ids: list[int]) -> tuple[dict[int, tuple], dict[int, list]]:
    """The facts of ``ids``: within a set, each member is read once for all its forms and periods (the roster of
    the period and of the year before are nearly the same people)."""
    facts = population.shared(("member_facts",), dict)
    exemptions = population.shared(("member_exemptions",), dict)
    missing = [pk for pk in ids if pk not in facts]
    if missing:
        found, exempted = _read_facts(missing)
        facts.update(found)
        exemptions.update(exempted)
    return facts, exemptions


def _profile(ids: list[int], on: dt.date, *, at_admission: bool = False) -> Profile:
    out = Profile()
    facts, exemptions = _facts_of(ids)
    memo = population.shared(("traits_memo",), dict)  # keyed by every input: safe to share across periods
    member_traits, ages = out.member_traits, out.ages
    day = on.isoformat()  # compared with the ISO texts of ``_read_facts``
    for pk in ids:
        record, born, admitted, official = facts[pk]
        when = admitted if at_admission and admitted else day
        dated = memo.get((born, when))  # (age, band): about 25.000 birthdays for 100.000 members
        if dated is None:
            age = bands.age_on(_day(born), _day(when))
            dated = memo[(born, when)] = (age, bands.age_band_of_age(age))
        exempt = pk in exemptions and exempt_by(exemptions[pk], day)
        probationary = traits.on_probation(admitted, official, day)
        member_traits[pk] = traits.member_traits(record, dated[1], probationary, exempt, memo)
        ages[pk] = dated[0]
    return out


@dataclass(frozen=True)
class _Tree:
    """``org``'s subtree on a day: each org's (type code, is grassroots, kind code) and the grassroots org it
    belongs to (None above the grassroots level)."""

    orgs: dict[int, tuple[str, bool, str]]
    top: dict[int, int | None]

    @property
    def grassroots(self) -> list[int]:
        return [pk for pk, (_, is_grassroots, _) in self.orgs.items() if is_grassroots]

    def org_traits(self, pk: int, grassroots_kind: str) -> frozenset[str]:
        type_code, is_grassroots, _ = self.orgs[pk]
        out = {traits.ORG, f"type:{type_code}", f"kind:{grassroots_kind}"}
        if is_grassroots:
            out.add("grassroots")
        return frozenset(out)


def _tree_on(org: Org, on: dt.date) -> _Tree:
    """``org``'s subtree on ``on`` (one read, shared by forms 2 and 5 of a set)."""
    return population.shared(("tree_on", org.pk, on), lambda: _read_tree(org, on))


def _read_tree(org: Org, on: dt.date) -> _Tree:
    at = placement_on(org=org, on=on)
    if at is None:
        return _Tree({}, {})
    rows = OrgPlacement.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on), valid_from__lte=on, path__startswith=at.path,
    ).values_list("org_id", "path", "org__type__code", "org__type__is_grassroots", "org__kind__code")
    paths, orgs = {}, {}
    for pk, path, type_code, is_grassroots, kind_code in rows:
        paths[pk], orgs[pk] = path, (type_code, is_grassroots, kind_code or "")
    by_path = {paths[pk]: pk for pk, (_, is_grassroots, _) in orgs.items() if is_grassroots}
    step = Org.steplen
    top = {pk: next((by_path[path[:n]] for n in range(step, len(path) + 1, step) if path[:n] in by_path), None)
           for pk, path in paths.items()}
    return _Tree(orgs, top)


def roster(*, user, org: Org, start: dt.date, end: dt.date) -> Profile:
    """Forms 3 and 4: the members on ``org``'s list on ``end`` (Biểu 1 row D), age on ``end`` (read once for
    both within a set)."""
    flows = measures.increases_decreases(user=user, org=org, start=start, end=end)
    return population.shared(("roster", org.pk, start, end), lambda: _profile(flows.members.get("D", []), end))


def new_members(*, user, org: Org, start: dt.date, end: dt.date) -> Profile:
    """Form 2: the members admitted into ``org``'s subtree in the period (Biểu 1 row B1), age on the admission
    day; and the grassroots orgs of the tree of ``end`` (part III), marked "admitted" when one of their cells
    admitted someone in the period."""
    flows = measures.increases_decreases(user=user, org=org, start=start, end=end)
    ids = flows.members.get("B1", [])
    out = _profile(ids, end, at_admission=True)
    tree = _tree_on(org, end)
    admitting = set()
    for chunk in batched(ids, BATCH):
        for org_id in facts_of_kinds(chunk, (EventKind.ADMIT,)).filter(date__gte=start, date__lte=end).values_list(
                "org_id", flat=True):
            admitting.add(tree.top.get(org_id))
    for pk in tree.grassroots:
        mark = {"admitted"} if pk in admitting else set()
        out.org_traits[pk] = tree.org_traits(pk, "") | mark
    return out


def base_types(*, user, org: Org, start: dt.date, end: dt.date) -> Profile:
    """Form 5: the grassroots orgs, đảng bộ bộ phận and chi bộ trực thuộc of the tree of ``end`` under ``org``
    and the members on its list that day (Biểu 1 row D), each in the row of its grassroots org's kind."""
    scope_for(user).require_path(org.path)
    flows = measures.increases_decreases(user=user, org=org, start=start, end=end)
    ids = flows.members.get("D", [])
    tree = _tree_on(org, end)
    kind_of = {pk: tree.orgs[top][2] or "none" for pk, top in tree.top.items() if top is not None}
    out = Profile()
    for pk, kind in kind_of.items():
        out.org_traits[pk] = tree.org_traits(pk, kind)
    cell_of: dict[int, int] = {}
    regs = Registration.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=end), kind=RegistrationKind.OFFICIAL,
                                       valid_from__lte=end)
    for chunk in batched(ids, BATCH):
        cell_of.update(regs.filter(ids_in(Registration, "member_id", chunk)).order_by().values_list(
            "member_id", "org_id"))
    of_kind = {kind: frozenset({traits.MEMBER, f"kind:{kind}"}) for kind in {*kind_of.values(), "none"}}
    for member_id in ids:
        out.member_traits[member_id] = of_kind[kind_of.get(cell_of.get(member_id), "none")]
    return out
