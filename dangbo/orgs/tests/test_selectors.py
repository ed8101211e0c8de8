"""Selectors of the orgs app read on their own (the pages test them through the views)."""

import datetime as dt

import pytest

from dangbo.orgs.models import OrgEvent, OrgEventKind
from dangbo.orgs.selectors import org_events

pytestmark = pytest.mark.django_db


def test_org_events_are_those_the_org_was_source_or_result_of_in_date_order(tree, admin):
    """One read through both link tables (a UNION): an event naming the org on both sides comes once."""

    def event(day, kind, sources=(), results=()):
        e = OrgEvent.objects.create(kind=kind, date=dt.date(*day))
        e.sources.set(sources)
        e.results.set(results)
        return e

    founded = list(org_events(user=admin, org=tree.commune))  # the fixture's own founding
    late = event((2024, 5, 1), OrgEventKind.TRANSFER, sources=[tree.commune])
    early = event((2019, 1, 1), OrgEventKind.RENAME, results=[tree.commune])
    both = event((2021, 7, 1), OrgEventKind.RECLASSIFY, sources=[tree.commune], results=[tree.commune])
    other = event((2020, 1, 1), OrgEventKind.MERGE, sources=[tree.cell1], results=[tree.cell2])
    assert list(org_events(user=admin, org=tree.commune)) == sorted([*founded, early, both, late],
                                                                     key=lambda e: (e.date, e.pk))
    assert other in org_events(user=admin, org=tree.cell1) and other in org_events(user=admin, org=tree.cell2)
