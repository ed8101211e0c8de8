"""Who still needs training, ``committee_trained_rate`` and the footnote-23 count, on a small tree counted by hand."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.core.periods import year
from dangbo.core.testing import Role, user_with
from dangbo.orgs import services as org_services
from dangbo.targets.registry import measure, measure_children
from dangbo.training import needs, selectors, services

pytestmark = pytest.mark.django_db
D = dt.date


def _class(tree, org, kind, ends_on, name):
    return services.class_create(actor=tree.actor, org=org, data={
        "kind": kind, "name": name, "institution": "Trung tâm chính trị huyện",
        "starts_on": ends_on - dt.timedelta(days=4), "ends_on": ends_on})


def _learn(tree, klass, member, result="passed", when=None):
    row = services.enrol(actor=tree.actor, training_class=klass, member=member)
    dated = result == "passed" and klass.kind in ("nhan_thuc", "dv_moi")
    services.result_record(actor=tree.actor, enrolment=row, result=result,
                           certificate_number="1" if dated else "", certificate_date=klass.ends_on if dated else None)


@pytest.fixture
def trained_tree(tree):
    seat = org_services.committee_seat_assign
    sec = tree.member("Nguyễn Văn Bí", org=tree.cell1)
    dep = tree.member("Trần Văn Phó", org=tree.cell1)
    cell1_sec = tree.member("Lê Văn Một", org=tree.cell1)
    cell1_member = tree.member("Lê Văn Ủy", org=tree.cell1)
    cell2_sec = tree.member("Phạm Văn Hai", org=tree.cell2)
    far = tree.member("Đỗ Văn Xa", org=tree.other_cell)
    commune = org_services.term_open(actor=tree.actor, org=tree.commune, name="2020–2025", starts_on=D(2020, 6, 1))
    seat(actor=tree.actor, committee=commune, member=sec, post="secretary", starts_on=D(2020, 6, 1))
    seat(actor=tree.actor, committee=commune, member=dep, post="deputy_secretary", starts_on=D(2020, 6, 1))
    seat(actor=tree.actor, committee=commune, member=cell1_sec, post="member", starts_on=D(2020, 6, 1))
    cell1 = org_services.term_open(actor=tree.actor, org=tree.cell1, name="2022–2025", starts_on=D(2022, 6, 1))
    seat(actor=tree.actor, committee=cell1, member=cell1_sec, post="secretary", starts_on=D(2022, 6, 1))
    seat(actor=tree.actor, committee=cell1, member=cell1_member, post="member", starts_on=D(2022, 6, 1))  # not counted
    cell2 = org_services.term_open(actor=tree.actor, org=tree.cell2, name="2022–2025", starts_on=D(2022, 6, 1))
    seat(actor=tree.actor, committee=cell2, member=cell2_sec, post="secretary", starts_on=D(2022, 6, 1))
    other = org_services.term_open(actor=tree.actor, org=tree.other_commune, name="2020–2025", starts_on=D(2020, 6, 1))
    seat(actor=tree.actor, committee=other, member=far, post="secretary", starts_on=D(2020, 6, 1))

    before = _class(tree, tree.commune, "nghiep_vu", D(2019, 10, 4), "Nghiệp vụ 2019")
    _learn(tree, before, dep)                                 # before the term: does not count
    work = _class(tree, tree.commune, "nghiep_vu", D(2022, 9, 9), "Nghiệp vụ 2022")
    for person, result in ((sec, "passed"), (dep, "failed"), (cell2_sec, "passed"), (far, "passed")):
        _learn(tree, work, person, result)
    update = _class(tree, tree.commune, "cap_nhat", D(2022, 10, 7), "Cập nhật kiến thức")
    _learn(tree, update, cell1_sec)                           # another kind: does not count

    new1 = tree.member("Vũ Thị Mới", org=tree.cell1, gender="F", admitted=D(2022, 3, 1), official=None)
    tree.member("Vũ Văn Mới", org=tree.cell2, admitted=D(2022, 4, 1), official=None)
    course = _class(tree, tree.commune, "dv_moi", D(2022, 5, 20), "Đảng viên mới 2022")
    _learn(tree, course, new1)
    elementary = _class(tree, tree.commune, "so_cap", D(2022, 11, 25), "Sơ cấp 2022")
    _learn(tree, elementary, dep)                              # sơ cấp is not the new-member course (T5)
    return tree


def test_committee_trained_rate_counts_people_trained_in_their_term(trained_tree):
    tree = trained_tree
    m = measure("committee_trained_rate", org=tree.district, period=year(2022))
    assert (m.numerator, m.denominator) == (2, 4)              # Bí, Hai / Bí, Phó, Một, Hai
    assert measure("committee_trained_rate", org=tree.commune, period=year(2021)).text == "0/3 (tỷ lệ 0,0%)"
    assert measure("committee_trained_rate", org=tree.province, period=year(2022)).text == "3/5 (tỷ lệ 60,0%)"
    kids = [tree.cell1, tree.cell2]
    by_child = measure_children("committee_trained_rate", org=tree.commune, period=year(2022), kids=kids)
    assert [(by_child[k.pk].numerator, by_child[k.pk].denominator) for k in kids] == [(0, 1), (1, 1)]


def test_needs_lists_both_and_exports(trained_tree, client, django_assert_max_num_queries):
    tree = trained_tree
    user = user_with(Role.ORG_COMMISSION, org=tree.commune)
    with django_assert_max_num_queries(9):
        found = needs.needs(user=user, org=tree.commune, on=D(2022, 12, 31))
        seats = [(s.member.full_name, s.post) for s in found.seats]
        waiting = [m.full_name for m in found.probationers]
    assert seats == [("Trần Văn Phó", "deputy_secretary"), ("Lê Văn Một", "member"), ("Lê Văn Một", "secretary")]
    assert (found.seats_people, found.committee_people) == (2, 4)
    assert waiting == ["Vũ Văn Mới"] and (found.probationers_count, found.probationers_total) == (1, 2)
    # before the new-member course, both probationers still need it
    assert needs.needs(user=user, org=tree.commune, on=D(2022, 5, 1)).probationers_count == 2

    client.force_login(user)
    page = client.get(reverse("training:needs", kwargs={"pk": tree.commune.pk}), {"on": "31/12/2022"})
    body = page.content.decode()
    assert "Trần Văn Phó" in body and "Vũ Văn Mới" in body and "(2/4 người)" in body and "(1/2 người)" in body
    got = client.get(reverse("training:needs_xlsx", kwargs={"pk": tree.commune.pk}), {"on": "31/12/2022"})
    wb = load_workbook(io.BytesIO(got.content))
    rows = list(wb["Cấp ủy viên, bí thư"].iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == ["Trần Văn Phó", "Lê Văn Một", "Lê Văn Một"]
    assert [r[1] for r in wb["Đảng viên dự bị"].iter_rows(min_row=2, values_only=True)] == ["Vũ Văn Mới"]
    outside = user_with(Role.ORG_COMMISSION, org=tree.other_commune)
    client.force_login(outside)
    assert client.get(reverse("training:needs", kwargs={"pk": tree.commune.pk})).status_code == 404


def test_theory_sent_counts_distinct_people_per_level(trained_tree, client):
    tree = trained_tree
    dep = tree.member("Hoàng Văn Trung", org=tree.cell2)
    school = "Trường Chính trị tỉnh"
    for kind, ends_on in (("trung_cap", D(2022, 8, 30)), ("trung_cap", D(2022, 12, 2))):
        klass = services.class_create(actor=tree.actor, org=tree.district, data={
            "kind": kind, "name": f"Trung cấp {ends_on}", "institution": school,
            "starts_on": ends_on - dt.timedelta(days=60), "ends_on": ends_on})
        _learn(tree, klass, dep, "withdrew" if ends_on.month == 8 else "passed")  # sent twice: one person
    far_class = services.class_create(actor=tree.actor, org=tree.other_district, data={
        "kind": "cao_cap", "name": "Cao cấp", "institution": "Học viện", "starts_on": D(2022, 3, 1),
        "ends_on": D(2022, 9, 1)})
    _learn(tree, far_class, tree.member("Đinh Văn Cao", org=tree.cell1))  # sent by another district's list
    admin = tree.actor
    sent = selectors.theory_sent(user=admin, org=tree.district, start=D(2022, 1, 1), end=D(2022, 12, 31))
    assert sent == {"cao_cap": 1, "trung_cap": 1, "so_cap": 1}
    assert selectors.theory_sent(user=admin, org=tree.other_district, start=D(2022, 1, 1),
                                 end=D(2022, 12, 31)) == {"cao_cap": 0, "trung_cap": 0, "so_cap": 0}
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.district))
    body = client.get(reverse("training:classes", kwargs={"pk": tree.district.pk}), {"year": 2022}).content.decode()
    assert "3 đồng chí đi học lý luận chính trị (cao cấp 1, trung cấp 1, sơ cấp 1)" in body
