from django.db import connection
from django.urls import reverse

from dangbo.accounts.models import Role
from dangbo.accounts.scope import _minimal, scope_for
from dangbo.core.testing import user_with
from dangbo.members.models import Member
from dangbo.members.selectors import member_list
from dangbo.orgs.selectors import org_list


def test_minimal_paths_drop_covered_prefixes():
    assert _minimal({"0001", "00010002", "0002", "00020003000A"}) == ("0001", "0002")


def test_scope_of_each_role(tree):
    commission = scope_for(user_with(Role.ORG_COMMISSION, org=tree.district))
    assert commission.covers_path(tree.cell1.path, write=True)
    assert not commission.covers_path(tree.other_cell.path)
    inspection = scope_for(user_with(Role.INSPECTION, org=tree.district))
    assert inspection.covers_path(tree.cell1.path) and not inspection.covers_path(tree.cell1.path, write=True)
    m = tree.member()
    member = scope_for(user_with(Role.MEMBER, member=m))
    assert member.own_member_ids == (m.pk,) and not member.read_paths


def test_selectors_filter_by_scope(tree):
    a = tree.member("Nguyễn Văn An", org=tree.cell1)
    b = tree.member("Trần Văn Bình", org=tree.other_cell)
    user = user_with(Role.ORG_COMMISSION, org=tree.district)
    assert list(member_list(user=user)) == [a]
    assert tree.other_cell not in org_list(user=user)
    two = user_with(Role.ORG_COMMISSION, org=tree.district)
    from dangbo.accounts.models import Grant

    Grant.objects.create(user=two, role=Role.INSPECTION, org=tree.other_district)
    assert set(member_list(user=two)) == {a, b}


def test_failed_logins_are_throttled(client, tree, settings):
    user = user_with(Role.ORG_COMMISSION, org=tree.district, username="bantochuc")
    url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": "bantochuc", "password": "sai-mat-khau"})
        assert response.status_code == 200 and "không đúng" in response.content.decode()
    assert client.post(url, {"username": "bantochuc", "password": "sai"}).status_code == 429
    # once locked, even the right password is refused
    locked = client.post(url, {"username": "bantochuc", "password": "matkhau-123"})
    assert locked.status_code == 429 and "Tạm khóa" in locked.content.decode()
    assert not client.session.get("_auth_user_id")
    assert user.pk


def test_successful_login_lands_on_tree(client, tree):
    user_with(Role.ORG_COMMISSION, org=tree.district, username="bt2")
    response = client.post(reverse("accounts:login"), {"username": "bt2", "password": "matkhau-123"}, follow=True)
    assert response.status_code == 200
    assert "Đảng bộ huyện Lạc Dương" in response.content.decode()


def test_a_scope_walked_by_name_lists_its_orgs_on_postgresql(tree):
    """PostgreSQL joined the scope's org subquery to each member met along the name index by a nested loop (2,3 s
    for a province's page on the national copy): there the orgs go in as a list; SQLite keeps the subquery."""
    user = user_with(Role.ORG_COMMISSION, org=tree.district)
    q = scope_for(user).member_q(by_name=True)
    sql = str(Member.objects.filter(q).query)
    orgs_read = "orgs_org" in sql
    assert orgs_read is (connection.vendor != "postgresql")
    assert set(Member.objects.filter(q)) == set(member_list(user=user, walk=False, include_left=True))
