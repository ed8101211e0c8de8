"""Reads of the member registry, always through the acting user's scope."""

import datetime as dt

from django.db.models import CharField, Count, ExpressionWrapper, F, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Concat, Substr

from dangbo.accounts.scope import scope_for, walks_names
from dangbo.core.exceptions import OutOfScope
from dangbo.core.sql import ids_in
from dangbo.core.text import word_prefix_pattern
from dangbo.members.choices import ACTIVE_STATUSES, MemberStatus, RegistrationKind
from dangbo.members.models import LifecycleEvent, Member, MemberTally, Registration
from dangbo.members.rules import EXEMPTION_FACTS, exempt_by
from dangbo.orgs.models import Org, OrgStatus
from dangbo.orgs.selectors import subtree_ids, subtree_org_ids_on


def member_queryset(*, user, write: bool = False) -> QuerySet[Member]:
    return Member.objects.filter(scope_for(user).member_q(write=write)).select_related("org")


def member_get(*, user, pk, write: bool = False) -> Member:
    try:
        return member_queryset(user=user, write=write).get(pk=pk)
    except (Member.DoesNotExist, ValueError, TypeError) as exc:
        raise OutOfScope() from exc


def member_list(
    *, user, q: str = "", org: Org | None = None, status: str = "", category: str = "", gender: str = "",
    political_theory: str = "", include_left: bool = False, exempt: str = "", walk: bool = True,
) -> QuerySet[Member]:
    """Members in the user's scope, in Vietnamese name order. ``q`` folds accents and đ.

    The two active statuses are compared through an expression: as an indexed ``status IN`` SQLite reads both
    ranges of the (status, sort_key) index and sorts them all (the country's 5,6 million members for an
    administrator's first page); this way it walks the name index and stops at the page's end. An org whose
    subtree holds a large share of the country's orgs is filtered the same way (``walks_names``); a small one
    keeps its org index and sorts its few members. The user's scope follows the same rule: a province
    commission's walks the name index like the administrator's, a cell secretary's reads the cell's members by org;
    with an org filter the org decides alone. ``walk=False`` keeps every org filter on the org index: for a
    count of the whole list, which the name index cannot bound and the (org_id, status) index covers."""
    scope = scope_for(user)
    by_name = walk and not scope.is_admin and (org is not None or walks_names(scope.read_paths))
    qs = Member.objects.filter(scope.member_q(by_name=by_name)).select_related("org")
    if org is not None:
        if walk and walks_names((org.path,)):
            qs = qs.annotate(org_key=ExpressionWrapper(F("org_id") + 0, output_field=IntegerField())).filter(
                org_key__in=subtree_ids(org))
        else:
            qs = qs.filter(org_id__in=subtree_ids(org))
    if status:
        qs = qs.filter(status=status)
    elif not include_left:
        qs = qs.annotate(state=Concat("status", Value(""), output_field=CharField())).filter(
            state__in=list(ACTIVE_STATUSES))
    if word_prefix_pattern(q):
        # Word starts, in order: "nguyen van an" finds Nguyễn Văn An (and Nguyễn Văn Anh), not every name
        # holding "van" and "an" somewhere. See docs/data-model.md, "Searching members".
        qs = qs.filter(search_text__words=q)
    if category:
        qs = qs.filter(category=category)
    if gender:
        qs = qs.filter(gender=gender)
    if political_theory:
        qs = qs.filter(political_theory=political_theory)
    if exempt in ("1", "0"):
        qs = qs.filter(is_exempt=exempt == "1")
    return qs.order_by("sort_key", "id")


PAGE_SIZE = 50


def keyset_page(qs: QuerySet[Member], *, after: tuple[str, int] | None = None,
                size: int = PAGE_SIZE) -> tuple[list[Member], tuple[str, int] | None]:
    """One page of ``qs`` (ordered by sort_key, id) starting after the row whose key is ``after``, and the key to
    start the next page from (None on the last). No OFFSET and no COUNT: a page reads ``size + 1`` rows whatever
    its position, where Paginator counted the whole subtree and skipped every row before the page."""
    if after is not None:
        key, pk = after
        # sort_key >= key bounds the index range; the OR only settles ties on the key.
        qs = qs.filter(sort_key__gte=key).filter(Q(sort_key__gt=key) | Q(sort_key=key, id__gt=pk))
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, ((rows[-1].sort_key, rows[-1].pk) if more and rows else None)


def page_cursor(params) -> tuple[str, int] | None:
    """The ``sau`` (sort key) and ``sau_id`` of a "Trang sau" link; None (the first page) when missing or bad."""
    key, pk = params.get("sau", ""), params.get("sau_id", "")
    if not key or not pk.isdigit() or len(key) > 400:
        return None
    return key, int(pk)


def active_members_in_org(org: Org) -> QuerySet[Member]:
    """Unscoped helper for services that have already checked scope."""
    return Member.objects.filter(org=org, status__in=ACTIVE_STATUSES)


def member_timeline(*, user, member: Member) -> QuerySet[LifecycleEvent]:
    member_get(user=user, pk=member.pk)
    return (LifecycleEvent.objects.filter(member=member).select_related("org", "created_by", "supersedes")
            .prefetch_related("approvals").order_by("date", "id"))


def tally_rows(org_ids, *, statuses=None, by_org: bool = False) -> list[dict]:
    """Members of the orgs ``org_ids`` (ids or a subquery) by status — and by org with ``by_org`` — each row's
    ``n`` and how many of them are ``exempt``, read from ``MemberTally`` (unscoped: callers have checked scope).
    The same rows as grouping the members themselves, without reading them."""
    qs = MemberTally.objects.filter(org_id__in=org_ids)
    if statuses is not None:
        qs = qs.filter(status__in=list(statuses))
    keys = ("org_id", "status") if by_org else ("status",)
    rows = qs.order_by().values(*keys).annotate(total=Sum("n"), exempt=Coalesce(Sum("n", filter=Q(is_exempt=True)), 0))
    return [{**{k: row[k] for k in keys}, "n": row["total"], "exempt": row["exempt"]} for row in rows]


def member_count(*, user, org: Org | None = None, status: str = "", include_left: bool = False) -> int:
    """How many members ``member_list`` holds with these filters alone (no search, no member-level filter), from
    the tally: the scope's orgs (or ``org``'s subtree) by status — a few rows per org where counting the list
    read every member of the scope (5,6 million for an administrator). A user's own record outside the scope's
    subtrees (``Scope.own_member_ids``) is counted from the members, as ``member_q`` lets it in."""
    scope = scope_for(user)
    statuses = [status] if status else None if include_left else list(ACTIVE_STATUSES)
    qs = MemberTally.objects.all() if statuses is None else MemberTally.objects.filter(status__in=statuses)
    if org is not None:
        orgs = subtree_ids(org)
    elif scope.is_admin:
        orgs = None
    else:
        orgs = Org.objects.filter(scope.org_q()).values("id")
    if orgs is not None:
        qs = qs.filter(org_id__in=orgs)
    n = qs.aggregate(n=Coalesce(Sum("n"), 0))["n"]
    if org is None and not scope.is_admin and scope.own_member_ids:
        own = Member.objects.filter(pk__in=list(scope.own_member_ids)).exclude(org_id__in=orgs)
        n += (own if statuses is None else own.filter(status__in=statuses)).count()
    return n


def subtree_counts(*, parent: Org, children: list[Org]) -> dict[int, dict]:
    """Active orgs and members by status in each child's subtree: one GROUP BY per table, no loop of queries."""
    return org_counts(parent=parent, children=children)[0]


def org_counts(*, parent: Org, children: list[Org]) -> tuple[dict[int, dict], dict]:
    """``subtree_counts`` of ``children`` (those shown: an org page lists them a hundred at a time) and the active
    members of ``parent``'s whole subtree by status with the exempt ones (as ``status_counts``), from the same
    grouped read of the member tally (a few rows per org, not the subtree's members)."""
    length = (parent.depth + 1) * Org.steplen
    totals = {"official": 0, "probationary": 0, "exempt": 0, "active": 0}
    member_rows = tally_rows(subtree_ids(parent), statuses=[MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY],
                             by_org=True)
    if not children:
        for row in member_rows:
            totals[row["status"]] += row["n"]
            totals["active"] += row["n"]
            totals["exempt"] += row["exempt"]
        return {}, totals
    by_path = {c.path: c.pk for c in children}
    out = {c.pk: {"orgs": 0, "cells": 0, "official": 0, "probationary": 0, "exempt": 0, "members": 0}
           for c in children}
    org_rows = (
        Org.objects.filter(path__startswith=parent.path, depth__gt=parent.depth + 1, status=OrgStatus.ACTIVE)
        .annotate(top=Substr("path", 1, length)).values("top")
        # treebeard's manager orders by path, and an explicit ordering joins the GROUP BY: clear it.
        .annotate(n=Count("id"), cells=Count("id", filter=Q(type__is_cell=True))).order_by()
    )
    for row in org_rows:
        if row["top"] in by_path:
            out[by_path[row["top"]]]["orgs"] = row["n"]
            out[by_path[row["top"]]]["cells"] = row["cells"]
    # Counts by their own org (an indexed IN over the subtree's org ids), then added up per child here.
    below = Org.objects.filter(path__startswith=parent.path, depth__gt=parent.depth)
    top_of = {pk: path[:length] for pk, path in below.values_list("id", "path")}
    for row in member_rows:
        totals[row["status"]] += row["n"]
        totals["active"] += row["n"]
        totals["exempt"] += row["exempt"]
        slot = out.get(by_path.get(top_of.get(row["org_id"])))
        if slot is None:
            continue
        slot[row["status"]] += row["n"]
        slot["members"] += row["n"]
        slot["exempt"] += row["exempt"]
    return out, totals


def status_counts(*, user, org: Org) -> dict:
    """Members of ``org``'s subtree by status, and how many are exempt."""
    scope_for(user).require_path(org.path)
    rows = tally_rows(subtree_ids(org))
    out = {r["status"]: r["n"] for r in rows}
    out["exempt"] = sum(r["exempt"] for r in rows if r["status"] in ACTIVE_STATUSES)
    out["active"] = sum(out.get(s, 0) for s in ACTIVE_STATUSES)
    return out


def members_on(*, user, org: Org, on: dt.date) -> QuerySet[Member]:
    """Who were the members of ``org``'s subtree on ``on``, over the tree as it stood that day."""

    scope_for(user).require_path(org.path)
    regs = Registration.objects.filter(
        kind=RegistrationKind.OFFICIAL, valid_from__lte=on, org_id__in=subtree_org_ids_on(org=org, on=on)
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
    return Member.objects.filter(pk__in=regs.values("member_id")).order_by("sort_key", "id")


def facts_of_kinds(member_ids, kinds, *, until: dt.date | None = None) -> QuerySet[LifecycleEvent]:
    """The members' lifecycle facts of ``kinds`` (on or before ``until``), void and superseded left out, in the
    order they happened (unscoped: callers have checked scope). The kind is compared
    through an expression: SQLite (no statistics) would otherwise walk every fact of that kind of the country
    through the (kind, date) index — 3 s for a cell's roster on the national database — instead of the members'
    own facts; the ids are written into the SQL as integers."""
    qs = (LifecycleEvent.objects.filter(ids_in(LifecycleEvent, "member_id", member_ids), is_void=False,
                                        superseded_by__isnull=True)
          .annotate(fact=Concat("kind", Value(""), output_field=CharField())).filter(fact__in=list(kinds)))
    if until is not None:
        qs = qs.filter(date__lte=until)
    return qs.order_by("date", "id")


def exempt_on(member_ids: list[int], day: dt.date) -> set[int]:
    """Who of ``member_ids`` was exempt from work and meetings (M13) on ``day`` (``rules.exempt_by``)."""
    facts: dict[int, list] = {}
    for member_id, date, kind in facts_of_kinds(member_ids, EXEMPTION_FACTS, until=day).values_list(
            "member_id", "date", "kind"):
        facts.setdefault(member_id, []).append((date, kind))
    return {m for m, found in facts.items() if exempt_by(found, day)}


def cell_roster_on(*, org: Org, on: dt.date) -> QuerySet[Member]:
    """The members registered (sinh hoạt chính thức) in the cell ``org`` itself on ``on`` (unscoped). A join driven
    by the registration index (org, kind, valid_from): as ``pk IN (subquery)`` PostgreSQL's unanalysed test tables
    ordered every member by name first (12 s per roster on the demo)."""
    current = Q(registrations__valid_to__isnull=True) | Q(registrations__valid_to__gt=on)
    return (Member.objects.filter(current, registrations__kind=RegistrationKind.OFFICIAL, registrations__org=org,
                                  registrations__valid_from__lte=on)
            .distinct().order_by("sort_key", "id"))
