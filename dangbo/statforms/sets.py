"""A form set: every form of the guidance in force at a period's end, for one org — what a committee sends
together at the end of a half-year or a year."""

from dangbo.core.periods import Period
from dangbo.orgs.models import Org
from dangbo.statforms import population, tables


def form_set(user, org: Org, period: Period) -> list[tables.Table]:
    """Every form of ``tables.guidance_on(period.end)`` for ``org`` in ``period``, in the guidance's order (each
    scoped by its measure). The forms and their year-before columns share the reads of the registrations and
    facts for as long as the set takes (``population.sharing``): nothing is kept after it."""
    with population.sharing():
        return [tables.form_table(user=user, org=org, code=code, period=period)
                for code in tables.guidance_on(period.end).forms]
