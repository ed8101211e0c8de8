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
from dataclasses import dataclass

from django.db.models import Q

from dangbo.accounts.scope import scope_for
from dangbo.core.iters import batched
from dangbo.core.sql import ids_in
from dangbo.members.choices import EventKind
from dangbo.members.models import Member
from dangbo.members.rules import EXEMPTION_FACTS
from dangbo.members.selectors import facts_of_kinds
from dangbo.orgs.models import Org, OrgPlacement
from dangbo.orgs.selectors import placement_on
from dangbo.statforms import columns, measures, population, traits
from dangbo.statforms.flows import Flows

BATCH = 20_000
# what is read of a member: the dates annotated as text (``_read_facts``), then ``traits.Record``'s fields
FACTS = ("born", "admitted", "official", "gender", "ethnicity", "religion", "general_education", "education_level",
         "political_theory", "category", "is_youth_union")


class Profile(Flows):
    """A form's population: its members grouped by their whole set of traits (each group's ids in the population's
    order), the (sum, count) of each group's ages for the average rows, and each org's traits."""

    def __init__(self, grouped: dict[frozenset[str], list[int]] | None = None,
                 age_sums: dict[frozenset[str], tuple[int, int]] | None = None):
        super().__init__()
        self.grouped = grouped or {}
        self.age_sums = age_sums or {}
        self.org_traits: dict[int, frozenset[str]] = {}


def _day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _read_facts(ids: list[int], into: columns.Facts) -> None:
    """The records of ``ids`` and their born, admitted and official days into ``into``'s columns (read as ISO
    text: Django's converters and ``date`` objects for every member cost more than the read), whether they were
    admitted more than once (kết nạp lại), and their exemption facts (ISO day, kind) in the order they happened
    (M13, ``exempt_by``)."""
    for chunk in batched(ids, BATCH):
        # one pass over the members' own facts for both admissions and exemptions
        admissions: dict[int, int] = {}
        exempted: dict[int, list[tuple[str, int, str]]] = {}
        # unordered: SQLite would sort every admission of the chunk; only the few exempted members' facts need
        # the order they happened in (sorted below)
        facts = facts_of_kinds(chunk, (EventKind.ADMIT, *EXEMPTION_FACTS)).order_by().annotate(
            day=population.as_text("date")).values_list("member_id", "day", "kind", "id")
        for member_id, day, kind, fact_id in population.raw_rows(facts):
            if kind == EventKind.ADMIT:
                admissions[member_id] = admissions.get(member_id, 0) + 1
            else:
                exempted.setdefault(member_id, []).append((day, fact_id, kind))
        into.exemptions.update({m: [(day, kind) for day, _, kind in sorted(found)] for m, found in exempted.items()})
        rows = (Member.objects.filter(ids_in(Member, "id", chunk)).order_by()
                .annotate(born=population.as_text("date_of_birth"), admitted=population.as_text("admitted_on"),
                          official=population.as_text("official_on"))
                .values_list("pk", *FACTS))
        into.add(list(population.raw_rows(rows)), {m for m, n in admissions.items() if n > 1})


def _facts_of(ids: list[int]) -> columns.Facts:
    """The facts of ``ids``: within a set, each member is read once for all its forms and periods (the roster of
    the period and of the year before are nearly the same people)."""
    facts = population.shared(("member_facts",), columns.Facts)
    missing = facts.missing(ids)
    if missing:
        _read_facts(missing, facts)
    return facts


def _profile(ids: list[int], on: dt.date, *, at_admission: bool = False) -> Profile:
    """The members ``ids`` with their traits on ``on`` (age on ``on``, or on the admission day)."""
    memo = population.shared(("traits_by_state",), dict)  # keyed by the record's index in the set's facts
    groups = columns.profile(_facts_of(ids), ids, on.isoformat(), at_admission=at_admission, memo=memo)
    return Profile(groups.ids, groups.ages)


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
    cell_of = population.cells_on(org, start, end)  # what put each member of D on the list that day
    # grouped as they are read (the population has a handful of sets of traits, one per kind)
    grouped: dict[frozenset[str], list[int]] = {}
    of_kind = {kind: grouped.setdefault(frozenset({traits.MEMBER, f"kind:{kind}"}), [])
               for kind in sorted({*kind_of.values(), "none"})}
    none = of_kind["none"]
    for member_id in ids:
        of_kind.get(kind_of.get(cell_of.get(member_id)), none).append(member_id)
    out = Profile({t: members for t, members in grouped.items() if members})
    for pk, kind in kind_of.items():
        out.org_traits[pk] = tree.org_traits(pk, kind)
    return out
