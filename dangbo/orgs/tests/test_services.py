"""Restructuring keeps history: the tree and the members of any subtree can be asked for any date."""

import datetime as dt

import pytest

from dangbo.accounts.models import AuditEntry
from dangbo.core.exceptions import DomainError
from dangbo.core.testing import okind, otype
from dangbo.members.selectors import members_on
from dangbo.orgs import services
from dangbo.orgs.models import Org
from dangbo.orgs.selectors import tree_on

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
