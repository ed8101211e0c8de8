"""``RatingTally`` is exactly the assessments counted, whatever wrote them: services, bulk_create, queryset
updates that move a count between units or states, deletes. Its triggers survive every migration."""

import pytest
from django.db import connection
from django.db.models import Count

from dangbo.reviews.choices import Exclusion, Level, Status, Subject
from dangbo.reviews.models import Assessment, RatingTally, RemediationPlan

from .test_stats import Rated, random_year

pytestmark = pytest.mark.django_db
KEY = ("year", "org_id", "subject", "exclusion", "final_level")


def counted() -> dict:
    return {tuple(row[k] for k in KEY): row["n"]
            for row in Assessment.objects.order_by().values(*KEY).annotate(n=Count("*"))}


def tally() -> dict:
    rows = RatingTally.objects.values_list(*KEY, "n")
    assert all(row[-1] > 0 for row in rows)  # a count that reaches zero is removed
    return {tuple(row[:-1]): row[-1] for row in rows}


def test_services_keep_the_tally_exact(tree, admin):
    Rated(tree, admin)
    assert tally() == counted() and sum(tally().values()) == Assessment.objects.count() > 20


def test_bulk_create_keeps_the_tally_exact(tree, admin):
    random_year(tree, admin, 7)
    assert tally() == counted() and sum(tally().values()) == Assessment.objects.count() > 40


def test_updates_move_counts_and_deletes_remove_them(tree, admin):
    Rated(tree, admin)
    members = Assessment.objects.filter(subject=Subject.MEMBER).order_by("id")
    first = members.first()
    Assessment.objects.filter(pk=first.pk).update(final_level=Level.NOT_COMPLETED)
    assert tally() == counted()
    Assessment.objects.filter(pk__in=members.values("pk")[:3]).update(
        exclusion=Exclusion.EXEMPT, final_level="", status=Status.EXCLUDED)
    assert tally() == counted()
    Assessment.objects.filter(org=tree.cell1).update(org=tree.cell2)  # a unit's counts move to another
    assert tally() == counted()
    Assessment.objects.filter(pk__in=members.values("pk")[:2]).update(year=2022)
    assert tally() == counted()
    a = members.last()
    a.self_comment = "đã sửa"  # a save that changes no counted column moves nothing
    a.save()
    assert tally() == counted()
    RemediationPlan.objects.all().delete()  # plans protect their assessments
    Assessment.objects.filter(org=tree.cell2).delete()
    assert tally() == counted()
    Assessment.objects.all().delete()
    assert tally() == {} == counted()


def test_the_triggers_survive_every_migration():
    """SQLite drops a table's triggers when a migration rebuilds the table: this fails if one ever does."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'reviews_assessment'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'reviews_assessment'::regclass "
                           "AND NOT tgisinternal")
        names = {row[0] for row in cursor.fetchall()}
    assert names == {"reviews_tally_insert", "reviews_tally_delete", "reviews_tally_update"}
