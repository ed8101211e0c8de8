"""The statistics forms of the demo district (issue 10, Deliver 7), finalised through ``statforms.services``
(audited, each form's checks holding, or the write is refused) as they would have been sent: the district's
whole set for 2024 and for the first half of 2025, and the half year's set of its first grassroots orgs in tree
order — the others have not finalised yet, so the district's page of its children shows both states (and
``make run`` stays quick: a grassroots set takes about half a second).

Deterministic: the same orgs every run; a district that has finalised forms is left alone."""

from dangbo.core.periods import half, year
from dangbo.orgs.models import Org
from dangbo.orgs.selectors import tree_on
from dangbo.statforms import services
from dangbo.statforms.definitions import guidance_on
from dangbo.statforms.models import FormSnapshot

PERIODS = (year(2024), half(2025, 1))
ON_TIME = 12  # grassroots orgs that finalised the half year


def create(*, actor, district: Org) -> dict[str, int]:
    """Finalise the district's sets of both periods and the half year's sets of its first grassroots orgs."""
    if FormSnapshot.objects.filter(org=district).exists():
        return {}
    written = {}
    for period in PERIODS:
        orgs = [district]
        if period is PERIODS[-1]:
            orgs += [p.org for p in tree_on(user=actor, org=district, on=period.end).select_related("org__type")
                     if p.org.type.is_grassroots][:ON_TIME]
        for org in orgs:
            for code in guidance_on(period.end).forms:
                services.form_finalise(actor=actor, org=org, code=code, period=period)
        written[period.label] = len(orgs)
    return written
