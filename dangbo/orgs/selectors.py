"""Reads of the org tree, always through the acting user's scope."""

import datetime as dt

from django.db.models import Count, Max, Min, Q, QuerySet

from dangbo.accounts.scope import scope_for
from dangbo.core import sql
from dangbo.core.exceptions import OutOfScope
from dangbo.core.text import fold
from dangbo.orgs import rules
from dangbo.orgs.models import Org, OrgEvent, OrgEventKind, OrgPlacement, OrgStatus, Term, Village


def org_queryset(*, user, write: bool = False) -> QuerySet[Org]:
    return Org.objects.filter(scope_for(user).org_q(write=write)).select_related("type__level", "kind")


def org_get(*, user, pk, write: bool = False) -> Org:
    try:
        return org_queryset(user=user, write=write).get(pk=pk)
    except (Org.DoesNotExist, ValueError, TypeError) as exc:
        raise OutOfScope() from exc


def may_restructure(*, user, org: Org) -> bool:
    """Whether the user acts for the committee that decides on restructuring ``org`` (its superior, O3)."""
    return scope_for(user).may_decide_for(rules.deciding_path(org.path, Org.steplen))


def org_list(*, user, q: str = "", type_code: str = "", kind_code: str = "", within: Org | None = None,
             include_ended: bool = False) -> QuerySet[Org]:
    qs = org_queryset(user=user)
    if not include_ended:
        qs = qs.filter(status=OrgStatus.ACTIVE)
    if within is not None:
        qs = qs.filter(path__startswith=within.path)
    for token in fold(q).split():
        qs = qs.filter(search_name__contains=token)
    if type_code:
        qs = qs.filter(type__code=type_code)
    if kind_code:
        qs = qs.filter(kind__code=kind_code)
    return qs.order_by("path")


def org_roots(*, user) -> QuerySet[Org]:
    """The tops of the user's scope: the tree browser starts there."""
    scope = scope_for(user)
    if scope.is_admin:
        return Org.objects.filter(depth=1).select_related("type", "kind").order_by("path")
    return Org.objects.filter(path__in=scope.read_paths).select_related("type", "kind").order_by("path")


def org_children(*, user, org: Org, include_ended: bool = False) -> QuerySet[Org]:
    qs = org_queryset(user=user).filter(path__startswith=org.path, depth=org.depth + 1)
    if not include_ended:
        qs = qs.filter(status=OrgStatus.ACTIVE)
    return qs.order_by("path")


def org_ancestors(*, user, org: Org) -> list[Org]:
    """Breadcrumb: the ancestors the user can see."""
    step = Org.steplen
    paths = [org.path[: i * step] for i in range(1, org.depth)]
    return list(org_queryset(user=user).filter(path__in=paths).order_by("depth"))


def _valid_on(on: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": on}))


def placement_on(*, org: Org, on: dt.date) -> OrgPlacement | None:
    return OrgPlacement.objects.filter(_valid_on(on), org=org).first()


def roots_on(on: dt.date) -> list[Org]:
    """The orgs at the top of the tree on ``on`` (the provinces and the party committees under the Central
    Committee that day; unscoped: for the country's figures, which only an administrator reads)."""
    ids = OrgPlacement.objects.filter(_valid_on(on), parent__isnull=True).values("org_id")
    return list(Org.objects.filter(pk__in=ids).order_by("path"))


def tree_on(*, user, org: Org, on: dt.date) -> QuerySet[OrgPlacement]:
    """The subtree of ``org`` as it stood on ``on``: names, parents and paths of that day."""
    scope_for(user).require_path(org.path)
    at = placement_on(org=org, on=on)
    if at is None:
        return OrgPlacement.objects.none()
    return OrgPlacement.objects.filter(_valid_on(on), path__startswith=at.path).order_by("path")


def subtree_ids(org: Org) -> QuerySet:
    """Subquery of the ids of ``org``'s current subtree (unscoped: callers have checked scope). Filtering a big
    table with ``org_id IN`` this reads the path index once; a join on ``org__path`` can make SQLite walk the
    big table instead."""
    return Org.objects.filter(path__startswith=org.path).values("id")


def grassroots_of(cell: Org) -> Org:
    """The grassroots org (tổ chức cơ sở đảng) at or above ``cell`` (unscoped: a fact of the tree the caller's
    decision depends on); the cell itself when none is marked grassroots."""
    step = Org.steplen
    line = Org.objects.filter(path__in=[cell.path[:n] for n in range(step, len(cell.path) + 1, step)])
    return next((org for org in line.select_related("type").order_by("-depth") if org.type.is_grassroots), cell)


def subtree_org_ids_on(*, org: Org, on: dt.date):
    """Subquery of org ids in ``org``'s subtree on ``on`` (unscoped: callers have checked scope)."""
    at = placement_on(org=org, on=on)
    if at is None:
        return OrgPlacement.objects.none().values("org_id")
    return OrgPlacement.objects.filter(_valid_on(on), path__startswith=at.path).values("org_id")


# Up to this many orgs (a province: ≈ 5.000) a subtree can go into a query as a list of ids, under SQLite's 32.766
# bound values; a bigger one (the country) stays a subquery.
IDS_AT_MOST = sql.IDS_AT_MOST


def listed_if_small(org_ids):
    """``org_ids`` (a subquery of ``org_id`` values, e.g. ``subtree_org_ids_on``) as a list when it holds at most
    ``IDS_AT_MOST`` ids, else unchanged (``core.sql.listed_if_small``). Given the subquery, PostgreSQL misjudges how
    many orgs a ``path LIKE`` keeps (1.757 for a district's 473) and reads a whole big table (the 12,7 million
    registrations of the national copy, 1,7 s) instead of the subtree's rows through its ``org_id`` index."""
    listed = sql.listed_if_small(org_ids.values_list("org_id", flat=True), IDS_AT_MOST)
    return listed if isinstance(listed, list) else org_ids


def subtree_id_sets(*, org: Org, days) -> list[frozenset[int]] | None:
    """The ids of ``org``'s subtree on each of ``days`` (the tree of each day), for counting several periods in
    one grouped read and splitting it by day in Python; None when their union is too big to list (the country:
    count day by day instead)."""
    sets = []
    for day in days:
        listed = listed_if_small(subtree_org_ids_on(org=org, on=day))
        if not isinstance(listed, list):
            return None
        sets.append(frozenset(listed))
    if len(frozenset().union(*sets)) > IDS_AT_MOST:
        return None
    return sets


def org_lifespans(org_ids) -> dict[int, dict]:
    """Unscoped helper for services: for each org, the first day of its first placement, the end of its last
    (None while a placement is open), its name and, if it ended by a restructuring, what became of it (and the
    org it merged into). Four queries whatever the number of orgs."""
    ids = {i for i in org_ids if i is not None}
    if not ids:
        return {}
    rows = (OrgPlacement.objects.filter(org_id__in=ids).values("org_id")
            .annotate(first=Min("valid_from"), last=Max("valid_to"),
                      open=Count("id", filter=Q(valid_to__isnull=True))).order_by())
    names = dict(Org.objects.filter(pk__in=ids).values_list("id", "name"))
    out = {r["org_id"]: {"name": names.get(r["org_id"], ""), "valid_from": r["first"],
                         "valid_to": None if r["open"] else r["last"], "fate": "", "successor_id": None}
           for r in rows}
    verbs = {OrgEventKind.MERGE: "sáp nhập vào", OrgEventKind.SPLIT: "chia tách thành",
             OrgEventKind.DISSOLVE: "giải thể"}
    ended = [i for i, span in out.items() if span["valid_to"] is not None]
    links = list(OrgEvent.sources.through.objects.filter(org_id__in=ended, orgevent__kind__in=list(verbs))
                 .values_list("org_id", "orgevent_id", "orgevent__kind", "orgevent__date"))
    results: dict[int, list[tuple[int, str]]] = {}
    for event_id, pk, name in (OrgEvent.results.through.objects.filter(orgevent_id__in=[link[1] for link in links])
                               .order_by("org__path").values_list("orgevent_id", "org_id", "org__name")):
        results.setdefault(event_id, []).append((pk, name))
    for org_id, event_id, kind, day in links:
        if out[org_id]["valid_to"] == day:
            successors = results.get(event_id, [])
            out[org_id]["fate"] = f"{verbs[kind]} {', '.join(name for _, name in successors)}".strip()
            if kind == OrgEventKind.MERGE and len(successors) == 1:
                out[org_id]["successor_id"] = successors[0][0]
    return out


def terms_of(*, user, org: Org) -> QuerySet[Term]:
    scope_for(user).require_path(org.path)
    return Term.objects.filter(org=org).select_related("committee").prefetch_related("committee__seats__member")


def villages_of(*, user, org: Org) -> QuerySet[Village]:
    scope_for(user).require_path(org.path)
    return Village.objects.filter(commune__path__startswith=org.path, valid_to__isnull=True).select_related(
        "kind", "cell", "head_member")


def org_events(*, user, org: Org) -> QuerySet[OrgEvent]:
    """Restructuring events the org took part in, as source or result."""
    scope_for(user).require_path(org.path)
    # Two indexed lookups in the link tables, as one UNION: joining both to every event (OR over two LEFT JOINs,
    # DISTINCT) read all the country's events, 0,25 s per org page on the national dataset, and PostgreSQL turned
    # "id IN (…) OR id IN (…)" into a scan of every event (21 ms; 0,08 ms with the UNION).
    sources = OrgEvent.sources.through.objects.filter(org=org).values("orgevent_id")
    results = OrgEvent.results.through.objects.filter(org=org).values("orgevent_id")
    return OrgEvent.objects.filter(pk__in=sources.union(results)).order_by("date", "id")


def current_committee(*, user, org: Org):
    """The committee of the org's open term, or None."""
    scope_for(user).require_path(org.path)
    term = Term.objects.filter(org=org, ends_on__isnull=True).select_related("committee").first()
    return getattr(term, "committee", None) if term else None


def parent_names(*, user, orgs: list[Org]) -> dict[str, str]:
    """Names of the parents of ``orgs`` the user can see, keyed by path (one query)."""
    paths = {o.path[: -Org.steplen] for o in orgs if o.depth > 1}
    return dict(org_queryset(user=user).filter(path__in=paths).values_list("path", "name"))


def child_of_on(*, org, on: dt.date) -> dict[int, int]:
    """Every org of ``org``'s subtree on ``on`` (the tree of that day), mapped to the child of ``org`` it lies
    under (a child to itself); ``org`` itself is left out. One read of the placements of that day."""
    valid = _valid_on(on)
    at = OrgPlacement.objects.filter(valid, org=org).values_list("path", flat=True).first()
    if at is None:
        return {}
    cut = len(at) + Org.steplen
    rows = OrgPlacement.objects.filter(valid, path__startswith=at).exclude(path=at).values_list("org_id", "path")
    by_path = {path: pk for pk, path in rows if len(path) == cut}
    return {pk: by_path[path[:cut]] for pk, path in rows if path[:cut] in by_path}


def subtrees_on(roots, on: dt.date) -> dict[int, int]:
    """Every org in the subtree of one of ``roots`` on ``on`` (the tree of that day), mapped to that root (a root
    to itself). Two reads of the placements of that day, however many roots."""
    valid = _valid_on(on)
    paths = dict(OrgPlacement.objects.filter(valid, org_id__in=list(roots)).values_list("path", "org_id"))
    if not paths:
        return {}
    common = min(paths)
    for p in paths:
        while not p.startswith(common):
            common = common[:-1]
    lengths = sorted({len(p) for p in paths})
    out = {}
    for pk, path in OrgPlacement.objects.filter(valid, path__startswith=common).values_list("org_id", "path"):
        root = next((paths[path[:n]] for n in lengths if path[:n] in paths), None)
        if root is not None:
            out[pk] = root
    return out
