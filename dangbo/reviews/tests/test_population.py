"""Issue 7, point 3: a year's campaign counts the members and rated orgs of the subtree as they stood on the
review date of that year (31/12), wherever they are now; refreshing recomputes against that day."""

import datetime as dt

import pytest

from dangbo.members.choices import EventKind
from dangbo.members.services import event_record
from dangbo.orgs.services import org_transfer
from dangbo.reviews import services
from dangbo.reviews.choices import Exclusion, Level, Status, Subject
from dangbo.reviews.models import Assessment
from dangbo.structure.services import org_merge

D = dt.date


@pytest.fixture
def history(tree, admin):
    """Members of 2025 and what happened to them in 2026, after the year under review."""
    m = {
        "stay": tree.member("Nguyễn Văn An", org=tree.cell1),
        "died": tree.member("Trần Văn Bình", org=tree.cell1),
        "moved_out": tree.member("Lê Văn Cường", org=tree.cell1),
        "moved_in": tree.member("Phạm Văn Dũng", org=tree.other_cell),
        "merged": tree.member("Hoàng Văn Em", org=tree.cell2),
        "exempt_later": tree.member("Vũ Văn Phong", org=tree.cell1),
        "new_2025": tree.member("Lý Thị Mới", org=tree.cell2, gender="F", admitted=D(2025, 9, 1), official=None),
        "admitted_2026": tree.member("Đặng Thị Sau", org=tree.cell1, gender="F", admitted=D(2026, 3, 1),
                                     official=None),
    }
    org_merge(actor=admin, sources=[tree.cell2], into=tree.cell1, on=D(2026, 1, 15))
    event_record(actor=admin, member=m["died"], kind=EventKind.DEATH, date=D(2026, 2, 10))
    event_record(actor=admin, member=m["moved_out"], kind=EventKind.TRANSFER, date=D(2026, 3, 1), org=tree.other_cell)
    event_record(actor=admin, member=m["moved_in"], kind=EventKind.TRANSFER, date=D(2026, 3, 1), org=tree.cell1)
    event_record(actor=admin, member=m["exempt_later"], kind=EventKind.EXEMPT, date=D(2026, 2, 1))
    return m


def open_2025(tree, admin):
    return services.campaign_open(actor=admin, org=tree.district, year=2025, opens_on=D(2025, 11, 15))


def members_2025():
    return {a.member.full_name: a for a in Assessment.objects.filter(year=2025, subject=Subject.MEMBER)
            .select_related("member", "org", "approver")}


def test_the_2025_campaign_lists_the_members_and_orgs_of_31_12_2025(tree, admin, history):
    open_2025(tree, admin)
    rows = members_2025()
    assert set(rows) == {"Nguyễn Văn An", "Trần Văn Bình", "Lê Văn Cường", "Hoàng Văn Em", "Vũ Văn Phong",
                         "Lý Thị Mới"}  # not the 2026 admission nor the member who came in 2026; the dead are there
    # units and approvers of that day, wherever they are now
    assert rows["Lê Văn Cường"].org == tree.cell1 and rows["Lê Văn Cường"].approver == tree.commune
    assert rows["Hoàng Văn Em"].org == tree.cell2 and rows["Hoàng Văn Em"].approver == tree.commune
    # exclusions of that day: exempt only from 2026 is rated; admitted 09/2025 is not (R1)
    assert rows["Vũ Văn Phong"].status == Status.DRAFT and rows["Vũ Văn Phong"].exclusion == ""
    assert rows["Lý Thị Mới"].exclusion == Exclusion.NEW_MEMBER
    assert rows["Trần Văn Bình"].status == Status.DRAFT
    # the cell merged away in 01/2026 was a rated chi bộ on 31/12/2025
    merged = Assessment.objects.get(year=2025, subject_org=tree.cell2)
    assert merged.approver == tree.commune and merged.status == Status.DRAFT


def test_refresh_recomputes_against_the_review_date(tree, admin, history):
    open_2025(tree, admin)
    stale = Assessment.objects.create(  # what the campaign used to create: today's headcount
        year=2025, subject=Subject.MEMBER, member=history["admitted_2026"], org=tree.cell1, approver=tree.commune,
        regulation="366-QĐ/TW", status=Status.EXCLUDED, exclusion=Exclusion.NEW_MEMBER)
    moved = Assessment.objects.get(year=2025, member=history["moved_out"])
    Assessment.objects.filter(pk=moved.pk).update(org=tree.other_cell, approver=tree.other_commune)
    entered = Assessment.objects.get(year=2025, member=history["stay"])
    services.assessment_self(actor=admin, assessment=entered, level=Level.GOOD)
    again = open_2025(tree, admin)
    assert (again.added, again.removed) == (0, 1)
    assert not Assessment.objects.filter(pk=stale.pk).exists()
    moved.refresh_from_db()
    assert (moved.org, moved.approver) == (tree.cell1, tree.commune)
    entered.refresh_from_db()
    assert entered.self_level == Level.GOOD and entered.status == Status.SELF_ASSESSED


def test_a_campaign_over_a_chi_bo_truc_thuoc_is_decided_by_its_grassroots_committee(tree, admin, history):
    services.campaign_open(actor=admin, org=tree.cell1, year=2025, opens_on=D(2025, 11, 15))
    a = Assessment.objects.get(year=2025, member=history["stay"])
    assert (a.org, a.approver) == (tree.cell1, tree.commune)
    assert Assessment.objects.get(year=2025, subject_org=tree.cell1).approver == tree.commune
    assert not Assessment.objects.filter(year=2025, member=history["merged"]).exists()  # in cell2 on 31/12/2025


def test_progress_counts_an_org_where_it_stood_on_the_review_date(tree, admin):
    from dangbo.reviews import selectors

    tree.member("Nguyễn Văn An", org=tree.cell2)
    tree.member("Lý Thị Mới", org=tree.cell2, gender="F", admitted=D(2025, 9, 1), official=None)
    org_transfer(actor=admin, org=tree.cell2, new_parent=tree.other_commune, on=D(2026, 2, 1))
    campaign = open_2025(tree, admin)
    rows, total = selectors.campaign_progress(user=admin, campaign=campaign, anchors=[tree.commune])
    by_name = {r.org.name: r for r in rows}
    assert by_name["Chi bộ thôn Păng Tiêng"].members.total == 2 and total.members.to_review == 1
    excluded = selectors.excluded_list(user=admin, campaign=campaign, anchors=[tree.commune])
    assert [a.member.full_name for a in excluded if a.member_id] == ["Lý Thị Mới"]
