"""A form set: every form of the guidance in force at a period's end, for one org — what a committee sends
together at the end of a half-year or a year."""

from dangbo.core.periods import Period
from dangbo.orgs.models import Org
from dangbo.statforms import population, tables


def form_set(user, org: Org, period: Period) -> list[tables.Table]:
    """Every form of ``tables.guidance_on(period.end)`` for ``org`` in ``period``, in the guidance's order (each
    scoped by its measure), the same tables ``tables.form_table`` gives one by one. The forms and their
    year-before columns share the reads (``population.sharing``: one read of the registrations per org for the
    period and the year before, each measure once per period) for as long as the set takes: nothing is kept
    after it, the figures are always live."""
    previous = tables.year_before(period)
    with population.sharing(previous.start - population.ONE, period.end):
        return [tables.form_table(user=user, org=org, code=code, period=period)
                for code in tables.guidance_on(period.end).forms]
