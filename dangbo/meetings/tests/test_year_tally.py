"""The closed years' tally: written by ``services.year_tally_fill``, read by the nine indicators, voided by the
database triggers whenever anything it was counted from changes — so a read is always the live count."""

import datetime as dt
import importlib

import pytest
from django.core.management import call_command
from django.db import connection

from dangbo.core.dates import today
from dangbo.core.exceptions import DomainError
from dangbo.core.periods import half, year
from dangbo.meetings import services
from dangbo.meetings.models import YearTally
from dangbo.meetings.selectors.year_tally import live, year_figures
from dangbo.members.models import Member
from dangbo.members.services import event_record, member_update
from dangbo.orgs import services as org_services
from dangbo.orgs.models import Org, OrgPlacement
from dangbo.targets import registry
from dangbo.targets.registry import measure

pytestmark = pytest.mark.django_db
D = dt.date
Y = year(2024)
CODES = [c for c, ind in registry.REGISTRY.items() if ind.source == "dangbo.meetings.indicators"]


def nine(org):
    with registry.shared():
        return {code: measure(code, org=org, period=Y) for code in CODES}


def rows():
    return dict(YearTally.objects.filter(year=2024).values_list("org_id", "id"))


@pytest.fixture
def filled(people2024, admin):
    t = people2024
    before = nine(t.district)
    written = services.year_tally_fill(actor=admin, org=t.district, year=2024)
    assert written == Org.objects.filter(path__startswith=t.district.path).count()
    return t, before


def test_filled_year_reads_the_same_figures(filled, admin):
    t, before = filled
    assert len(CODES) == 9
    assert nine(t.district) == before
    assert year_figures(t.district, Y, today()) == live(t.district, Y, today())
    kids = list(Org.objects.get_children(t.district))
    for code in CODES:
        alone = {kid.pk: measure(code, org=kid, period=Y) for kid in kids}
        assert registry.measure_children(code, org=t.district, period=Y, kids=kids) == alone, code
    assert services.year_tally_fill(actor=admin, org=t.district, year=2024) == 0  # nothing missing


def test_reads_come_from_the_rows(filled):
    t, before = filled
    YearTally.objects.filter(org=t.cell1, year=2024).update(good=100)  # a row no write path would leave
    m = measure("meeting_rating_distribution", org=t.district, period=Y)
    assert (m.numerator, m.denominator) == (before["meeting_rating_distribution"].numerator + 100 - 12,
                                            before["meeting_rating_distribution"].denominator + 100 - 12)


def test_nine_read_in_a_few_queries(filled, django_assert_max_num_queries):
    t, _ = filled
    with registry.shared(), django_assert_max_num_queries(4):  # any row of the year, the root, its orgs, their rows
        for code in CODES:
            measure(code, org=t.district, period=Y)


def test_open_years_and_other_periods_are_counted_live(people2024, admin):
    people = people2024
    with pytest.raises(DomainError) as refused:
        services.year_tally_fill(actor=admin, org=people.district, year=today().year)
    assert f"31/01/{today().year + 1}" in refused.value.message
    services.year_tally_fill(actor=admin, org=people.district, year=2024)
    assert year_figures(people.district, Y, today()) is not None
    assert year_figures(people.district, year(2023), today()) is None  # never filled
    assert year_figures(people.district, half(2024, 2), today()) is None  # not a whole year


WRITES = {
    # what changes -> (the write, the orgs whose 2024 row it must void)
    "meeting": (lambda t, y, admin: services.meeting_save(
        actor=admin, org=t.cell2, kind="regular", date=D(2024, 3, 27), conclusion="Kết luận"), ["cell2"]),
    "level": (lambda t, y, admin: services.level_record(
        actor=admin, meeting=y.meetings[(t.cell2.pk, "regular", D(2024, 2, 1))], level="good"), ["cell2"]),
    "schedule": (lambda t, y, admin: services.schedule_set(
        actor=admin, org=t.commune, kind="fixed", start_day=26, valid_from=D(2024, 8, 1)), ["*"]),
    "committee": (lambda t, y, admin: org_services.term_open(
        actor=admin, org=t.cell2, name="2024–2027", starts_on=D(2024, 6, 1)), ["cell2"]),
    "exemption": (lambda t, y, admin: event_record(
        actor=admin, member=t.people["Bình"], kind="exempt", date=D(2024, 9, 1)), ["cell1"]),
    "transfer": (lambda t, y, admin: event_record(
        actor=admin, member=t.people["E"], kind="transfer", date=D(2024, 11, 1), org=t.cell1), ["cell1", "cell2"]),
    "category": (lambda t, y, admin: member_update(
        actor=admin, member=t.people["Phúc"], data={"category": "cbccvc"}), ["cell2"]),
    "task": (lambda t, y, admin: services.task_assign(
        actor=admin, member=t.people["E"], title="Phụ trách tổ", assigned_on=D(2024, 11, 2)), ["cell2"]),
    "paper": (lambda t, y, admin: services.paper_record(
        actor=admin, member=t.people["Phúc"], year=2024, kind="plan", signed_on=D(2024, 2, 1)), ["cell2"]),
    "liaison": (lambda t, y, admin: services.liaison_record(
        actor=admin, member=t.people["Hạnh"], year=2024, residence_cell=t.cell1, introduced_on=D(2024, 2, 1),
        confirmed_on=D(2024, 12, 5), comment="Tốt"), ["agency"]),
    "founding": (lambda t, y, admin: org_services.org_reclassify(
        actor=admin, org=y.company, type=y.company.type, kind=t.agency.kind, on=D(2024, 12, 1)), ["company"]),
}


@pytest.mark.parametrize("change", sorted(WRITES))
def test_every_write_voids_what_it_changes_and_the_read_stays_exact(filled, admin, year2024, change):
    t, _ = filled
    names = {"cell1": t.cell1, "cell2": t.cell2, "agency": t.agency, "company": year2024.company}
    t.people = {m.full_name.split()[-1]: m for m in Member.objects.all()}
    write, voided = WRITES[change]
    kept_before = rows()
    write(t, year2024, admin)
    after = rows()
    if voided == ["*"]:
        assert after == {}
        assert year_figures(t.district, Y, today()) is None  # nothing left: counted live by the caller
    else:
        assert set(kept_before) - set(after) == {names[n].pk for n in voided}
        assert year_figures(t.district, Y, today()) == live(t.district, Y, today())
    with_rows = nine(t.district)
    services.year_tally_fill(actor=admin, org=t.district, year=2024)
    assert nine(t.district) == with_rows


def test_unrelated_edits_keep_the_rows(filled, admin):
    t, _ = filled
    before = rows()
    an = Member.objects.get(full_name="Nguyễn Văn An")
    member_update(actor=admin, member=an, data={"occupation": "Giáo viên"})
    assert rows() == before


def test_command_fills_the_closed_years_once(people2024):
    call_command("meeting_year_tally", year=[2024])
    n = len(rows())
    on = D(2024, 12, 31)
    assert n == OrgPlacement.objects.filter(valid_from__lte=on).exclude(valid_to__lte=on).count()
    call_command("meeting_year_tally", year=[2024])
    assert len(rows()) == n


def test_every_trigger_is_in_place():
    """A later migration that rebuilds one of these tables (SQLite copies it into a new one) would drop its
    triggers silently and leave stale rows: this names any that went missing."""
    spec = importlib.import_module("dangbo.meetings.migrations.0002_year_tally")
    wanted = {f"meetings_yt_{table}_{op}" for table in spec.rules("sqlite") for op in ("insert", "delete", "update")}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        present = {name for (name,) in cursor.fetchall()}
    assert wanted - present == set()
