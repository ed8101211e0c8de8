"""Rating statistics: known counts from a hand-built year, the tree as it stood, breakdowns that sum, scope."""

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.core.exceptions import OutOfScope
from dangbo.core.testing import Role, okind, otype, user_with
from dangbo.members.choices import EventKind, MemberCategory, MemberStatus
from dangbo.members.models import Member
from dangbo.members.services import event_record
from dangbo.orgs.services import org_create, org_transfer
from dangbo.reviews import services, stats
from dangbo.reviews.choices import Level, Status, Subject
from dangbo.reviews.models import Assessment
from dangbo.reviews.stats import CELL, GRASSROOTS, MEMBER, POPULATIONS, STATES, Counts

D = dt.date
E, G, C, N = Level.EXCELLENT, Level.GOOD, Level.COMPLETED, Level.NOT_COMPLETED


def approve(actor, approver, year, levels: dict):
    """Propose each assessment at its level, then let ``approver`` decide the batch (the real flow)."""
    for a, level in levels.items():
        services.assessment_propose(actor=actor, assessment=a, level=level, on=D(year, 12, 10))
    services.assessments_approve(actor=actor, approver=approver, year=year, ids=[a.pk for a in levels],
                                 on=D(year, 12, 20))


def mine(year, **kw):
    return Assessment.objects.get(year=year, **kw)


class Rated:
    """2023 in the test tree, through the services:

    cell1 (Đạ Nghịt): 6 rated members E G G G G C + 1 exempt; cell2 (Păng Tiêng): G G G N, 1 not yet decided,
    1 admitted in 09/2023 (not rated); agency (chi bộ cơ sở): G G C; other_cell (another district): G G.
    Orgs: commune G, agency C (TCCS); cell1 G, cell2 C (chi bộ trực thuộc); other_commune G, other_cell G.
    """

    def __init__(self, tree, admin, year=2023):
        self.tree, self.admin, self.year = tree, admin, year
        t = tree

        def people(prefix, n, org, **extra):
            return [t.member(f"{prefix} Văn {chr(65 + i)}", org=org, **extra) for i in range(n)]

        self.cell1 = people("Nguyễn", 6, t.cell1, category=MemberCategory.FARMER)
        self.exempt = t.member("Trần Văn Miễn", org=t.cell1, category=MemberCategory.RETIRED)
        event_record(actor=admin, member=self.exempt, kind=EventKind.EXEMPT, date=D(year, 3, 1))
        self.cell2 = people("Lê", 5, t.cell2, category=MemberCategory.RETIRED)
        self.new = t.member("Lý Thị Mới", org=t.cell2, gender="F", admitted=D(year, 9, 1), official=None)
        self.agency = people("Phạm", 3, t.agency, category=MemberCategory.CIVIL_SERVANT)
        self.far = people("Đỗ", 2, t.other_cell)
        services.campaign_open(actor=admin, org=t.province, year=year, opens_on=D(year, 11, 15))
        y = year
        approve(admin, t.commune, y, {
            **{mine(y, member=m): lv for m, lv in zip(self.cell1, [E, G, G, G, G, C], strict=True)},
            **{mine(y, member=m): lv for m, lv in zip(self.cell2[:4], [G, G, G, N], strict=True)}})
        approve(admin, t.agency, y, {mine(y, member=m): lv for m, lv in zip(self.agency, [G, G, C], strict=True)})
        approve(admin, t.other_commune, y, {mine(y, member=m): G for m in self.far})
        approve(admin, t.commune, y, {mine(y, subject_org=t.cell1): G, mine(y, subject_org=t.cell2): C})
        approve(admin, t.district, y, {mine(y, subject_org=t.commune): G, mine(y, subject_org=t.agency): C})
        approve(admin, t.other_commune, y, {mine(y, subject_org=t.other_cell): G})
        approve(admin, t.other_district, y, {mine(y, subject_org=t.other_commune): G})


@pytest.fixture
def rated(tree, admin):
    return Rated(tree, admin)


def test_campaign_left_what_the_fixture_says(rated):
    assert Assessment.objects.get(member=rated.exempt).exclusion == "exempt"
    assert Assessment.objects.get(member=rated.new).exclusion == "new_member"
    assert Assessment.objects.get(member=rated.cell2[4]).status == Status.DRAFT


def test_district_totals_per_population(rated, admin):
    s = stats.rating_stats(user=admin, org=rated.tree.district, year=2023)
    m = s.totals[MEMBER]
    assert m == Counts.of(excellent=1, good=9, completed=2, not_completed=1, undecided=1,
                          excluded={"exempt": 1, "new_member": 1})
    assert (m.listed, m.subject, m.decided, m.good_or_above, m.excluded_total) == (16, 14, 13, 10, 2)
    assert str(m.good_or_above_pct) == "76.9" and str(m.pct(E)) == "7.7" and str(m.excellent_among_good_pct) == "10.0"
    assert s.totals[GRASSROOTS] == Counts.of(good=1, completed=1)
    assert s.totals[CELL] == Counts.of(good=1, completed=1)
    assert s.on == D(2023, 12, 31) and s.name_on == "Đảng bộ huyện Lạc Dương"


def test_per_child_rows_and_the_roots_own_ratings_sum_to_the_total(rated, admin):
    t = rated.tree
    s = stats.rating_stats(user=admin, org=t.commune, year=2023)
    rows = {r.name: r for r in s.children}
    assert list(rows) == ["Đảng bộ xã Đạ Sar", "Chi bộ thôn Đạ Nghịt", "Chi bộ thôn Păng Tiêng"]
    assert rows["Đảng bộ xã Đạ Sar"].is_own
    assert rows["Đảng bộ xã Đạ Sar"].counts[GRASSROOTS] == Counts.of(good=1)
    assert rows["Chi bộ thôn Đạ Nghịt"].counts[MEMBER] == Counts.of(excellent=1, good=4, completed=1,
                                                                    excluded={"exempt": 1})
    assert rows["Chi bộ thôn Păng Tiêng"].counts[CELL] == Counts.of(completed=1)
    for pop in POPULATIONS:
        assert stats.total(r.counts[pop] for r in s.children) == s.totals[pop]


def test_breakdowns_by_category_and_kind_sum_to_their_totals(rated, admin):
    s = stats.rating_stats(user=admin, org=rated.tree.province, year=2023)
    cats = {b.key: b.counts for b in s.by_category}
    assert cats[MemberCategory.FARMER] == Counts.of(excellent=1, good=4, completed=1)
    assert cats[MemberCategory.RETIRED] == Counts.of(good=3, not_completed=1, undecided=1, excluded={"exempt": 1})
    assert stats.total(cats.values()) == s.totals[MEMBER]
    for pop in POPULATIONS:
        groups = s.by_kind[pop]
        assert stats.total(g.counts for g in groups) == s.totals[pop]
        for g in groups:
            assert stats.total(p.counts for p in g.parts) == g.counts
    members = {g.key: g.counts for g in s.by_kind[MEMBER]}
    # Members are grouped by the kind of their tổ chức cơ sở đảng: the cells' villages count as the commune.
    assert members["Xã, phường, thị trấn"].decided == 12 and members["Cơ quan"].decided == 3
    assert {g.key for g in s.by_kind[CELL]} == {"Khu dân cư"}


def test_exclusions_are_listed_but_not_counted(rated, admin):
    m = stats.rating_stats(user=admin, org=rated.tree.commune, year=2023).totals[MEMBER]
    assert m.excluded == {"exempt": 1, "suspended": 0, "new_member": 1, "new_org": 0, "sick_leave": 0, "other": 0}
    assert m.decided == 10 and str(m.good_or_above_pct) == "80.0"  # 8/10: the two excluded are not in it


def test_year_over_year_and_the_current_year_agree(rated, admin, tree):
    services.campaign_open(actor=admin, org=tree.province, year=2024, opens_on=D(2024, 11, 15))
    approve(admin, tree.commune, 2024, {mine(2024, member=m): G for m in rated.cell1})
    s = stats.rating_stats(user=admin, org=tree.district, year=2024)
    assert [y for y, _ in s.years] == [2023, 2024]
    assert s.years[-1][1] == s.totals
    assert s.years[0][1] == stats.rating_stats(user=admin, org=tree.district, year=2023).totals
    assert s.totals[MEMBER].levels[G] == 6
    # The exempt member is still exempt; the new member of 09/2023 is rated in 2024.
    assert s.totals[MEMBER].excluded["exempt"] == 1 and s.totals[MEMBER].excluded["new_member"] == 0


def test_a_cell_moved_after_the_year_counts_under_its_old_parent(rated, admin, tree):
    before = stats.rating_stats(user=admin, org=tree.commune, year=2023)
    district = stats.rating_stats(user=admin, org=tree.district, year=2023).totals
    org_transfer(actor=admin, org=tree.cell2, new_parent=tree.other_commune, on=D(2024, 3, 1))
    after = stats.rating_stats(user=admin, org=tree.commune, year=2023)
    assert after.totals == before.totals
    assert [r.name for r in after.children] == [r.name for r in before.children]
    other = stats.rating_stats(user=admin, org=tree.other_commune, year=2023)
    assert other.totals[MEMBER] == Counts.of(good=2) and other.totals[CELL] == Counts.of(good=1)
    # The next year's review counts the cell where it stands then.
    services.campaign_open(actor=admin, org=tree.province, year=2024, opens_on=D(2024, 11, 15))
    assert stats.rating_stats(user=admin, org=tree.other_commune, year=2024).totals[CELL].undecided == 2
    assert stats.rating_stats(user=admin, org=tree.commune, year=2024).totals[CELL].undecided == 1
    rows = {r.name: r for r in stats.rating_table(user=admin, org=tree.province, year=2023)}
    assert rows["Đảng bộ huyện Lạc Dương"].counts == district
    assert rows["Chi bộ thôn Păng Tiêng"].depth == 3  # still under the commune in the 2023 table


def test_rating_table_rows_hold_each_subtree(rated, admin, tree):
    rows = stats.rating_table(user=admin, org=tree.province, year=2023)
    assert [r.name for r in rows][:3] == ["Đảng bộ tỉnh Lâm Đồng", "Đảng bộ huyện Lạc Dương", "Đảng bộ xã Đạ Sar"]
    by = {r.name: r for r in rows}
    assert by["Đảng bộ tỉnh Lâm Đồng"].depth == 0 and by["Chi bộ thôn Đạ Nghịt"].depth == 3
    assert by["Đảng bộ tỉnh Lâm Đồng"].counts[MEMBER].decided == 15
    assert by["Đảng bộ huyện Đam Rông"].counts[GRASSROOTS] == Counts.of(good=1)
    assert by["Chi bộ Phòng Giáo dục"].counts[GRASSROOTS] == Counts.of(completed=1)
    assert by["Chi bộ Phòng Giáo dục"].counts[CELL] == Counts()  # a chi bộ cơ sở is a TCCS, not a sub-cell


def test_the_whole_tree_for_administrators_only(rated, admin, tree):
    rows = stats.rating_table(user=admin, org=None, year=2023)
    assert rows == stats.rating_table(user=admin, org=tree.province, year=2023)
    with pytest.raises(OutOfScope):
        stats.rating_table(user=user_with(Role.ORG_COMMISSION, org=tree.province), org=None, year=2023)


def test_scope(rated, tree):
    outsider = user_with(Role.ORG_COMMISSION, org=tree.other_district)
    with pytest.raises(OutOfScope):
        stats.rating_stats(user=outsider, org=tree.district, year=2023)
    with pytest.raises(OutOfScope):
        stats.rating_table(user=outsider, org=tree.commune, year=2023)
    with pytest.raises(OutOfScope):
        stats.rating_people(user=outsider, org=tree.district, year=2023)
    own = stats.rating_stats(user=outsider, org=tree.other_district, year=2023)
    assert own.totals[MEMBER] == Counts.of(good=2)
    # A child outside the root's subtree is refused even for a root the user may read.
    with pytest.raises(OutOfScope):
        stats.rating_people(user=outsider, org=tree.other_district, year=2023, child_id=tree.cell1.pk)


def test_drill_down_lists_the_people_behind_each_number(rated, admin, tree):
    def names(**kw):
        return [a.member.full_name if a.member_id else a.subject_org.name
                for a in stats.rating_people(user=admin, org=tree.district, year=2023, **kw).rows]

    assert len(names(selection=G)) == 9
    assert len(names(selection="good_or_above", child_id=tree.commune.pk)) == 8
    assert names(selection=E) == [rated.cell1[0].full_name]
    assert names(selection="excluded", reason="exempt") == ["Trần Văn Miễn"]
    assert names(selection=stats.UNDECIDED) == [rated.cell2[4].full_name]
    assert names(population=GRASSROOTS, selection=C) == ["Chi bộ Phòng Giáo dục"]
    assert names(population=CELL) == ["Chi bộ thôn Đạ Nghịt", "Chi bộ thôn Păng Tiêng"]
    s = stats.rating_stats(user=admin, org=tree.district, year=2023)
    for pop in POPULATIONS:
        for selection in (*stats.LEVELS, "all", "decided", "excluded", stats.UNDECIDED):
            shown = len(names(population=pop, selection=selection))
            c = s.totals[pop]
            expected = {"all": c.listed, "decided": c.decided, "excluded": c.excluded_total,
                        stats.UNDECIDED: c.undecided}.get(selection) or c.levels.get(selection, 0)
            assert shown == expected, (pop, selection)
    commune = stats.rating_people(user=admin, org=tree.commune, year=2023, population=GRASSROOTS, own=True)
    assert [a.subject_org for a in commune.rows] == [tree.commune]


def test_drill_down_hides_units_now_outside_the_users_scope_but_says_how_many(rated, admin, tree):
    org_transfer(actor=admin, org=tree.cell2, new_parent=tree.other_commune, on=D(2024, 3, 1))
    district_user = user_with(Role.INSPECTION, org=tree.district)
    people = stats.rating_people(user=district_user, org=tree.commune, year=2023)
    assert people.hidden == 6
    assert {a.org_id for a in people.rows} == {tree.cell1.pk}
    assert stats.rating_stats(user=district_user, org=tree.commune, year=2023).totals[MEMBER].listed == 13


def test_bad_arguments_are_refused_in_vietnamese(rated, admin, tree):
    from dangbo.core.exceptions import DomainError

    for kw, field in (({"year": "abc"}, "year"), ({"year": 1800}, "year"), ({"population": "x"}, "population"),
                      ({"selection": "x"}, "level"), ({"reason": "x"}, "reason")):
        with pytest.raises(DomainError) as err:
            stats.rating_people(user=admin, org=tree.district, **{"year": 2023, **kw})
        assert err.value.field == field and not err.value.message.isascii()


def test_a_year_before_the_org_existed_is_empty(rated, admin, tree):
    s = stats.rating_stats(user=admin, org=tree.district, year=2010)
    assert not s.has_data and s.children == [] and s.years == []


# --- every breakdown sums to its total, on random trees and random ratings ---------------------------------


def random_year(tree, admin, seed):
    """A random tree under the commune and random states written straight into the table (no rule checks:
    this is about counting, not about which level is allowed)."""
    rng = random.Random(seed)
    t = tree
    kinds = ["thon", "to_dan_pho", "co_quan_hanh_chinh", "dn_tu_nhan", None]
    orgs = [t.cell1, t.cell2]
    for i in range(rng.randint(2, 4)):
        sub = org_create(actor=admin, parent=t.district, name=f"Đảng bộ {i}", type=otype("dang_bo_co_so"),
                         kind=okind(rng.choice(["xa", "phuong", "dn_nha_nuoc"])), founded_on=D(2015, 1, 1))
        orgs.append(sub)
        for j in range(rng.randint(1, 4)):
            kind = rng.choice(kinds)
            orgs.append(org_create(actor=admin, parent=sub, name=f"Chi bộ {i}.{j}", type=otype("chi_bo_truc_thuoc"),
                                   kind=okind(kind) if kind else None, founded_on=D(2015, 1, 1)))
    cells = [o for o in orgs if o.type.is_cell]
    members = Member.objects.bulk_create([
        Member(full_name=f"Người {n}", sort_key=f"{n:05d}", search_text="", date_of_birth=D(1980, 1, 1), gender="M",
               status=MemberStatus.OFFICIAL, org=rng.choice(cells), category=rng.choice(MemberCategory.values))
        for n in range(rng.randint(40, 120))])
    states = list(STATES)

    def fields():
        state = rng.choice(states)
        if state in stats.EXCLUSIONS:
            return {"exclusion": state, "status": Status.EXCLUDED}
        if state == stats.UNDECIDED:
            return {"status": rng.choice([Status.DRAFT, Status.PROPOSED])}
        return {"final_level": state, "status": Status.APPROVED}

    rows = [Assessment(year=2023, subject=Subject.MEMBER, member=m, org=m.org, approver=t.commune,
                       regulation="124-QĐ/TW", **fields()) for m in members]
    rows += [Assessment(year=2023, subject=Subject.ORG, subject_org=o, org=o, approver=t.district,
                        regulation="124-QĐ/TW", **fields()) for o in [*orgs, t.commune, t.agency]]
    Assessment.objects.bulk_create(rows)
    return rows


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_years_every_breakdown_sums_and_every_row_matches_a_naive_recount(tree, admin, seed):
    rows = random_year(tree, admin, seed)
    s = stats.rating_stats(user=admin, org=tree.district, year=2023)
    for pop in POPULATIONS:
        total = s.totals[pop]
        assert stats.total(r.counts[pop] for r in s.children) == total
        assert stats.total(g.counts for g in s.by_kind[pop]) == total
        assert sum(total.levels.values()) == total.decided
        assert total.subject + total.excluded_total == total.listed
    assert stats.total(b.counts for b in s.by_category) == s.totals[MEMBER]
    assert s.years[-1][1] == s.totals
    # rating_table against counting each org's subtree by hand
    from dangbo.orgs.models import Org

    paths = dict(Org.objects.values_list("pk", "path"))
    for row in stats.rating_table(user=admin, org=tree.district, year=2023):
        expected = {pop: [0] * stats.WIDTH for pop in POPULATIONS}
        for a in rows:
            if not paths[a.org_id].startswith(row.path):
                continue
            org = a.org
            pop = MEMBER if a.subject == Subject.MEMBER else stats.population_of_org(
                is_grassroots=org.type.is_grassroots, is_cell=org.type.is_cell)
            if pop:
                expected[pop][stats.SLOT[stats.state_of(a.exclusion, a.final_level)]] += 1
        assert row.counts == {pop: Counts(v) for pop, v in expected.items()}, row.name


def test_query_count_does_not_grow_with_the_tree(tree, admin):
    random_year(tree, admin, 5)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            stats.rating_table(user=admin, org=tree.province, year=2023)
        return len(captured)

    few = queries()
    for i in range(5):
        org_create(actor=admin, parent=tree.commune, name=f"Chi bộ thêm {i}", type=otype("chi_bo_truc_thuoc"),
                   founded_on=D(2015, 1, 1))
    # one per population and slot, plus the tree of the day, the root's placement and its ancestors
    assert queries() == few <= len(POPULATIONS) * len(STATES) + 3



@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_page_s_one_grouped_read_gives_the_tally_snapshot_s_figures(tree, admin, seed):
    """``rating_stats`` counts from the assessments grouped per unit (with their category); ``snapshot`` from the
    tally. Same totals, children, kinds; categories as a naive count of the subtree's member assessments."""
    rows = random_year(tree, admin, seed)
    rng = random.Random(seed)
    for a in rows:
        a.member_category = rng.choice([*MemberCategory.values, ""]) if a.subject == Subject.MEMBER else ""
    Assessment.objects.bulk_update(rows, ["member_category"])
    for org in (tree.district, tree.commune, tree.province):
        s = stats.rating_stats(user=admin, org=org, year=2023)
        snap = stats.snapshot(org=org, year=2023)
        assert s.totals == stats.split(snap.total_of(snap.root_id))
        assert [(r.org_id, r.counts) for r in s.children if not r.is_own] == [
            (k[0], stats.split(snap.total_of(k[0]))) for k in snap.children()]
        assert s.by_kind == stats._kind_breakdown(snap)
        expected = {}
        for a in Assessment.objects.filter(year=2023, subject=Subject.MEMBER, org__path__startswith=org.path):
            state = stats.state_of(a.exclusion, a.final_level)
            if state:
                expected.setdefault(a.member_category or MemberCategory.OTHER, [0] * stats.WIDTH)[stats.SLOT[state]] += 1
        assert {b.key: b.counts for b in s.by_category} == {k: Counts(v) for k, v in expected.items()}
        assert s.has_data
