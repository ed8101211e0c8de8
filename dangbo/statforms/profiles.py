"""The measures of forms 2–5: who the form counts, with their traits (``statforms.traits``), over the tree as it
stood at the period's end.

Each form's population is taken from Biểu 1 of the same org and period, so the forms agree by construction:
form 3 (đội ngũ), 4 (dân tộc, tôn giáo) and the members of form 5 are row D (on the list at the period's end),
form 2 (mới kết nạp) is row B1 (admitted in the period). What is read beyond that: the members' facts (one
read per 20.000 members), their exemptions and earlier admissions (one each), and for forms 2 and 5 the orgs of
the tree of the period's end (one) and the members' cells that day (one)."""

import datetime as dt
from collections import defaultdict

from django.db import connection
from django.db.models import BooleanField, CharField, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

from dangbo.accounts.scope import scope_for
from dangbo.core.iters import batched
from dangbo.members.choices import EventKind, RegistrationKind
from dangbo.members.models import LifecycleEvent, Member, Registration
from dangbo.members.selectors import exempt_on
from dangbo.orgs.models import Org, OrgPlacement
from dangbo.orgs.selectors import placement_on
from dangbo.statforms import bands, measures, population, traits
from dangbo.statforms.flows import Flows

BATCH = 20_000
FACTS = ("gender", "date_of_birth", "ethnicity", "religion", "general_education", "education_level",
         "political_theory", "category", "is_youth_union", "admitted_on", "official_on")


class Profile(Flows):
    """A form's population: each member's and org's traits, and each member's age for the averages."""

    def __init__(self):
        super().__init__()
        self.member_traits: dict[int, frozenset[str]] = {}
        self.org_traits: dict[int, frozenset[str]] = {}
        self.ages: dict[int, int] = {}


def _kind_is(*kinds: str) -> dict:
    """Lifecycle facts of these kinds, compared through an expression: SQLite (no statistics) would otherwise walk
    every such fact of the country through the (kind, date) index instead of the members' own facts (as
    ``members.selectors.exempt_on``)."""
    return {"fact__in": list(kinds)}


def _in(model, column: str, ids: list[int]) -> RawSQL:
    """``column IN (…)`` with the ids written into the SQL as integers (``int()`` of each: nothing else can get
    in): Django's own ``__in`` prepares every value one by one — seconds for a province's members."""
    name = f"{connection.ops.quote_name(model._meta.db_table)}.{connection.ops.quote_name(column)}"
    return RawSQL(f"{name} IN ({','.join(map(str, map(int, ids)))})", (),  # noqa: S611 - integers only
                  output_field=BooleanField())


def _facts(ids: list[int]):
    return (LifecycleEvent.objects.filter(_in(LifecycleEvent, "member_id", ids), is_void=False,
                                          superseded_by__isnull=True)
            .annotate(fact=Concat("kind", Value(""), output_field=CharField())))


def _readmitted(ids: list[int]) -> set[int]:
    """Members admitted more than once (kết nạp lại)."""
    seen: dict[int, int] = defaultdict(int)
    for member_id in _facts(ids).filter(**_kind_is(EventKind.ADMIT)).values_list("member_id", flat=True):
        seen[member_id] += 1
    return {m for m, n in seen.items() if n > 1}


def _profile(ids: list[int], on: dt.date, *, at_admission: bool = False) -> Profile:
    out = Profile()
    for chunk in batched(ids, BATCH):
        exempt, again = exempt_on(chunk, on), _readmitted(chunk)
        for pk, *row in Member.objects.filter(_in(Member, "id", chunk)).values_list("pk", *FACTS):
            facts = traits.Facts(*row, exempt=pk in exempt, readmitted=pk in again)
            age_on = facts.admitted_on if at_admission and facts.admitted_on else on
            out.member_traits[pk] = traits.member_traits(facts, on, age_on=age_on)
            out.ages[pk] = bands.age_on(facts.born, age_on)
    return out


def _grassroots_on(org: Org, on: dt.date) -> tuple[dict[int, OrgPlacement], dict[str, int], dict[int, Org]]:
    """The placements of ``org``'s subtree on ``on`` by org, the grassroots orgs' paths, and the orgs."""
    at = placement_on(org=org, on=on)
    if at is None:
        return {}, {}, {}
    rows = OrgPlacement.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on), valid_from__lte=on, path__startswith=at.path)
    placements = {p.org_id: p for p in rows}
    orgs = {o.pk: o for o in Org.objects.filter(pk__in=list(placements)).select_related("type", "kind")}
    grassroots = {placements[pk].path: pk for pk, o in orgs.items() if o.type.is_grassroots}
    return placements, grassroots, orgs


def _grassroots_of(path: str, grassroots: dict[str, int]) -> int | None:
    step = Org.steplen
    return next((grassroots[path[:n]] for n in range(step, len(path) + 1, step) if path[:n] in grassroots), None)


def _org_traits(org: Org, grassroots_kind: str) -> frozenset[str]:
    out = {traits.ORG, f"type:{org.type.code}", f"kind:{grassroots_kind}"}
    if org.type.is_grassroots:
        out.add("grassroots")
    return frozenset(out)


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
    placements, grassroots, orgs = _grassroots_on(org, end)
    admitting = set()
    for chunk in batched(ids, BATCH):
        for org_id in _facts(chunk).filter(date__gte=start, date__lte=end, **_kind_is(EventKind.ADMIT)).values_list(
                "org_id", flat=True):
            if org_id in placements:
                admitting.add(_grassroots_of(placements[org_id].path, grassroots))
    for pk in grassroots.values():
        mark = {"admitted"} if pk in admitting else set()
        out.org_traits[pk] = _org_traits(orgs[pk], "") | mark
    return out


def base_types(*, user, org: Org, start: dt.date, end: dt.date) -> Profile:
    """Form 5: the grassroots orgs, đảng bộ bộ phận and chi bộ trực thuộc of the tree of ``end`` under ``org``
    and the members on its list that day (Biểu 1 row D), each in the row of its grassroots org's kind."""
    scope_for(user).require_path(org.path)
    flows = measures.increases_decreases(user=user, org=org, start=start, end=end)
    ids = flows.members.get("D", [])
    placements, grassroots, orgs = _grassroots_on(org, end)
    kind_of = {pk: (orgs[pk].kind.code if orgs[pk].kind else "") for pk in grassroots.values()}
    out = Profile()
    for pk, placement in placements.items():
        top = _grassroots_of(placement.path, grassroots)
        if top is None:
            continue
        out.org_traits[pk] = _org_traits(orgs[pk], kind_of[top] or "none")
    cell_of: dict[int, int] = {}
    regs = Registration.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=end), kind=RegistrationKind.OFFICIAL,
                                       valid_from__lte=end)
    for chunk in batched(ids, BATCH):
        cell_of.update(regs.filter(_in(Registration, "member_id", chunk)).values_list("member_id", "org_id"))
    for member_id in ids:
        placement = placements.get(cell_of.get(member_id))
        top = _grassroots_of(placement.path, grassroots) if placement else None
        out.member_traits[member_id] = frozenset({traits.MEMBER, f"kind:{kind_of.get(top) or 'none'}"})
    return out
