"""The main pages do work bounded by what they show (issue 12): the same number of queries on a small tree and on
one ten times larger in the same scope, HTML under 200 KB, and the member page read along the name index.

Small: a commune of 2 cells with 6 members each; large: the same commune with 20 cells of 6 (120 members)."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangbo.accounts import scope as scope_module
from dangbo.accounts.models import Role
from dangbo.core.testing import okind, otype, user_with
from dangbo.members import selectors as member_selectors
from dangbo.members.models import Member
from dangbo.orgs import views as org_views
from dangbo.orgs.services import org_create

pytestmark = pytest.mark.django_db

MAX_HTML = 200 * 1024
PER_CELL = 6


GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Lan"]


def _grow(admin, tree, cells: int, start: int = 0):
    """``cells`` cells under the commune (the Tree's two first), PER_CELL members in each."""
    orgs = [tree.cell1, tree.cell2][:cells] if start == 0 else []
    for i in range(cells - len(orgs)):
        orgs.append(org_create(actor=admin, parent=tree.commune, name=f"Chi bộ thôn Mới {start + i}",
                               type=otype("chi_bo_truc_thuoc"), kind=okind("thon"), founded_on=dt.date(2015, 1, 1)))
    for n, cell in enumerate(orgs, start=start):
        for k in range(PER_CELL):
            tree.member(f"Nguyễn Văn {GIVEN[k]} {n}", org=cell, born=dt.date(1980, 1, 1) + dt.timedelta(days=n))


def _pages(tree) -> dict[str, str]:
    member = Member.objects.filter(org=tree.cell1).order_by("id").first()
    return {
        "tree": reverse("orgs:tree"),
        "children": reverse("orgs:children", kwargs={"pk": tree.commune.pk}),
        "ward org page": reverse("orgs:detail", kwargs={"pk": tree.commune.pk}),
        "top org page": reverse("orgs:detail", kwargs={"pk": tree.province.pk}),
        "top org page, search": reverse("orgs:detail", kwargs={"pk": tree.province.pk}) + "?q=nguyen",
        "member list": reverse("members:list"),
        "member list of an org": reverse("members:list") + f"?org={tree.commune.pk}",
        "member search": reverse("members:list") + "?q=nguyen+van",
        "member page": reverse("members:detail", kwargs={"pk": member.pk}),
    }


def _measure(client, tree) -> dict[str, tuple[int, int]]:
    out = {}
    for name, url in _pages(tree).items():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, name
        out[name] = (len(ctx.captured_queries), len(response.content))
    return out


def _second_page_queries(client, tree) -> int:
    body = client.get(reverse("members:list")).content.decode()
    link = re.search(r'href="\?([^"]*sau_id=[^"]*)">Trang sau', body).group(1).replace("&amp;", "&")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"{reverse('members:list')}?{link}").status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_the_data(client, tree, admin):
    _grow(admin, tree, cells=2)
    tree.member("Lê Thị Dự Bị", org=tree.cell1, admitted=dt.date(2025, 1, 1), official=None)
    client.force_login(admin)
    small = _measure(client, tree)
    _grow(admin, tree, cells=18, start=2)  # ten times the cells and the members, in the same scope
    assert Member.objects.count() == 10 * 2 * PER_CELL + 1
    large = _measure(client, tree)
    assert {k: v[0] for k, v in large.items()} == {k: v[0] for k, v in small.items()}
    assert all(size < MAX_HTML for _, size in large.values()), large
    assert large["member list"][1] > small["member list"][1]  # the larger tree did show more
    # A later page costs what the first does: no OFFSET, no count.
    assert _second_page_queries(client, tree) == large["member list"][0]


def test_many_children_come_a_page_at_a_time(client, tree, admin, monkeypatch):
    monkeypatch.setattr(org_views, "CHILDREN_SHOWN", 3)
    for i in range(5):
        org_create(actor=admin, parent=tree.commune, name=f"Chi bộ thôn Số {i}", type=otype("chi_bo_truc_thuoc"),
                   kind=okind("thon"), founded_on=dt.date(2015, 1, 1))
    client.force_login(admin)
    url = reverse("orgs:detail", kwargs={"pk": tree.commune.pk})
    first = client.get(url).content.decode()
    table = first[first.index('id="children"'):first.index("</table>", first.index('id="children"'))]
    assert table.count("<tr>") == 1 + 3  # the heading and three children
    assert "<b>7</b><span>Tổ chức trực thuộc" in first
    link = re.search(r'href="\?(con_sau=[^"]*)">', first).group(1).replace("&amp;", "&")
    second = client.get(f"{url}?{link}").content.decode()
    rest = second[second.index('id="children"'):second.index("</table>", second.index('id="children"'))]
    assert rest.count("<tr>") == 1 + 3 and "Đầu danh sách" in second
    partial = client.get(reverse("orgs:children", kwargs={"pk": tree.commune.pk})).content.decode()
    assert partial.count("<li>") == 3 + 1 and "Còn nữa" in partial


def _plan(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="EXPLAIN QUERY PLAN is SQLite's")
def test_a_page_is_read_along_the_name_index(tree, admin):
    """The administrator's list, a search and a big org's page walk the (sort_key, rowid) index and stop after a
    page: no temporary B-tree sorting every member of the scope."""
    tree.member("Nguyễn Văn An")
    after = ("5", 1)
    cases = {
        "all": member_selectors.member_list(user=admin),
        "search": member_selectors.member_list(user=admin, q="nguyen van"),
        "big org": member_selectors.member_list(user=admin, org=tree.province),
    }
    for name, qs in cases.items():
        for page in (qs, qs.filter(sort_key__gte=after[0])):
            plan = _plan(page[:51])
            assert "TEMP B-TREE" not in plan, (name, plan)
            assert "members_member_sort_key" in plan, (name, plan)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="EXPLAIN QUERY PLAN is SQLite's")
def test_a_small_org_keeps_its_org_index(tree, admin, monkeypatch):
    """A cell among many orgs reads its own members by the org index (walking the country's names to fill a page
    of a 30-member cell would read them all)."""
    monkeypatch.setattr(scope_module, "WALK_SHARE", 0.5)
    plan = _plan(member_selectors.member_list(user=admin, org=tree.cell1)[:51])
    assert "members_mem_org_id" in plan, plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="EXPLAIN QUERY PLAN is SQLite's")
def test_a_province_commission_pages_along_the_name_index(tree, admin):
    """A user whose scope is a big share of the tree (a province commission: 115.000 members on the national
    dataset) walks the name index like the administrator: its scope filter does not steer SQLite onto the org
    index, which sorted the whole province to show 50 names. Its search and its big org's page too."""
    tree.member("Nguyễn Văn An")
    commission = user_with(Role.ORG_COMMISSION, org=tree.province)
    cases = {
        "all": member_selectors.member_list(user=commission),
        "search": member_selectors.member_list(user=commission, q="nguyen van"),
        "big org": member_selectors.member_list(user=commission, org=tree.district),
    }
    for name, qs in cases.items():
        for page in (qs, qs.filter(sort_key__gte="5")):
            plan = _plan(page[:51])
            assert "TEMP B-TREE" not in plan, (name, plan)
            assert "members_member_sort_key" in plan, (name, plan)
    assert [m.full_name for m in cases["all"]] == ["Nguyễn Văn An"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="EXPLAIN QUERY PLAN is SQLite's")
def test_a_cell_secretary_keeps_the_org_index(tree, admin, monkeypatch):
    """A small scope (a cell among many orgs) reads its few members by the org index and sorts them; so does a
    big scope narrowed to a small org."""
    monkeypatch.setattr(scope_module, "WALK_SHARE", 0.5)
    tree.member("Nguyễn Văn An", org=tree.cell1)
    secretary = user_with(Role.CELL_SECRETARY, org=tree.cell1)
    commission = user_with(Role.ORG_COMMISSION, org=tree.province)
    for name, qs in {"cell secretary": member_selectors.member_list(user=secretary),
                     "province, one cell": member_selectors.member_list(user=commission, org=tree.cell1)}.items():
        plan = _plan(qs[:51])
        assert "members_mem_org_id" in plan, (name, plan)
        assert [m.full_name for m in qs] == ["Nguyễn Văn An"], name


def test_the_api_counts_a_province_from_the_tally(client, tree, admin):
    """/api/members without a search or a member-level filter reads its count from the member tally: no count of
    the members at all (counting them read the scope's every member: 686 ms for an administrator on the national
    dataset)."""
    tree.member("Nguyễn Văn An", org=tree.cell1)
    tree.member("Lê Văn Bảo", org=tree.other_cell)
    commission = user_with(Role.ORG_COMMISSION, org=tree.province)
    client.force_login(commission)
    with CaptureQueriesContext(connection) as ctx:
        body = client.get("/api/members").json()
    assert body["count"] == 2 and [m["full_name"] for m in body["items"]] == ["Nguyễn Văn An", "Lê Văn Bảo"]  # by given name
    assert body["count_exact"] is True
    assert [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"] and "members_member" in q["sql"]] == []
    assert any("members_membertally" in q["sql"] for q in ctx.captured_queries)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="EXPLAIN QUERY PLAN is SQLite's")
def test_the_api_counts_a_member_level_filter_by_the_org_index(client, tree, admin):
    """With a member-level filter (which the tally does not hold) /api/members pages along the name index but
    counts its total on the (org_id, status) index: counted the page's way, the count read every member of the
    country (2,4 s for a province on the national dataset)."""
    tree.member("Nguyễn Văn An", org=tree.cell1)
    tree.member("Lê Văn Bảo", org=tree.other_cell)
    commission = user_with(Role.ORG_COMMISSION, org=tree.province)
    client.force_login(commission)
    with CaptureQueriesContext(connection) as ctx:
        body = client.get("/api/members", {"gender": "M"}).json()
    assert body["count"] == 2 and body["count_exact"] is True
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"] and "members_member" in q["sql"]]
    assert len(counts) == 1, counts
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {counts[0]}")
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    assert "SEARCH members_member USING INDEX members_mem_org_id" in plan, plan


def test_the_member_list_picks_its_org_by_name(client, tree, admin):
    """No <select> of every org in scope (5.459 options, 421 KB for a province): a search box over the scope's orgs
    (the htmx picker of the audit log), the picked org named, and its filter applied."""
    tree.member("Nguyễn Văn An", org=tree.cell1)
    tree.member("Lê Văn Bảo", org=tree.other_cell)
    client.force_login(admin)
    body = client.get(reverse("members:list"), {"org": tree.other_district.pk}).content.decode()
    assert "Đảng bộ xã Rô Men" not in body and "Chi bộ thôn Đạ Nghịt" not in body  # no option per org
    assert 'name="org_q"' in body and reverse("accounts:audit_orgs") in body
    assert "Lê Văn Bảo" in body and "Nguyễn Văn An" not in body
    assert '<span class="picked" id="picked-org">Đảng bộ huyện Đam Rông</span>' in body
    choices = client.get(reverse("accounts:audit_orgs"), {"org_q": "dam rong"}).content.decode()
    assert f'name="org" value="{tree.other_district.pk}"' in choices
