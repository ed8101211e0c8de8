"""The whole set of forms a committee sends for a period (FORMS.md §2): every form of the guidance in force at the
period's end for one org, and the checks between them (Biểu 3 total = Biểu 1 D = Biểu 5 members…)."""

from dataclasses import dataclass

from dangbo.core.periods import Period
from dangbo.orgs.models import Org
from dangbo.statforms import population, rules, tables
from dangbo.statforms.definitions import guidance_on


@dataclass(frozen=True)
class FormSet:
    org: Org
    period: Period
    tables: list[tables.Table]
    across: list[str]  # the checks between the forms that fail, naming both figures

    @property
    def broken(self) -> list[str]:
        """Every failed check of the set: each form's own, then those between forms."""
        return [f"{t.form.number}: {b}" for t in self.tables for b in t.broken] + self.across


def form_set(*, user, org: Org, period: Period, progress=None) -> FormSet:
    """Every form of the guidance for ``org`` and ``period``, in the guidance's order, through the user's scope —
    the same tables ``tables.form_table`` gives one by one. The forms and their year-before columns share the
    reads (``population.sharing``: one read of the registrations per org for the period and the year before,
    each measure once per period) for as long as the set takes: nothing is kept after it, the figures are always
    live. ``progress(done, total, step)``, when given, is told after each form (a job's progress bar)."""
    forms = guidance_on(period.end).forms
    previous = tables.year_before(period)
    with population.sharing(previous.start - population.ONE, period.end):
        made = []
        for code in forms:
            made.append(tables.form_table(user=user, org=org, code=code, period=period))
            if progress is not None:
                progress(len(made), len(forms), made[-1].form.number)
    across = rules.across({t.form.code: t.figures() for t in made}, forms)
    return FormSet(org, period, made, across)
