"""The forms as files (XLSX, PDF), for a download on the page and for the background job that makes a large org's
whole set (``jobs``: a province or the country takes minutes)."""

import datetime as dt

from dangbo.core.dates import today
from dangbo.core.periods import Period
from dangbo.core.text import fold
from dangbo.core.xlsx import CONTENT_TYPE as XLSX
from dangbo.jobs.runners import Output, runner
from dangbo.orgs import selectors as org_selectors
from dangbo.orgs.models import Org
from dangbo.orgs.names import committee_of, place_of
from dangbo.statforms import pdf, sets, tables, xlsx

PDF = "application/pdf"
SET_JOB = "statforms_set"


def layout(org: Org) -> dict:
    """Who sends the forms, for their head and footer: the committee over "Ban Tổ chức", the place, today."""
    return {"place": org.place or place_of(org.name), "reporting_body": "Ban Tổ chức",
            "superior": committee_of(org.name).name, "made_on": today()}


def tables_file(org: Org, found: list[tables.Table], *, kind: str, whole: bool, across=()) -> Output:
    """The form (or the set) as XLSX or PDF, named after the form, the org and the period's end."""
    first = found[0]
    what = "bo-bieu" if whole else f"bieu-{first.form.code}"
    name = f"{what}-{fold(org.name).replace(' ', '-')}-{first.period.end:%d-%m-%Y}.{kind}"
    if kind == "pdf":
        return Output(pdf.render(found, across=across, **layout(org)), name, PDF)
    return Output(xlsx.render(found, across=across, **layout(org)), name, XLSX)


@runner(SET_JOB)
def set_job(job, progress) -> Output:
    """The whole set of ``job.params`` (org, period, file kind), read with the job owner's scope."""
    params = job.params
    org = org_selectors.org_get(user=job.user, pk=params["org"])
    period = Period(params["period_kind"], dt.date.fromisoformat(params["start"]), dt.date.fromisoformat(params["end"]),
                    params["label"])
    found = sets.form_set(user=job.user, org=org, period=period, progress=progress)
    return tables_file(org, found.tables, kind=params["file"], whole=True, across=found.across)
