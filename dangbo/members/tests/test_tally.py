"""``MemberTally`` is exactly the members counted, whatever wrote them: services, bulk_create, queryset updates
that move a count between orgs, statuses or exemption, raw SQL, deletes, and a bulk load that drops the triggers.
Its triggers survive every migration. The counts read from it are those of a GROUP BY over the members."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count, Q

from dangbo.demo.generator import generate
from dangbo.demo.writer import sqlite_bulk_mode
from dangbo.members.choices import MemberStatus
from dangbo.members.models import Member, MemberTally
from dangbo.members.selectors import org_counts, status_counts, tally_rows
from dangbo.orgs.models import Org
from dangbo.orgs.selectors import subtree_ids

pytestmark = pytest.mark.django_db
KEY = ("org_id", "status", "is_exempt")


def counted() -> dict:
    return {tuple(row[k] for k in KEY): row["n"]
            for row in Member.objects.filter(org__isnull=False).order_by().values(*KEY).annotate(n=Count("*"))}


def tally() -> dict:
    rows = MemberTally.objects.values_list(*KEY, "n")
    assert all(row[-1] > 0 for row in rows)  # a count that reaches zero is removed
    return {tuple(row[:-1]): row[-1] for row in rows}


def some_members(tree, n=6):
    orgs = [tree.cell1, tree.cell2, tree.agency, tree.other_cell]
    return [tree.member(f"Nguyễn Văn Số {i}", org=orgs[i % len(orgs)]) for i in range(n)]


def test_services_keep_the_tally_exact(tree):
    some_members(tree)
    assert tally() == counted() and sum(tally().values()) == Member.objects.count() == 6


def test_bulk_create_and_raw_sql_keep_the_tally_exact(tree):
    first = some_members(tree, 2)[0]
    copies = []
    for i, status in enumerate([MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY, MemberStatus.DECEASED] * 3):
        copy = Member.objects.get(pk=first.pk)
        copy.pk = None
        copy.cccd = None
        copy.status, copy.is_exempt, copy.org = status, i % 2 == 0, [tree.cell1, tree.agency, None][i % 3]
        copies.append(copy)
    Member.objects.bulk_create(copies)
    assert tally() == counted() and sum(tally().values()) == Member.objects.filter(org__isnull=False).count() == 8
    with connection.cursor() as cursor:
        cursor.execute("UPDATE members_member SET org_id = %s WHERE org_id = %s", [tree.other_cell.pk, tree.agency.pk])
    assert tally() == counted()


def copies_of(member, orgs) -> list[Member]:
    """Members written by ``bulk_create`` alone: no facts hold them, so deletes may remove them."""
    out = []
    for org in orgs:
        copy = Member.objects.get(pk=member.pk)
        copy.pk, copy.cccd, copy.org = None, None, org
        out.append(copy)
    return Member.objects.bulk_create(out)


def test_updates_move_counts_and_deletes_remove_them(tree):
    members = copies_of(tree.member(), [tree.cell1, tree.cell2, tree.agency, tree.other_cell, tree.cell1, tree.cell2])
    assert tally() == counted() and sum(tally().values()) == 7
    Member.objects.filter(pk=members[0].pk).update(status=MemberStatus.DECEASED)
    assert tally() == counted()
    Member.objects.filter(pk__in=[m.pk for m in members[:3]]).update(is_exempt=True)
    assert tally() == counted()
    Member.objects.filter(org=tree.cell1).update(org=tree.cell2)  # an org's counts move to another
    assert tally() == counted()
    Member.objects.filter(pk=members[1].pk).update(org=None)  # out of every subtree
    assert tally() == counted()
    Member.objects.filter(pk=members[1].pk).update(org=tree.agency, status=MemberStatus.PROBATIONARY)
    assert tally() == counted()
    m = Member.objects.get(pk=members[2].pk)
    m.occupation = "Giáo viên"  # a save that changes no counted column moves nothing
    m.save()
    assert tally() == counted()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM members_member WHERE id = %s", [members[3].pk])
    assert tally() == counted()
    Member.objects.filter(pk__in=[m.pk for m in members], org=tree.cell2).delete()
    assert tally() == counted()
    Member.objects.filter(pk__in=[m.pk for m in members]).delete()
    assert tally() == counted() and sum(tally().values()) == 1


def test_the_triggers_survive_every_migration():
    """SQLite drops a table's triggers when a migration rebuilds the table: this fails if one ever does."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'members_member' "
                           "AND name LIKE 'members_tally_%'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'members_member'::regclass "
                           "AND NOT tgisinternal AND tgname LIKE 'members_tally_%'")
        names = {row[0] for row in cursor.fetchall()}
    assert names == {"members_tally_insert", "members_tally_delete", "members_tally_update"}


def grouped(org_ids, statuses=None, by_org=False) -> list[dict]:
    """What the org page grouped before the tally: the members themselves."""
    qs = Member.objects.filter(org_id__in=org_ids)
    if statuses is not None:
        qs = qs.filter(status__in=statuses)
    keys = ("org_id", "status") if by_org else ("status",)
    return list(qs.order_by().values(*keys).annotate(n=Count("id"), exempt=Count("id", filter=Q(is_exempt=True))))


def as_set(rows) -> set:
    return {tuple(sorted(row.items())) for row in rows}


def test_counts_read_from_the_tally_are_the_member_group_by_on_a_generated_tree(admin):
    generate(size="district", seed=5, as_of=dt.date(2025, 6, 30), scale=0.05)
    # a few leave, a few are exempt, so every state has rows
    Member.objects.filter(id__in=list(Member.objects.order_by("id").values_list("id", flat=True))[::7][:40]).update(
        is_exempt=True)
    assert tally() == counted()
    root = Org.objects.get(depth=1)
    children = list(Org.objects.filter(path__startswith=root.path, depth=2))
    active = [MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY]
    for org in [root, *children]:
        ids = subtree_ids(org)
        assert as_set(tally_rows(ids)) == as_set(grouped(ids))
        assert as_set(tally_rows(ids, statuses=active, by_org=True)) == as_set(grouped(ids, active, by_org=True))
    out, totals = org_counts(parent=root, children=children)
    members = Member.objects.filter(org_id__in=subtree_ids(root), status__in=active)
    assert totals == {"official": members.filter(status=MemberStatus.OFFICIAL).count(),
                      "probationary": members.filter(status=MemberStatus.PROBATIONARY).count(),
                      "exempt": members.filter(is_exempt=True).count(), "active": members.count()}
    assert totals["active"] > 100 and totals["exempt"] > 0
    for child in children:
        mine = members.filter(org_id__in=subtree_ids(child))
        assert out[child.pk]["members"] == mine.count()
        assert out[child.pk]["exempt"] == mine.filter(is_exempt=True).count()
    status = status_counts(user=admin, org=root)
    assert status["active"] == totals["active"] and status["exempt"] == totals["exempt"]
    for value, n in Member.objects.filter(org_id__in=subtree_ids(root)).values_list("status").annotate(n=Count("id")):
        assert status[value] == n


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own loading mode; PostgreSQL loads by COPY")
def test_a_bulk_load_without_triggers_leaves_the_tally_exact(tree):
    copies_of(tree.member(), [tree.cell1, tree.cell2, tree.agency])
    with sqlite_bulk_mode():
        with connection.cursor() as cursor:
            # the triggers are dropped: nothing below moves a count until the load ends
            cursor.execute("UPDATE members_member SET org_id = %s", [tree.agency.pk])
            cursor.execute("DELETE FROM members_member WHERE id = (SELECT MAX(id) FROM members_member)")
        assert tally() != counted()
    assert tally() == counted() == {(tree.agency.pk, MemberStatus.OFFICIAL, False): 3}
