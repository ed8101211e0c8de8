"""Finalising the statistics forms (issue 10, Deliver 5): the frozen snapshot, audited, with who and when; refused
while a check fails (nothing written) and for anyone but the org's committee; the superior's view of which
children have finalised; a snapshot compared with the figures now and the events recorded after it."""

import datetime as dt

import pytest
from django.urls import reverse

from dangbo.accounts.models import AuditEntry
from dangbo.accounts.scope import scope_for
from dangbo.core import periods
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.rules import PowerViolation
from dangbo.core.testing import Role, user_with
from dangbo.members.services import event_record
from dangbo.statforms import rules, services, snapshots, tables
from dangbo.statforms.definitions import guidance_on
from dangbo.statforms.models import FormSnapshot

pytestmark = pytest.mark.django_db
D = dt.date
YEAR = periods.year(2025)
YEAR_Q = {"bieu": "1", "ky": "year", "nam": "2025"}
BROKEN = "dòng D (Đảng viên có đến cuối kỳ: 4) khác A + B − C (5)."


@pytest.fixture
def commission(tree):
    return user_with(Role.ORG_COMMISSION, org=tree.commune)


def test_finalise_then_compare_after_a_new_admission(tree, year, commission):
    old = tree.member("Lò Văn Cũ")
    snap = services.form_finalise(actor=commission, org=tree.commune, code="1", period=YEAR)
    assert (snap.org, snap.form, snap.guidance, snap.period_kind, snap.start, snap.end) == (
        tree.commune, "1", "11-HD/BTCTW", "year", D(2025, 1, 1), D(2025, 12, 31))
    assert snap.period_label == "năm 2025" and snap.number == "Biểu số 1-BTCTW" and snap.finalised_by == commission
    assert {k: v for k, v in snap.figures.items() if v} == {"A": 7, "B": 1, "B1": 1, "C": 3, "C1": 1, "C3": 1,
                                                             "C3a": 1, "C5": 1, "C5b": 1, "D": 5}
    assert snap.labels["B1"].startswith("dòng B1 (") and set(snap.labels) == set(snap.figures)
    assert snapshots.compare(user=commission, snapshot=snap).changes == []

    late = tree.member("Đinh Văn Muộn", org=tree.cell2, admitted=D(2025, 10, 6), official=None)
    event_record(actor=tree.actor, member=old, kind="death", date=D(2026, 1, 5))  # after the period
    found = snapshots.compare(user=commission, snapshot=snap)
    changed = {c.key: (c.frozen, c.now) for c in found.changes}
    assert changed == {"B": (1, 2), "B1": (1, 2), "D": (5, 6)}
    assert next(c for c in found.changes if c.key == "B1").label == snap.labels["B1"]
    assert [(e.member, e.kind) for e in found.events] == [(late, "admit")]  # the 2026 death is outside the period


def test_the_frozen_words_survive_a_change_of_the_definition(tree, year, commission):
    snap = services.form_finalise(actor=commission, org=tree.commune, code="1", period=YEAR)
    FormSnapshot.objects.filter(pk=snap.pk).update(figures={**snap.figures, "Z9": 3},
                                                   labels={**snap.labels, "Z9": "dòng Z9 (Đã bỏ)"})
    snap.refresh_from_db()
    found = snapshots.compare(user=commission, snapshot=snap)
    assert [(c.key, c.label, c.frozen, c.now) for c in found.changes] == [("Z9", "dòng Z9 (Đã bỏ)", 3, None)]


def test_finalising_again_supersedes_and_keeps_both(tree, year, commission):
    first = services.form_finalise(actor=commission, org=tree.commune, code="1", period=YEAR)
    second = services.form_finalise(actor=commission, org=tree.commune, code="1", period=YEAR)
    assert second.supersedes == first and snapshots.is_superseded(first) and not snapshots.is_superseded(second)
    assert list(snapshots.snapshots_of(user=commission, org=tree.commune, period=YEAR)) == [second, first]
    assert snapshots.snapshot_current(user=commission, org=tree.commune, code="1", period=YEAR) == second
    # the same dates chosen as a range are the same period
    same = snapshots.period_between(D(2025, 1, 1), D(2025, 12, 31))
    assert snapshots.snapshot_current(user=commission, org=tree.commune, code="1", period=same) == second


def test_refused_while_a_check_is_broken_and_nothing_written(tree, year, commission, monkeypatch):
    monkeypatch.setattr(rules, "broken", lambda form, values: [BROKEN])
    audits = AuditEntry.objects.count()
    with pytest.raises(DomainError) as exc:
        services.form_finalise(actor=commission, org=tree.commune, code="1", period=YEAR)
    assert "Chưa thể chốt số liệu Biểu số 1-BTCTW" in exc.value.message and "dòng D (" in exc.value.message
    assert FormSnapshot.objects.count() == 0 and AuditEntry.objects.count() == audits


def test_refused_when_the_form_disagrees_with_another_of_the_set(tree, year, commission, monkeypatch):
    real = tables.form_table

    def one_more(*, code, **kwargs):  # Biểu 1 counts one member more at the end than Biểu 3
        made = real(code=code, **kwargs)
        if code == "1":
            made.lines[:] = [ln if ln.row.key != "D" else tables.Line(ln.row, ln.now + 1, ln.before, (
                tables.Cell("D", ln.now + 1, str(ln.now + 1)),)) for ln in made.lines]
        return made

    monkeypatch.setattr(tables, "form_table", one_more)
    with pytest.raises(DomainError) as exc:
        services.form_finalise(actor=commission, org=tree.commune, code="3", period=YEAR)
    assert "Biểu số 3-BTCTW dòng 1 (4) khác Biểu số 1-BTCTW D (5)." in exc.value.message
    assert FormSnapshot.objects.count() == 0


def test_an_average_is_frozen_with_its_decimal(tree, year, commission):
    snapshot = services.form_finalise(actor=commission, org=tree.commune, code="3", period=YEAR)
    assert snapshot.figures["1"] == 4 and isinstance(snapshot.figures["3.9"], float)
    assert snapshot.figures["3.9"] == tables.form_table(user=commission, org=tree.commune, code="3",
                                                        period=YEAR).figures()["3.9"]


def test_only_the_org_committee_finalises(tree, year):
    secretary = user_with(Role.CELL_SECRETARY, org=tree.cell1)
    inspection = user_with(Role.INSPECTION, org=tree.district)
    audits = AuditEntry.objects.count()
    with pytest.raises(OutOfScope):  # the district is not even visible to a cell
        services.form_finalise(actor=secretary, org=tree.district, code="1", period=YEAR)
    with pytest.raises(PowerViolation) as exc:  # inspection reads the district, decides nothing
        services.form_finalise(actor=inspection, org=tree.district, code="1", period=YEAR)
    assert tree.district.name in exc.value.message
    with pytest.raises(PowerViolation):  # nor does the commune's inspection for the commune
        services.form_finalise(actor=user_with(Role.INSPECTION, org=tree.commune), org=tree.commune, code="1",
                               period=YEAR)
    assert FormSnapshot.objects.count() == 0 and AuditEntry.objects.count() == audits
    assert services.form_finalise(actor=secretary, org=tree.cell1, code="1", period=YEAR).org == tree.cell1


def test_an_audit_entry_is_written(tree, year, commission):
    snap = services.form_finalise(actor=commission, org=tree.commune, code="1", period=YEAR)
    entry = AuditEntry.objects.get(action="form_finalise")
    assert (entry.actor, entry.object_id, entry.org_path) == (commission, str(snap.pk), tree.commune.path)
    assert entry.after["figures"]["D"] == 4 and entry.before is None


def test_the_superior_sees_which_children_finalised(tree, year, commission, django_assert_num_queries):
    secretary = user_with(Role.CELL_SECRETARY, org=tree.cell1)
    snap = services.form_finalise(actor=secretary, org=tree.cell1, code="1", period=YEAR)
    services.form_finalise(actor=secretary, org=tree.cell1, code="1", period=periods.half(2025, 1))  # other period
    scope_for(commission)
    with django_assert_num_queries(2):
        rows = snapshots.children_status(user=commission, org=tree.commune, period=YEAR)
    assert [r.org_id for r in rows] == [tree.cell1.pk, tree.cell2.pk]
    assert [(f.code, f.snapshot) for f in rows[0].forms if f.code == "1"] == [("1", snap)]
    assert rows[0].forms[0].snapshot.finalised_by == secretary
    assert all(f.snapshot is None for f in rows[1].forms) and not rows[1].complete
    # the tree of the period's end: the district's children then
    district = user_with(Role.ORG_COMMISSION, org=tree.district)
    names = [r.name for r in snapshots.children_status(user=district, org=tree.district, period=YEAR)]
    assert tree.commune.name in names and tree.cell1.name not in names
    with pytest.raises(OutOfScope):
        snapshots.children_status(user=secretary, org=tree.commune, period=YEAR)


# --- the pages -----------------------------------------------------------------------------------------------------

def test_the_form_page_offers_finalising_to_the_committee_only(tree, year, commission, client):
    url = reverse("statforms:table")
    client.force_login(commission)
    body = client.get(url, {"org": tree.commune.pk, **YEAR_Q}).content.decode()
    assert 'id="finalise-form"' in body and "Chốt số liệu" in body and "Đã chốt ngày" not in body
    client.force_login(user_with(Role.INSPECTION, org=tree.district))
    body = client.get(url, {"org": tree.commune.pk, **YEAR_Q}).content.decode()
    assert 'id="finalise-form"' not in body and 'id="children-link"' in body


@pytest.mark.parametrize("late", [1, 3])
def test_finalising_on_the_page_then_the_compare_page(tree, year, commission, client, late,
                                                      django_assert_num_queries):
    client.force_login(commission)
    action = reverse("statforms:finalise", kwargs={"pk": tree.commune.pk})
    query = f"?org={tree.commune.pk}&bieu=1&ky=year&nam=2025"
    response = client.post(action + query)
    assert response.status_code == 302 and response["Location"].startswith(reverse("statforms:table"))
    snap = FormSnapshot.objects.get()
    body = client.get(response["Location"]).content.decode()
    assert "Đã chốt ngày" in body and "Chốt lại số liệu" in body
    assert reverse("statforms:compare", kwargs={"pk": snap.pk}) in body

    for i in range(late):
        tree.member(f"Đinh Văn Muộn {i}", org=tree.cell2, admitted=D(2025, 10, 6), official=None)
    with django_assert_num_queries(17):  # the same reads however many events were recorded since
        body = client.get(reverse("statforms:compare", kwargs={"pk": snap.pk})).content.decode()
    assert 'id="cell-B1"' in body and "Đinh Văn Muộn" in body and "Kết nạp" in body


def test_the_page_says_why_it_cannot_be_finalised(tree, year, commission, client, monkeypatch):
    monkeypatch.setattr(rules, "broken", lambda form, values: [BROKEN])
    client.force_login(commission)
    body = client.get(reverse("statforms:table"), {"org": tree.commune.pk, **YEAR_Q}).content.decode()
    assert 'id="cannot-finalise"' in body and 'id="finalise-form"' not in body and "dòng D (" in body
    response = client.post(reverse("statforms:finalise", kwargs={"pk": tree.commune.pk})
                           + f"?org={tree.commune.pk}&bieu=1&ky=year&nam=2025", follow=True)
    assert "Chưa thể chốt số liệu" in response.content.decode() and FormSnapshot.objects.count() == 0


def test_posting_without_the_power_is_403(tree, year, client):
    client.force_login(user_with(Role.INSPECTION, org=tree.district))
    url = reverse("statforms:finalise", kwargs={"pk": tree.commune.pk}) + f"?org={tree.commune.pk}&bieu=1&ky=year&nam=2025"
    assert client.post(url).status_code == 403 and FormSnapshot.objects.count() == 0
    assert client.get(url).status_code == 302


@pytest.mark.parametrize("finalised", [0, 2])
def test_the_children_page(tree, year, commission, client, finalised, django_assert_num_queries):
    for cell in (tree.cell1, tree.cell2)[:finalised]:
        services.form_finalise(actor=user_with(Role.CELL_SECRETARY, org=cell), org=cell, code="1", period=YEAR)
    client.force_login(commission)
    with django_assert_num_queries(7):  # session, user, scope, org, ancestors; the children, their snapshots
        body = client.get(reverse("statforms:children"), {"org": tree.commune.pk, "ky": "year",
                                                          "nam": "2025"}).content.decode()
    assert tree.cell1.name in body and tree.cell2.name in body
    forms = len(guidance_on(YEAR.end).forms)  # a column per form of the guidance; only Biểu 1 was finalised
    assert body.count("Chưa chốt") == 2 * forms - finalised and body.count("Đã chốt ") == finalised
