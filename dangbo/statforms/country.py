"""The country's set, as the Central Organization Commission receives it: the figures are built from the
grassroots upward (11-HD/BTCTW; FORMS.md §2), so the country's figure of every cell is the sum of the sets of the
orgs directly under the Central Committee (the provinces and the party committees under it) — those of the
period's end for the period, those of the year before's end for its column. Each org's set is its own live set
(``sets.measured_set``); they do not depend on each other, so they run on several processes (``workers``).
Nobody's members are listed behind a country's figure: the drill-down is the provinces' own."""

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings

from dangbo.accounts.scope import scope_for
from dangbo.core.exceptions import DomainError
from dangbo.core.parallel import spread
from dangbo.core.periods import Period
from dangbo.orgs.models import Org
from dangbo.orgs.selectors import roots_on
from dangbo.statforms import rules, sets, tables
from dangbo.statforms.definitions import guidance_on
from dangbo.statforms.flows import Flows

NAME = "Toàn quốc"


@dataclass
class Sum:
    """The figures of one form (one column: the period or the year before) added over several orgs: the counts,
    and each average as its (sum, count) — an average of averages would be wrong."""

    counts: Counter
    means: dict[str, tuple[int, int]]

    @classmethod
    def of(cls, flows: Flows) -> "Sum":
        counts = Counter()
        for key, value in flows.counts.items():
            if key in flows.means:
                continue
            if not isinstance(value, int):  # a figure that cannot be added must not be added silently
                raise TypeError(f"{key}: {value!r} is neither a count nor an average")
            counts[key] = value
        return cls(counts, dict(flows.means))

    def add(self, other: "Sum") -> None:
        self.counts.update(other.counts)
        for key, (total, count) in other.means.items():
            mine = self.means.get(key, (0, 0))
            self.means[key] = (mine[0] + total, mine[1] + count)

    def flows(self, note: str = "") -> Flows:
        out = Flows(counts=Counter(self.counts), means=dict(self.means))
        for key, (total, count) in self.means.items():
            out.counts[key] = Fraction(total, count) if count else None
        out.note = note  # a yearly form asked for half a year says which year it shows, as each org's does
        return out


def _one(task: tuple) -> dict[str, tuple[Sum, Sum, str]]:
    """One org's set as sums (run in a worker process: module-level, its arguments pickled)."""
    user, org_pk, period = task
    org = Org.objects.get(pk=org_pk)
    return {code: (Sum.of(now), Sum.of(before), getattr(now, "note", ""))
            for code, _, now, before in sets.measured_set(user=user, org=org, period=period)}


def units(period: Period) -> tuple[list[Org], set[int], set[int]]:
    """The orgs directly under the Central Committee at the period's end and at the year before's end (the
    biggest first: the workers finish together), and the ids of each."""
    now = {o.pk: o for o in roots_on(period.end)}
    before = {o.pk: o for o in roots_on(tables.year_before(period).end)}
    both = sorted({**before, **now}.values(), key=lambda o: (-o.numchild, o.path))
    return both, set(now), set(before)


def country_set(*, user, period: Period, workers: int | None = None, progress=None) -> sets.FormSet:
    """The whole set for the country: only an administrator of the whole system sees every province."""
    if not scope_for(user).is_admin:
        raise DomainError("Cả bộ biểu toàn quốc chỉ dành cho quản trị hệ thống (người xem được mọi tỉnh, thành).",
                          field="org")
    guidance = guidance_on(period.end)
    orgs, now_ids, before_ids = units(period)
    totals = {code: (Sum(Counter(), {}), Sum(Counter(), {})) for code in guidance.forms}
    notes: dict[str, str] = {}
    names = {o.pk: o.name for o in orgs}
    workers = settings.DANGBO_WORKERS if workers is None else workers
    for done, ((_, org_pk, _), parts) in enumerate(
            spread(_one, [(user, o.pk, period) for o in orgs], workers=workers), start=1):
        for code, (now, before, note) in parts.items():
            if org_pk in now_ids:
                totals[code][0].add(now)
                notes[code] = notes.get(code) or note
            if org_pk in before_ids:
                totals[code][1].add(before)
        if progress is not None:
            progress(done, len(orgs), names[org_pk])
    country = Org(name=NAME, path="")  # never saved: the country is no org of the tree
    made = [tables.assemble(guidance, form, country, period, totals[code][0].flows(notes.get(code, "")),
                            totals[code][1].flows()) for code, form in guidance.forms.items()]
    return sets.FormSet(country, period, made, rules.across({t.form.code: t.figures() for t in made},
                                                           guidance.forms))
