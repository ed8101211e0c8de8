"""Restructuring keeps history: the tree and the members of any subtree can be asked for any date."""

import datetime as dt

import pytest

from dangbo.accounts.models import AuditEntry
from dangbo.core.exceptions import DomainError
from dangbo.core.testing import okind, otype
from dangbo.members.selectors import members_on
from dangbo.orgs import services
from dangbo.orgs.models import Org, OrgEvent, OrgPlacement, OrgStatus
from dangbo.orgs.selectors import org_children, tree_on

D = dt.date


def names_on(admin, org, on):
    return [p.name for p in tree_on(user=admin, org=org, on=on)]


def test_rename_keeps_old_name_for_past_dates(tree, admin):
    services.org_rename(actor=admin, org=tree.cell1, name="Chi bộ thôn Đạ Nghịt mới", on=D(2020, 1, 1))
    assert "Chi bộ thôn Đạ Nghịt" in names_on(admin, tree.commune, D(2019, 12, 31))
    assert "Chi bộ thôn Đạ Nghịt mới" in names_on(admin, tree.commune, D(2020, 1, 1))
    assert AuditEntry.objects.filter(action="org_rename", object_id=str(tree.cell1.pk)).exists()


def test_transfer_moves_subtree_and_members_follow_for_later_dates_only(tree, admin):
    m = tree.member(org=tree.cell1)
    services.org_transfer(actor=admin, org=tree.commune, new_parent=tree.other_district, on=D(2021, 7, 1))
    tree.commune.refresh_from_db()
    assert tree.commune.path.startswith(tree.other_district.path)
    assert list(members_on(user=admin, org=tree.district, on=D(2021, 6, 30))) == [m]
    assert list(members_on(user=admin, org=tree.district, on=D(2021, 7, 1))) == []
    assert list(members_on(user=admin, org=tree.other_district, on=D(2021, 7, 1))) == [m]
    # descendants re-pathed in the current tree and in history
    cell = Org.objects.get(pk=tree.cell1.pk)
    assert cell.path.startswith(tree.other_district.path)
    assert "Chi bộ thôn Đạ Nghịt" in names_on(admin, tree.district, D(2020, 1, 1))
    assert "Chi bộ thôn Đạ Nghịt" not in names_on(admin, tree.district, D(2022, 1, 1))
    assert all(not problems for problems in Org.objects.find_problems())


def test_merge_creates_successor_moves_members_and_ends_sources(tree, admin):
    a = tree.member("Nguyễn Văn An", org=tree.cell1)
    b = tree.member("Trần Thị Bình", org=tree.cell2, gender="F")
    merged = services.org_merge(actor=admin, sources=[tree.cell1, tree.cell2], name="Chi bộ thôn Đạ Nghịt – Păng Tiêng",
                                type=otype("chi_bo_truc_thuoc"), kind=okind("thon"), parent=tree.commune,
                                on=D(2019, 1, 1), decision_ref="15-QĐ/ĐU")
    for src in (tree.cell1, tree.cell2):
        src.refresh_from_db()
        assert src.status == OrgStatus.ENDED and src.ended_on == D(2019, 1, 1)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.org == merged and b.org == merged
    assert set(members_on(user=admin, org=tree.cell1, on=D(2018, 12, 31))) == {a}
    assert set(members_on(user=admin, org=merged, on=D(2019, 1, 1))) == {a, b}
    assert names_on(admin, tree.commune, D(2018, 6, 1)).count("Chi bộ thôn Păng Tiêng") == 1
    assert "Chi bộ thôn Păng Tiêng" not in names_on(admin, tree.commune, D(2019, 6, 1))
    event = OrgEvent.objects.get(kind="merge")
    assert set(event.sources.all()) == {tree.cell1, tree.cell2} and list(event.results.all()) == [merged]


def test_merge_into_existing_org(tree, admin):
    m = tree.member(org=tree.cell2)
    services.org_merge(actor=admin, sources=[tree.cell2], into=tree.cell1, on=D(2020, 1, 1))
    m.refresh_from_db()
    assert m.org == tree.cell1


def test_split_distributes_members_and_children(tree, admin):
    a = tree.member("Nguyễn Văn An", org=tree.cell1)
    b = tree.member("Lê Văn Bảo", org=tree.cell1)
    parts = [
        {"name": "Chi bộ thôn Đạ Nghịt 1", "type": otype("chi_bo_truc_thuoc"), "member_ids": [a.pk], "child_ids": []},
        {"name": "Chi bộ thôn Đạ Nghịt 2", "type": otype("chi_bo_truc_thuoc"), "member_ids": [b.pk], "child_ids": []},
    ]
    one, two = services.org_split(actor=admin, source=tree.cell1, on=D(2022, 1, 1), parts=parts)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.org, b.org) == (one, two)
    assert Org.objects.get_parent(one) == tree.commune
    assert set(members_on(user=admin, org=tree.cell1, on=D(2021, 12, 31))) == {a, b}


def test_split_refuses_when_a_member_is_left_unassigned(tree, admin):
    a = tree.member(org=tree.cell1)
    tree.member("Lê Văn Bảo", org=tree.cell1)
    parts = [{"name": "X", "type": otype("chi_bo_truc_thuoc"), "member_ids": [a.pk]},
             {"name": "Y", "type": otype("chi_bo_truc_thuoc"), "member_ids": []}]
    before = Org.objects.count()
    with pytest.raises(DomainError, match="phân về đúng một"):
        services.org_split(actor=admin, source=tree.cell1, on=D(2022, 1, 1), parts=parts)
    assert Org.objects.count() == before


def test_dissolve_refuses_org_with_members_then_succeeds_when_empty(tree, admin):
    m = tree.member(org=tree.cell2)
    with pytest.raises(DomainError, match="còn 1 đảng viên"):
        services.org_dissolve(actor=admin, org=tree.cell2, on=D(2023, 1, 1))
    from dangbo.members.services import event_record

    event_record(actor=admin, member=m, kind="transfer", date=D(2022, 12, 1), org=tree.cell1)
    services.org_dissolve(actor=admin, org=tree.cell2, on=D(2023, 1, 1), reason="Sáp xếp lại")
    tree.cell2.refresh_from_db()
    assert tree.cell2.status == OrgStatus.ENDED
    assert not OrgPlacement.objects.filter(org=tree.cell2, valid_to__isnull=True).exists()
    assert tree.cell2 not in org_children(user=admin, org=tree.commune)
    # a transfer into the dissolved cell is refused
    with pytest.raises(DomainError, match="giải thể"):
        event_record(actor=admin, member=m, kind="transfer", date=D(2023, 2, 1), org=tree.cell2)


def test_dissolve_refuses_org_with_active_children(tree, admin):
    with pytest.raises(DomainError, match="tổ chức trực thuộc"):
        services.org_dissolve(actor=admin, org=tree.commune, on=D(2023, 1, 1))


@pytest.mark.parametrize(("parent_attr", "type_code", "message"), [
    ("cell1", "chi_bo_truc_thuoc", "chỉ có tổ đảng"),
    ("commune", "dang_bo_huyen", "cùng cấp hoặc cấp dưới"),
])
def test_create_refuses_impossible_parents(tree, admin, parent_attr, type_code, message):
    with pytest.raises(DomainError, match=message):
        services.org_create(actor=admin, parent=getattr(tree, parent_attr), name="X", type=otype(type_code),
                            founded_on=D(2020, 1, 1))


def test_transfer_into_own_subtree_refused(tree, admin):
    with pytest.raises(DomainError, match="cấp dưới"):
        services.org_transfer(actor=admin, org=tree.district, new_parent=tree.commune, on=D(2020, 1, 1))


def test_backdated_change_before_latest_change_refused(tree, admin):
    services.org_rename(actor=admin, org=tree.cell1, name="Tên mới", on=D(2021, 1, 1))
    with pytest.raises(DomainError, match="không được sớm hơn"):
        services.org_rename(actor=admin, org=tree.cell1, name="Tên khác", on=D(2020, 1, 1))


def test_party_group_under_cell_allowed(tree, admin):
    group = services.org_create(actor=admin, parent=tree.cell1, name="Tổ đảng 1", type=otype("to_dang"),
                                founded_on=D(2020, 1, 1))
    assert Org.objects.get_parent(group) == tree.cell1


def test_term_committee_and_village(tree, admin):
    m = tree.member(org=tree.cell1)
    committee = services.term_open(actor=admin, org=tree.cell1, name="2022–2025", starts_on=D(2022, 6, 1))
    seat = services.committee_seat_assign(actor=admin, committee=committee, member=m, post="secretary",
                                          starts_on=D(2022, 6, 1))
    assert seat.committee.term.org == tree.cell1
    other = tree.member("Lê Văn Cường", org=tree.cell2)
    with pytest.raises(DomainError, match="không sinh hoạt"):
        services.committee_seat_assign(actor=admin, committee=committee, member=other, post="member",
                                       starts_on=D(2022, 6, 1))
    village = services.village_save(actor=admin, commune=tree.commune, name="Đạ Nghịt", kind=okind("thon"),
                                    valid_from=D(2015, 1, 1), cell=tree.cell1, head_member=m)
    assert village.head_name == m.full_name
    with pytest.raises(DomainError, match="không phải loại khu dân cư"):
        services.village_save(actor=admin, commune=tree.commune, name="X", kind=okind("xa"), valid_from=D(2015, 1, 1))
