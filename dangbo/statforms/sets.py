"""The whole set of forms a committee sends for a period (FORMS.md §2): every form of the guidance in force at the
period's end for one org, and the checks between them (Biểu 3 total = Biểu 1 D = Biểu 5 members…)."""

from dataclasses import dataclass

from dangbo.core.collector import gc_paused
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


def measured_set(*, user, org: Org, period: Period, progress=None):
    """``(code, form, now, before)`` for every form of the guidance for ``org`` and ``period``, in the guidance's
    order, through the user's scope. The forms and their year-before columns share the reads
    (``population.sharing``: one read of the registrations per org for the period and the year before, each measure
    once per period) for as long as the set takes: nothing is kept after it, the figures are always live.
    ``progress(done, total, step)``, when given, is told after each form (a job's progress bar)."""
    guidance = guidance_on(period.end)
    previous = tables.year_before(period)
    # the collector paused for the whole set, not form by form: resumed between forms, its first pass walked the
    # millions of objects the set keeps shared (0,2 s of a province's 2,5 s), and found nothing — they hold no cycle
    with gc_paused(), population.sharing(previous.start - population.ONE, period.end):
        for done, (code, form) in enumerate(guidance.forms.items(), start=1):
            now, before = tables.measured(user=user, org=org, form=form, period=period)
            yield code, form, now, before
            if progress is not None:
                progress(done, len(guidance.forms), form.number)


def form_set(*, user, org: Org, period: Period, progress=None) -> FormSet:
    """Every form of the guidance for ``org`` and ``period`` (``measured_set``), the same tables
    ``tables.form_table`` gives one by one, and the checks between them."""
    guidance = guidance_on(period.end)
    made = [tables.assemble(guidance, form, org, period, now, before)
            for _, form, now, before in measured_set(user=user, org=org, period=period, progress=progress)]
    return FormSet(org, period, made, rules.across({t.form.code: t.figures() for t in made}, guidance.forms))
