"""``/api/members``' count: from the member tally without a search, the same number as counting the list for
every scope (an own record outside the scope's subtrees included) and filter; with a search, counted along the
page's walk up to a cap past the page and then said to be a lower bound."""

import pytest

from dangbo.accounts.models import Grant
from dangbo.core.testing import Role, user_with
from dangbo.members import api
from dangbo.members.choices import MemberStatus
from dangbo.members.models import Member
from dangbo.members.selectors import member_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree, admin):
    names = ["Nguyễn Văn An", "Nguyễn Văn Anh", "Lê Thị Bình", "Trần Văn Cường", "Phạm Thị Dung", "Nguyễn Văn Ân"]
    orgs = [tree.cell1, tree.cell2, tree.agency, tree.other_cell]
    members = [tree.member(name, org=orgs[i % len(orgs)]) for i, name in enumerate(names)]
    Member.objects.filter(pk=members[1].pk).update(status=MemberStatus.DECEASED)
    Member.objects.filter(pk=members[2].pk).update(is_exempt=True)
    Member.objects.filter(pk=members[4].pk).update(status=MemberStatus.PROBATIONARY)
    own_only = user_with(Role.MEMBER, member=members[3])
    both = user_with(Role.CELL_SECRETARY, org=tree.cell1)
    Grant.objects.create(user=both, role=Role.MEMBER, member=members[3])  # a record outside the secretary's cell
    users = {"admin": admin, "province": user_with(Role.ORG_COMMISSION, org=tree.province),
             "cell": user_with(Role.CELL_SECRETARY, org=tree.cell1), "own": own_only, "cell and own": both}
    return tree, users


@pytest.mark.parametrize("user", ["admin", "province", "cell", "own", "cell and own"])
def test_the_tally_count_is_the_list_count(client, world, user):
    tree, users = world
    client.force_login(users[user])
    cases = [{}, {"status": "deceased"}, {"status": "official"}, {"include_left": "true"}]
    if user in ("admin", "province"):
        cases += [{"org": tree.commune.pk}, {"org": tree.commune.pk, "include_left": "true"}]
    for params in cases:
        body = client.get("/api/members", params).json()
        org = tree.commune if "org" in params else None
        expected = member_list(user=users[user], org=org, status=params.get("status", ""),
                               include_left="include_left" in params).count()
        assert (body["count"], body["count_exact"]) == (expected, True), params
        assert len(body["items"]) == expected, params
    assert client.get("/api/members").json()["count"] == {"admin": 5, "province": 5, "cell": 2, "own": 1,
                                                          "cell and own": 3}[user]


def test_a_search_is_counted_only_when_asked_and_then_up_to_a_cap_past_the_page(client, world, monkeypatch):
    tree, users = world
    client.force_login(users["admin"])
    search = {"q": "van", "include_left": "true", "page_size": 2}  # four "Văn", one deceased
    listed = [m.full_name for m in member_list(user=users["admin"], q="van", include_left=True)]
    assert len(listed) == 4
    # unasked: the page and one row past it, so "at least one more page"
    body = client.get("/api/members", search).json()
    assert (body["count"], body["count_exact"], body["pages"]) == (3, False, 2)
    assert [m["full_name"] for m in body["items"]] == listed[:2]
    last = client.get("/api/members", {**search, "page": 2}).json()  # the walk reached the end: exact
    assert (last["count"], last["count_exact"], last["pages"]) == (4, True, 2)
    assert [m["full_name"] for m in last["items"]] == listed[2:]
    past = client.get("/api/members", {**search, "page": 3}).json()
    assert (past["count"], past["count_exact"], past["items"]) == (4, True, [])
    # asked: counted to the list's end when it comes before the cap
    counted = client.get("/api/members", {**search, "count": "true", "page_size": 1}).json()
    assert (counted["count"], counted["count_exact"], counted["pages"]) == (4, True, 4)
    monkeypatch.setattr(api, "SEARCH_COUNT_AHEAD", 2)
    capped = client.get("/api/members", {**search, "count": "true", "page_size": 1}).json()
    assert (capped["count"], capped["count_exact"], capped["pages"]) == (3, False, 3)
    assert [m["full_name"] for m in capped["items"]] == listed[:1]
