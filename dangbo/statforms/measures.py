"""The measures a form's rows are read from (``measure`` in its definition), each scoped: the acting user must
see the org. Each returns ``flows.Flows``: the figure of every row and the members behind it."""

import datetime as dt

from dangbo.accounts.scope import scope_for
from dangbo.core.collector import gc_paused
from dangbo.orgs.models import Org
from dangbo.statforms import flows, population


def increases_decreases(*, user, org: Org, start: dt.date, end: dt.date) -> flows.Flows:
    """Biểu 1 of ``org`` for ``start``…``end``: A on the list the day before, B entries, C exits, D at the end —
    each row with the members behind it. Within ``population.sharing()`` the same (org, period) is computed once
    (the scope is checked on every call)."""
    scope_for(user).require_path(org.path)
    with gc_paused():
        return population.shared(("increases_decreases", org.pk, start, end),
                                 lambda: _increases_decreases(org, start, end))


def _increases_decreases(org: Org, start: dt.date, end: dt.date) -> flows.Flows:
    by_member, facts, by_probation = population.reading(org, start, end)
    alone = by_probation[False] + by_probation[True]
    out = flows.Flows()
    before = start - flows.ONE
    # the members on the list all through (most of them) are in A and in D and nothing else: only the others are
    # looked at one by one, in the order of their ids
    plain: list[int] = []
    for member_id in sorted(by_member):
        stays = by_member[member_id]
        if len(stays) == 1 and stays[0].start <= before and stays[0].end is None:
            plain.append(member_id)
        else:
            flows.member_flows(out, member_id, stays, facts.get(member_id, {}), start, end)
    for key in ("A", "D"):
        ids = sorted([*alone, *plain, *out.members.get(key, ())])
        if ids:
            out.members[key], out.counts[key] = ids, len(ids)
    return out
