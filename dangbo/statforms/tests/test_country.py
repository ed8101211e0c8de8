"""The country's set (``country.country_set``): every cell the sum of the sets of the orgs at the top of the tree —
averages as exact means over everyone, not means of means — computed here and on forked processes alike; only an
administrator may ask for it, and the background job makes the file."""

import datetime as dt
import io
from collections import Counter
from fractions import Fraction

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.core import periods
from dangbo.core.exceptions import DomainError
from dangbo.core.parallel import spread
from dangbo.core.testing import Role, otype, user_with
from dangbo.jobs import services as job_services
from dangbo.jobs.choices import JobStatus
from dangbo.jobs.models import Job
from dangbo.members.models import Member
from dangbo.members.services import event_record
from dangbo.orgs.services import org_create
from dangbo.statforms import country, sets
from dangbo.statforms.files import COUNTRY_JOB

pytestmark = pytest.mark.django_db
D = dt.date
YEAR_2025 = "bieu=1&ky=year&nam=2025"


@pytest.fixture
def two(tree, year):
    """The ``year`` fixture in Lâm Đồng, and a second province with a cell of three members: one born in 1960, one
    admitted in 2025, one who died in 2025."""
    a = tree.actor
    other = org_create(actor=a, parent=None, name="Đảng bộ tỉnh Khánh Hòa", type=otype("dang_bo_tinh"),
                       founded_on=D(2015, 1, 1))
    cell = org_create(actor=a, parent=other, name="Chi bộ Sở Tư pháp", type=otype("chi_bo_co_so"),
                      founded_on=D(2015, 1, 1))
    tree.member("Lê Văn Cao", org=cell, born=D(1960, 4, 4))
    tree.member("Mai Thị Xuân", org=cell, gender="F", born=D(2000, 1, 1), admitted=D(2025, 5, 5), official=None)
    gone = tree.member("Trịnh Văn Mất", org=cell)
    event_record(actor=a, member=gone, kind="death", date=D(2025, 8, 1))
    other.refresh_from_db()
    return [tree.province, other]


def summed(tree, provinces, period) -> dict[str, Counter]:
    out: dict[str, Counter] = {}
    for p in provinces:
        for t in sets.form_set(user=tree.actor, org=p, period=period).tables:
            out.setdefault(t.form.code, Counter()).update(
                {k: v for k, v in t.figures().items() if isinstance(v, int)})
    return out


def test_every_cell_is_the_sum_of_the_provinces(tree, two):
    period = periods.year(2025)
    whole = country.country_set(user=tree.actor, period=period, workers=1)
    assert whole.org.name == "Toàn quốc" and whole.across == []
    expected = summed(tree, two, period)
    assert [t.form.code for t in whole.tables] == list(expected)
    for table in whole.tables:
        got = {k: v for k, v in table.figures().items() if isinstance(v, int)}
        assert got == {k: expected[table.form.code].get(k, 0) for k in got}, table.form.code
    form1 = next(t for t in whole.tables if t.form.code == "1").figures()
    # Lâm Đồng (conftest ``year``; the move to huyện Đam Rông stays inside the province): A 6, B1 1, C1 1, C3 1,
    # D 5; Khánh Hòa: A 2 (the newcomer came in 2025), B1 1, C1 1, D 2
    assert (form1["A"], form1["B1"], form1["C1"], form1["C3"], form1["D"]) == (8, 2, 2, 1, 7)
    before = {line.row.key: line.before for t in whole.tables if t.form.code == "1" for line in t.lines}
    assert before["D"] == 8  # the year before: 31/12/2024, both provinces


@pytest.mark.django_db(transaction=True)
def test_forked_processes_give_the_same_set(tree, two):
    """Outside a transaction the provinces run on two forked processes, each with its own connection; inside
    one (``test_every_cell…``) everything runs here: a forked process would not see what is not committed."""
    period = periods.year(2025)
    forked = country.country_set(user=tree.actor, period=period, workers=2)
    here = country.country_set(user=tree.actor, period=period, workers=1)
    assert [t.figures() for t in forked.tables] == [t.figures() for t in here.tables]
    assert [[line.before for line in t.lines] for t in forked.tables] == [
        [line.before for line in t.lines] for t in here.tables]
    assert Member.objects.filter(org=tree.cell1).exists()  # the parent's connection works after the processes


def test_an_average_is_the_mean_over_everyone(tree, two):
    """The average age of form 3 is Σ ages / n over both provinces, not the mean of the two provinces' means."""
    period = periods.year(2025)
    whole = country.country_set(user=tree.actor, period=period, workers=1)
    form3 = next(t for t in whole.tables if t.form.code == "3")
    key = next(line.row.key for line in form3.lines if line.row.average)
    parts = [sets.form_set(user=tree.actor, org=p, period=period) for p in two]
    means = [next(t for t in s.tables if t.form.code == "3").lines for s in parts]
    n = [next(line.now for line in lines if line.row.key == "1") for lines in means]
    avg = [next(line.now for line in lines if line.row.key == key) for lines in means]
    exact = (avg[0] * n[0] + avg[1] * n[1]) / (n[0] + n[1])
    got = next(line.now for line in form3.lines if line.row.key == key)
    assert isinstance(got, Fraction) and got == exact and got != (avg[0] + avg[1]) / 2


def test_only_an_administrator_may_ask(tree, two):
    commission = user_with(Role.ORG_COMMISSION, org=tree.province)
    with pytest.raises(DomainError, match="quản trị hệ thống"):
        country.country_set(user=commission, period=periods.year(2025), workers=1)


def test_a_sum_refuses_what_cannot_be_added():
    from dangbo.statforms.flows import Flows

    with pytest.raises(TypeError):
        country.Sum.of(Flows(counts=Counter({"x": Fraction(1, 3)})))


def _square(n):
    return n * n


def test_spread_gives_every_result_on_processes_and_here():
    assert sorted(spread(_square, range(6), workers=2)) == [(n, n * n) for n in range(6)]
    assert list(spread(_square, [3, 1], workers=1)) == [(3, 9), (1, 1)]


def test_the_job_makes_the_file_and_the_button_is_the_administrators(tree, two, client,
                                                                     django_capture_on_commit_callbacks):
    commission = user_with(Role.ORG_COMMISSION, org=tree.province)
    client.force_login(commission)
    page = client.get(f"{reverse('statforms:table')}?org={tree.province.pk}&{YEAR_2025}").content.decode()
    assert 'id="set-job"' in page and 'id="country-job"' not in page
    assert client.post(f"{reverse('statforms:country_job')}?{YEAR_2025}&tai=bo-xlsx").status_code == 404
    client.force_login(tree.actor)
    page = client.get(f"{reverse('statforms:table')}?org={tree.province.pk}&{YEAR_2025}").content.decode()
    assert 'id="country-job"' in page
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(f"{reverse('statforms:country_job')}?{YEAR_2025}&tai=bo-xlsx")
    job = Job.objects.get(kind=COUNTRY_JOB)
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    job_services.job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    assert job.result_name == "bo-bieu-toan-quoc-31-12-2025.xlsx"
    book = load_workbook(io.BytesIO(job.result))
    cells = [c.value for ws in book for row in ws.iter_rows() for c in row if c.value is not None]
    assert "BAN CHẤP HÀNH TRUNG ƯƠNG" in cells and "BAN TỔ CHỨC TRUNG ƯƠNG" in cells
    assert book.sheetnames[0] == "Biểu 1" and len(book.sheetnames) >= 8
