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
from dangbo.statforms import country, pdf, sets, tables, xlsx

PDF = "application/pdf"
SET_JOB = "statforms_set"
COUNTRY_JOB = "statforms_country"


def layout(org: Org) -> dict:
    """Who sends the forms, for their head and footer: the committee over "Ban Tổ chức", the place, today."""
    return {"place": org.place or place_of(org.name), "reporting_body": "Ban Tổ chức",
            "superior": committee_of(org.name).name, "made_on": today()}


def country_layout() -> dict:
    """The country's set is the Central Organization Commission's, under the Central Committee."""
    return {"place": "Hà Nội", "reporting_body": "Ban Tổ chức Trung ương", "superior": "Ban Chấp hành Trung ương",
            "made_on": today()}


def tables_file(org: Org, found: list[tables.Table], *, kind: str, whole: bool, across=(),
                head: dict | None = None) -> Output:
    """The form (or the set) as XLSX or PDF, named after the form, the org and the period's end; ``head``: who
    sends it (``layout(org)`` when not given)."""
    first = found[0]
    what = "bo-bieu" if whole else f"bieu-{first.form.code}"
    name = f"{what}-{fold(org.name).replace(' ', '-')}-{first.period.end:%d-%m-%Y}.{kind}"
    head = head or layout(org)
    if kind == "pdf":
        return Output(pdf.render(found, across=across, **head), name, PDF)
    return Output(xlsx.render(found, across=across, **head), name, XLSX)


def period_of(params: dict) -> Period:
    return Period(params["period_kind"], dt.date.fromisoformat(params["start"]), dt.date.fromisoformat(params["end"]),
                  params["label"])


@runner(SET_JOB)
def set_job(job, progress) -> Output:
    """The whole set of ``job.params`` (org, period, file kind), read with the job owner's scope."""
    params = job.params
    org = org_selectors.org_get(user=job.user, pk=params["org"])
    found = sets.form_set(user=job.user, org=org, period=period_of(params), progress=progress)
    return tables_file(org, found.tables, kind=params["file"], whole=True, across=found.across)


@runner(COUNTRY_JOB)
def country_job(job, progress) -> Output:
    """The country's set of ``job.params`` (period, file kind): every province's set, on several processes."""
    found = country.country_set(user=job.user, period=period_of(job.params), progress=progress)
    return tables_file(found.org, found.tables, kind=job.params["file"], whole=True, across=found.across,
                       head=country_layout())
