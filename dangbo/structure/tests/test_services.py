"""The restructurings that move members too: successors, members and children follow, nothing is left behind."""

import datetime as dt

import pytest

from dangbo.core.exceptions import DomainError
from dangbo.core.testing import okind, otype
from dangbo.members.selectors import members_on
from dangbo.orgs.models import Org, OrgEvent, OrgPlacement, OrgStatus
from dangbo.orgs.selectors import org_children, tree_on
from dangbo.structure import services as structure_services

D = dt.date


def names_on(admin, org, on):
    return [p.name for p in tree_on(user=admin, org=org, on=on)]


def test_merge_creates_successor_moves_members_and_ends_sources(tree, admin):
    a = tree.member("Nguyễn Văn An", org=tree.cell1)
    b = tree.member("Trần Thị Bình", org=tree.cell2, gender="F")
    merged = structure_services.org_merge(actor=admin, sources=[tree.cell1, tree.cell2], name="Chi bộ thôn Đạ Nghịt – Păng Tiêng",
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
    structure_services.org_merge(actor=admin, sources=[tree.cell2], into=tree.cell1, on=D(2020, 1, 1))
    m.refresh_from_db()
    assert m.org == tree.cell1


def test_split_distributes_members_and_children(tree, admin):
    a = tree.member("Nguyễn Văn An", org=tree.cell1)
    b = tree.member("Lê Văn Bảo", org=tree.cell1)
    parts = [
        {"name": "Chi bộ thôn Đạ Nghịt 1", "type": otype("chi_bo_truc_thuoc"), "member_ids": [a.pk], "child_ids": []},
        {"name": "Chi bộ thôn Đạ Nghịt 2", "type": otype("chi_bo_truc_thuoc"), "member_ids": [b.pk], "child_ids": []},
    ]
    one, two = structure_services.org_split(actor=admin, source=tree.cell1, on=D(2022, 1, 1), parts=parts)
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
        structure_services.org_split(actor=admin, source=tree.cell1, on=D(2022, 1, 1), parts=parts)
    assert Org.objects.count() == before


def test_dissolve_refuses_org_with_members_then_succeeds_when_empty(tree, admin):
    m = tree.member(org=tree.cell2)
    with pytest.raises(DomainError, match="còn 1 đảng viên"):
        structure_services.org_dissolve(actor=admin, org=tree.cell2, on=D(2023, 1, 1))
    from dangbo.members.services import event_record

    event_record(actor=admin, member=m, kind="transfer", date=D(2022, 12, 1), org=tree.cell1)
    structure_services.org_dissolve(actor=admin, org=tree.cell2, on=D(2023, 1, 1), reason="Sáp xếp lại")
    tree.cell2.refresh_from_db()
    assert tree.cell2.status == OrgStatus.ENDED
    assert not OrgPlacement.objects.filter(org=tree.cell2, valid_to__isnull=True).exists()
    assert tree.cell2 not in org_children(user=admin, org=tree.commune)
    # a transfer into the dissolved cell is refused
    with pytest.raises(DomainError, match="giải thể"):
        event_record(actor=admin, member=m, kind="transfer", date=D(2023, 2, 1), org=tree.cell2)


def test_dissolve_refuses_org_with_active_children(tree, admin):
    with pytest.raises(DomainError, match="tổ chức trực thuộc"):
        structure_services.org_dissolve(actor=admin, org=tree.commune, on=D(2023, 1, 1))
