"""A user's scope: the org subtrees they may read and write, and the member records that are their own.

Every selector starts from ``scope_for(user)``; nothing reads around it.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import ExpressionWrapper, F, IntegerField, Max, Q
from django.db.models.lookups import In

from dangbo.accounts.models import READ_ROLES, WRITE_ROLES, Grant, Role
from dangbo.core.exceptions import OutOfScope
from dangbo.core.sql import listed_if_small
from dangbo.orgs.models import Org


def _minimal(paths: set[str]) -> tuple[str, ...]:
    """Drop paths already covered by a shorter prefix, so queries carry one condition per subtree."""
    kept: list[str] = []
    for path in sorted(paths):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return tuple(kept)


# The share of all orgs above which a subtree's members are paged along the name index: walking it finds a page
# after about PAGE_SIZE / share rows, sorting the subtree costs its whole size. Break-even is far below 1% on the
# national dataset (a province: 1,7% of the orgs, 115.000 members).
WALK_SHARE = 0.01


def walks_names(paths: tuple[str, ...] | list[str]) -> bool:
    """Whether the subtrees at ``paths`` are together a big enough share of all orgs to page their members along
    the name index. Two index reads: the subtrees' size by their path ranges and the highest org id standing for
    the number of orgs. Here, below both the scope and the member selectors, so each can ask without a cycle."""
    if not paths:
        return False
    total = Org.objects.aggregate(n=Max("id"))["n"] or 0
    if total == 0:
        return False
    q = Q()
    for path in paths:
        q |= Q(path__startswith=path)
    return Org.objects.filter(q).count() >= WALK_SHARE * total


@dataclass(frozen=True)
class Scope:
    user_id: int | None
    is_admin: bool = False
    read_paths: tuple[str, ...] = ()
    write_paths: tuple[str, ...] = ()
    own_member_ids: tuple[int, ...] = ()
    roles: tuple[str, ...] = ()
    # Subtrees whose confidential inspection records (cases, denunciations) the user's INSPECTION grants open, to
    # read and to write; nothing else (members, orgs) becomes writable by them. Admins get none by being admins.
    inspection_paths: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.is_admin or self.read_paths or self.own_member_ids)

    @property
    def can_write_anything(self) -> bool:
        return self.is_admin or bool(self.write_paths)

    def _paths_q(self, field: str, write: bool) -> Q:
        if self.is_admin:
            return Q()
        paths = self.write_paths if write else self.read_paths
        if not paths:
            return Q(pk__in=[])
        q = Q()
        for path in paths:
            q |= Q(**{f"{field}__startswith": path})
        return q

    def _orgs_in(self, field: str, write: bool, by_name: bool = False) -> Q:
        if self.is_admin:
            return Q()
        paths = self.write_paths if write else self.read_paths
        if not paths:
            return Q(pk__in=[])
        orgs = Org.objects.filter(self._paths_q("path", write)).values("id")
        if by_name:
            # "org_id + 0" is no column SQLite can look up by: it leaves the org index alone and walks the name
            # index (see ``member_q``). On PostgreSQL the orgs listed: given the subquery, it joined it to each
            # member met along the name index by a nested loop over the province's 5.053 orgs (2,3 s for a page;
            # 75 ms listed). SQLite builds one lookup of the subquery either way; listing only adds a read there.
            if connection.vendor == "postgresql":
                orgs = listed_if_small(orgs.values_list("id", flat=True))
            return Q(In(ExpressionWrapper(F(field) + 0, output_field=IntegerField()), orgs))
        return Q(**{f"{field}__in": orgs})

    def org_q(self, *, write: bool = False, field: str = "path") -> Q:
        return self._paths_q(field, write)

    def member_q(self, *, write: bool = False, prefix: str = "", by_name: bool = False) -> Q:
        """``by_name``: the scope must not be what SQLite reads the members by — a list in name order whose
        scope is a big share of the tree (``walks_names``: a province commission's) or narrowed by an org
        filter of its own; otherwise it sorts every member of the scope to show a page."""
        # org_id IN (orgs under the paths): the planner reads the org index, then members by org — never a
        # join that scans every member to test its org's path.
        q = self._orgs_in(f"{prefix}org_id", write, by_name)
        if self.is_admin or write:
            return q
        if self.own_member_ids:
            own = Q(**{f"{prefix}pk__in": list(self.own_member_ids)}) if not prefix else Q(
                **{f"{prefix}id__in": list(self.own_member_ids)})
            return (q | own) if self.read_paths else own
        return q

    def covers_path(self, path: str, *, write: bool = False) -> bool:
        if self.is_admin:
            return True
        return any(path.startswith(p) for p in (self.write_paths if write else self.read_paths))

    def may_decide_for(self, decider_path: str) -> bool:
        """May this user act for the committee at ``decider_path`` (empty: the central level)?"""
        if self.is_admin:
            return True
        return bool(decider_path) and self.covers_path(decider_path, write=True)

    def covers_inspection(self, path: str) -> bool:
        """Is ``path`` under one of the user's inspection subtrees (read and write of inspection records)?"""
        return any(path.startswith(p) for p in self.inspection_paths)

    def inspection_q(self, field: str = "org__path") -> Q:
        """Rows whose ``field`` lies under the user's inspection subtrees (none without such a grant)."""
        q = Q(pk__in=[])
        for path in self.inspection_paths:
            q |= Q(**{f"{field}__startswith": path})
        return q

    def require_path(self, path: str, *, write: bool = False) -> None:
        if not self.covers_path(path, write=write):
            raise OutOfScope()


def scope_for(user) -> Scope:
    if user is None or not getattr(user, "is_authenticated", False):
        return Scope(user_id=None)
    cached = getattr(user, "_dangbo_scope", None)
    if cached is not None:
        return cached
    # Always the primary's grants, even inside reading_replica(): a grant revoked or given a moment ago must
    # hold at once, not once a lagging replica has replayed it.
    grants = list(Grant.objects.db_manager("default").filter(user=user).select_related("org"))
    is_admin = user.is_superuser or any(g.role == Role.ADMIN for g in grants)
    read = {g.org.path for g in grants if g.org and g.role in READ_ROLES}
    write = {g.org.path for g in grants if g.org and g.role in WRITE_ROLES}
    own = tuple(sorted({g.member_id for g in grants if g.member_id}))
    inspection = {g.org.path for g in grants if g.org and g.role == Role.INSPECTION}
    scope = Scope(
        user_id=user.pk, is_admin=is_admin, read_paths=_minimal(read), write_paths=_minimal(write),
        own_member_ids=own, roles=tuple(sorted({g.role for g in grants})), inspection_paths=_minimal(inspection),
    )
    user._dangbo_scope = scope
    return scope
