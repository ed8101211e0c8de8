"""The measures a form's rows are read from (``measure`` in its definition), each scoped: the acting user must
see the org. Each returns ``flows.Flows``: the figure of every row and the members behind it."""

import datetime as dt

from dangbo.accounts.scope import scope_for
from dangbo.orgs.models import Org
from dangbo.statforms import flows, population


def increases_decreases(*, user, org: Org, start: dt.date, end: dt.date) -> flows.Flows:
    """Biểu 1 of ``org`` for ``start``…``end``: A on the list the day before, B entries, C exits, D at the end —
    each row with the members behind it. Within ``population.sharing()`` the same (org, period) is computed once
    (the scope is checked on every call)."""
    scope_for(user).require_path(org.path)
    with population._no_cycles():
        return population.shared(("increases_decreases", org.pk, start, end),
                                 lambda: _increases_decreases(org, start, end))


def _increases_decreases(org: Org, start: dt.date, end: dt.date) -> flows.Flows:
    by_member, facts = population.stays(org, start, end)
    out = flows.Flows()
    before = start - flows.ONE
    on_a, on_d = out.members.setdefault("A", []), out.members.setdefault("D", [])
    for member_id in sorted(by_member):
        stays = by_member[member_id]
        if len(stays) == 1 and stays[0].start <= before and stays[0].end is None:
            # on the list all through the period (most members): in A and in D, nothing else
            on_a.append(member_id)
            on_d.append(member_id)
        else:
            flows.member_flows(out, member_id, stays, facts.get(member_id, {}), start, end)
    out.counts["A"], out.counts["D"] = len(on_a), len(on_d)
    for key in ("A", "D"):
        if not out.members[key]:
            del out.members[key], out.counts[key]
    return out
