"""The measures a form's rows are read from (``measure`` in its definition), each scoped: the acting user must
see the org. Each returns ``flows.Flows``: the figure of every row and the members behind it."""

import datetime as dt

from dangbo.accounts.scope import scope_for
from dangbo.orgs.models import Org
from dangbo.statforms import flows, population


def increases_decreases(*, user, org: Org, start: dt.date, end: dt.date) -> flows.Flows:
    """Biểu 1 of ``org`` for ``start``…``end``: A on the list the day before, B entries, C exits, D at the end —
    each row with the members behind it."""
    scope_for(user).require_path(org.path)
    by_member, facts = population.stays(org, start, end)
    out = flows.Flows()
    for member_id in sorted(by_member):
        flows.member_flows(out, member_id, by_member[member_id], facts.get(member_id, {}), start, end)
    return out
