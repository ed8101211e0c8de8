"""The pages open for an in-scope commission and a learner is added by the picker's id."""

import datetime as dt

import pytest
from django.urls import reverse

from dangbo.core.testing import Role, user_with
from dangbo.training import services
from dangbo.training.models import Enrolment

pytestmark = pytest.mark.django_db


def test_pages_and_enrol(client, tree):
    an = tree.member("Nguyễn Văn An", org=tree.cell1)
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.commune))
    klass = services.class_create(actor=tree.actor, org=tree.commune, data={
        "kind": "dv_moi", "name": "Lớp đảng viên mới", "organiser": tree.commune,
        "starts_on": dt.date(2024, 5, 6), "ends_on": dt.date(2024, 5, 10)})
    body = client.get(reverse("training:classes", kwargs={"pk": tree.commune.pk}), {"year": 2024}).content.decode()
    assert "Lớp đảng viên mới" in body and "1 lớp bồi dưỡng nhận thức về Đảng" in body
    picker = client.get(reverse("training:learner_picker", kwargs={"pk": klass.pk}), {"q": "nguyen van"})
    assert "Nguyễn Văn An" in picker.content.decode()
    assert client.post(reverse("training:detail", kwargs={"pk": klass.pk}), {"member": an.pk}).status_code == 302
    row = Enrolment.objects.get()
    client.post(reverse("training:result", kwargs={"pk": klass.pk, "enrolment_pk": row.pk}),
                {"result": "passed", "certificate_number": "5", "certificate_date": "10/05/2024"})
    row.refresh_from_db()
    assert row.result == "passed"
    assert client.get(reverse("training:class_create", kwargs={"pk": tree.commune.pk})).status_code == 200


def test_edit_a_class_from_its_page(client, tree):
    klass = services.class_create(actor=tree.actor, org=tree.commune, data={
        "kind": "dv_moi", "name": "Lớp đảng viên mới", "organiser": tree.commune,
        "starts_on": dt.date(2024, 5, 6), "ends_on": dt.date(2024, 5, 10)})
    url = reverse("training:class_update", kwargs={"pk": klass.pk})
    client.force_login(user_with(Role.INSPECTION, org=tree.commune))
    assert "Sửa lớp" not in client.get(reverse("training:detail", kwargs={"pk": klass.pk})).content.decode()
    assert client.get(url).status_code == 403
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.commune))
    assert url in client.get(reverse("training:detail", kwargs={"pk": klass.pk})).content.decode()
    form = {"kind": "dv_moi", "name": "Lớp đảng viên mới K2", "institution": "", "starts_on": "06/05/2024",
            "ends_on": "01/05/2024", "place": "Hội trường xã"}
    refused = client.post(url, form)
    assert refused.status_code == 200 and "bế giảng" in refused.content.decode()
    klass.refresh_from_db()
    assert klass.name == "Lớp đảng viên mới"
    assert client.post(url, {**form, "ends_on": "12/05/2024"}).status_code == 302
    klass.refresh_from_db()
    assert (klass.name, klass.ends_on, klass.place, klass.organiser_id) == (
        "Lớp đảng viên mới K2", dt.date(2024, 5, 12), "Hội trường xã", tree.commune.pk)
