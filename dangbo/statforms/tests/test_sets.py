"""The set of forms (``sets.form_set``) and the reads its forms share (``population.sharing``): the same tables,
figures and members behind them as each form computed alone, across a restructuring in the middle of the year."""

import datetime as dt
import random

import pytest

from dangbo.core import periods
from dangbo.orgs.services import org_transfer
from dangbo.statforms import measures, population, sets, tables
from dangbo.statforms.tests.test_invariants import _history

D = dt.date
pytestmark = pytest.mark.django_db


def _same(a: tables.Table, b: tables.Table) -> None:
    assert (a.form.code, a.period, a.previous) == (b.form.code, b.period, b.previous)
    assert [(line.row.key, line.now, line.before, line.cells) for line in a.lines] == [
        (line.row.key, line.now, line.before, line.cells) for line in b.lines]
    assert a.broken == b.broken
    assert a.members == b.members and a.orgs == b.orgs


@pytest.mark.parametrize("seed", [1, 2])
def test_the_set_is_every_form_as_computed_alone(tree, seed):
    _history(tree, random.Random(seed))
    org_transfer(actor=tree.actor, org=tree.cell2, new_parent=tree.other_commune, on=D(2025, 7, 1))
    for org in (tree.province, tree.district, tree.commune, tree.cell2, tree.other_district):
        org.refresh_from_db()
        for period in (periods.year(2025), periods.half(2025, 1), periods.half(2025, 2)):
            got = sets.form_set(user=tree.actor, org=org, period=period).tables
            codes = list(tables.guidance_on(period.end).forms)
            assert [t.form.code for t in got] == codes
            for table, code in zip(got, codes, strict=True):
                _same(table, tables.form_table(user=tree.actor, org=org, code=code, period=period))


def test_shared_reads_give_the_same_stays_and_flows(tree):
    _history(tree, random.Random(3))
    org_transfer(actor=tree.actor, org=tree.cell2, new_parent=tree.other_commune, on=D(2025, 7, 1))
    windows = [(D(2025, 1, 1), D(2025, 12, 31)), (D(2024, 1, 1), D(2024, 12, 31)), (D(2025, 3, 1), D(2025, 9, 30))]
    for org in (tree.province, tree.commune, tree.cell2):
        org.refresh_from_db()
        alone = {w: (population.stays(org, *w), measures.increases_decreases(user=tree.actor, org=org,
                                                                              start=w[0], end=w[1]))
                 for w in windows}
        with population.sharing(D(2023, 12, 31), D(2025, 12, 31)):
            for w in windows:
                (by_member, facts), out = alone[w]
                got_members, got_facts = population.stays(org, *w)
                assert {m: sorted(s, key=repr) for m, s in got_members.items()} == {
                    m: sorted(s, key=repr) for m, s in by_member.items()}
                assert {m: dict(f) for m, f in got_facts.items()} == {m: dict(f) for m, f in facts.items()}
                shared = measures.increases_decreases(user=tree.actor, org=org, start=w[0], end=w[1])
                assert (shared.counts, shared.members) == (out.counts, out.members)
                # within the block the same period is read once
                assert measures.increases_decreases(user=tree.actor, org=org, start=w[0], end=w[1]) is shared
        # and nothing is kept after it
        assert population.stays(org, *windows[0]) is not population.stays(org, *windows[0])
