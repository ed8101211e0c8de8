"""Biểu 6 (đánh giá, xếp loại) and Biểu 6F (kiểm điểm) on a hand-built 2023: figures written out by hand, the
rating form equal to the rating statistics, the drill-down behind each figure, every printed check, scope."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.core.exceptions import OutOfScope
from dangbo.core.testing import Role, otype, user_with
from dangbo.orgs.services import org_create
from dangbo.reviews import services, stats
from dangbo.reviews.models import Assessment
from dangbo.reviews.tests.test_stats import Rated
from dangbo.statforms import ratings, rules
from dangbo.statforms.definitions import guidance_on

D = dt.date
YEAR = (D(2023, 1, 1), D(2023, 12, 31))


def definition(code: str, file: str = ""):
    """The form as the guidance in force for 2023 holds it."""
    return guidance_on(D(2023, 12, 31)).forms[code]


class Year(Rated):
    """``reviews.tests.test_stats.Rated`` (2023 through the services) and: a chi bộ trực thuộc of the commune
    founded 01/09/2023 (not rated: new), the undecided member of cell2 having written their self-assessment,
    the superior pointing the review of cell2 (the org) and of its KHTNV member."""

    def __init__(self, tree, admin):
        self.new_cell = org_create(actor=admin, parent=tree.commune, name="Chi bộ thôn Mới",
                                   type=otype("chi_bo_truc_thuoc"), founded_on=D(2023, 9, 1))
        super().__init__(tree, admin)
        services.assessment_self(actor=admin, assessment=Assessment.objects.get(member=self.cell2[4]), level="good")
        for a in (Assessment.objects.get(subject_org=tree.cell2), Assessment.objects.get(member=self.cell2[3])):
            services.pointed_review_set(actor=admin, assessment=a, note="Làm rõ nguyên nhân không hoàn thành.")


@pytest.fixture
def year(tree, admin):
    return Year(tree, admin)


def figures(flows) -> dict[str, int]:
    return {k: v for k, v in flows.counts.items() if v}


def test_district_figures_by_hand(year, admin, tree):
    out = ratings.ratings(user=admin, org=tree.district, start=YEAR[0], end=YEAR[1])
    assert figures(out) == {
        # tổ chức cơ sở đảng: the commune HTTNV, the agency (chi bộ cơ sở) HTNV
        "A": 2, "A2": 2, "A2b": 1, "A2c": 1, "A2e": 1,
        # chi bộ trực thuộc: cell1 HTTNV, cell2 HTNV, the new cell not rated
        "B": 3, "B1": 1, "B1a": 1, "B2": 2, "B2b": 1, "B2c": 1, "B2e": 1,
        # members: 1 exempt, 1 admitted in 09/2023, 1 undecided; rated E 1, G 9, C 2, N 1
        "C": 16, "C1": 2, "C1a": 1, "C1b": 1, "C2": 1, "C3": 13, "C3a": 1, "C3b": 9, "C3c": 2, "C3d": 1, "C3e": 10,
    }
    assert out.year == 2023 and out.note == ""
    # behind each figure, its members or its orgs
    assert out.members["C1a"] == [year.exempt.pk] and out.members["C1b"] == [year.new.pk]
    assert out.members["C2"] == [year.cell2[4].pk]
    assert sorted(out.orgs["A2"]) == sorted([tree.commune.pk, tree.agency.pk])
    assert out.orgs["B1a"] == [year.new_cell.pk]
    for key, n in out.counts.items():
        behind = out.members.get(key, []) if key.startswith("C") else out.orgs.get(key, [])
        assert len(behind) == len(set(behind)) == n, key
    assert not {k for k in out.orgs if k.startswith("C")} and not {k for k in out.members if not k.startswith("C")}


def test_the_rating_form_equals_the_rating_statistics(year, admin, tree):
    for org in (tree.province, tree.district, tree.commune, tree.cell1, tree.agency, tree.other_district):
        out = ratings.ratings(user=admin, org=org, start=YEAR[0], end=YEAR[1])
        totals = stats.rating_stats(user=admin, org=org, year=2023).totals
        for population, p in ratings.PREFIX.items():
            c = totals[population]
            if population == stats.MEMBER:
                got = (out.counts["C"], out.counts["C1"], out.counts["C2"], out.counts["C3"], out.counts["C3e"])
                want = (c.listed, c.excluded_total, c.undecided, c.decided, c.good_or_above)
                assert (out.counts["C1a"], out.counts["C1b"], out.counts["C1c"], out.counts["C1d"]) == (
                    c["exempt"], c["new_member"], c["suspended"], c["sick_leave"])
            else:
                got = (out.counts[p], out.counts[f"{p}1"], out.counts[f"{p}1c"], out.counts[f"{p}2"],
                       out.counts[f"{p}2e"], out.counts[f"{p}1a"])
                want = (c.listed, c.excluded_total + c.undecided, c.undecided, c.decided, c.good_or_above,
                        c["new_org"])
            assert got == want, (org.name, population)
            prefix = "C3" if population == stats.MEMBER else f"{p}2"
            assert [out.counts[f"{prefix}{s}"] for s in "abcd"] == [c[level] for level in stats.LEVELS]


def test_every_check_of_form_6_holds(year, admin, tree):
    form = definition("6", "form6.json")
    assert form.measure == "ratings" and {row.key for row in form.rows} >= set(
        ratings.ratings(user=admin, org=tree.province, start=YEAR[0], end=YEAR[1]).counts)
    for org in (tree.province, tree.district, tree.commune, tree.cell2, tree.other_district):
        out = ratings.ratings(user=admin, org=org, start=YEAR[0], end=YEAR[1])
        assert rules.broken(form, out.counts) == [], org.name
    # and a check does catch a figure that does not add up
    broken = rules.broken(form, {"A": 3, "A2": 2, "A2b": 2})
    assert broken and "dòng A " in broken[0]


def test_a_half_year_reports_the_year_of_its_end_and_says_so(year, admin, tree):
    whole = ratings.ratings(user=admin, org=tree.district, start=YEAR[0], end=YEAR[1])
    half = ratings.ratings(user=admin, org=tree.district, start=D(2023, 1, 1), end=D(2023, 6, 30))
    assert half.counts == whole.counts and half.year == 2023
    assert "năm 2023" in half.note and "30/06/2023" in half.note
    assert figures(ratings.ratings(user=admin, org=tree.district, start=D(2022, 1, 1), end=D(2022, 12, 31))) == {}


def test_queries_do_not_grow_with_the_subtree(year, admin, tree):
    def queries(org):
        with CaptureQueriesContext(connection) as ctx:
            ratings.ratings(user=admin, org=org, start=YEAR[0], end=YEAR[1])
        return len(ctx.captured_queries)

    small = queries(tree.cell1)
    assert queries(tree.commune) == queries(tree.district) == small  # (the root has no ancestors to read)
    assert small <= 2 * len(stats.STATES) + 8  # the snapshot's tally reads, the tree, one read of the assessments


def test_form_6f_by_hand_and_its_checks(year, admin, tree):
    out = ratings.self_criticism(user=admin, org=tree.district, start=YEAR[0], end=YEAR[1])
    assert figures(out) == {
        # collectives: commune, agency, cell1, cell2 reviewed (decided); the new cell not (3.1); cell2 pointed
        "1:collective": 5, "2:collective": 4, "3:collective": 1, "3.1:collective": 1, "4:collective": 1,
        # members: 13 decided + 1 self-assessed reviewed; the one admitted in 09/2023 and the exempt one not
        "1:member": 16, "2:member": 14, "3:member": 2, "3.2:member": 1, "3.3:member": 1, "4:member": 1,
    }
    assert out.orgs["3.1:collective"] == [year.new_cell.pk] and out.members["4:member"] == [year.cell2[3].pk]
    form = definition("6F", "form6f.json")
    assert [c.key for c in form.columns] == [ratings.COLLECTIVE, ratings.MEMBER]
    for org in (tree.province, tree.district, tree.commune, tree.cell2):
        counts = ratings.self_criticism(user=admin, org=org, start=YEAR[0], end=YEAR[1]).counts
        for column in form.columns:  # the checks hold per column
            values = {row.key: counts.get(f"{row.key}:{column.key}", 0) for row in form.rows}
            assert rules.broken(form, values) == [], (org.name, column.key)
    # 6F's reviewed members are the rating statistics' listed minus the excluded: the same population
    m = stats.rating_stats(user=admin, org=tree.district, year=2023).totals[stats.MEMBER]
    assert (out.counts["1:member"], out.counts["3:member"]) == (m.listed, m.excluded_total)


def test_scope(year, tree):
    outsider = user_with(Role.ORG_COMMISSION, org=tree.other_district)
    for measure in (ratings.ratings, ratings.self_criticism):
        with pytest.raises(OutOfScope):
            measure(user=outsider, org=tree.district, start=YEAR[0], end=YEAR[1])
    own = ratings.ratings(user=outsider, org=tree.other_district, start=YEAR[0], end=YEAR[1])
    assert own.counts["C3b"] == 2 and own.counts["A2b"] == 1 and own.counts["B2b"] == 1
