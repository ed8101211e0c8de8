"""A member's dues page (RULES D1, D4): history of declared bases and reliefs, the year's payments, the two forms
for who may write (bad input: a message on the field, nothing saved); the receipt of a payment (D5), cancelled
when reversed; the arrears notice as DOCX read back with python-docx."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from dangbo.accounts.models import AuditEntry, Role
from dangbo.core.testing import user_with
from dangbo.dues import services
from dangbo.dues.models import Declaration, Relief

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def an(tree, admin):
    an = tree.member("Nguyễn Văn An")
    services.declare_basis(actor=admin, member=an, category="pension", basis=6_000_000, valid_from=D(2025, 1, 1))
    services.declare_basis(actor=admin, member=an, category="salary", basis=7_000_000, valid_from=D(2026, 1, 1))
    services.grant_relief(actor=admin, member=an, kind="reduce", percent=50, from_month=D(2026, 6, 1),
                          to_month=D(2026, 8, 1), decision_ref="07-QĐ/ĐU", decided_on=D(2026, 5, 20),
                          reason="Ốm dài ngày")
    services.record_payment(actor=admin, member=an, org=tree.cell1, month=D(2026, 1, 1), amount=70_000,
                            paid_on=D(2026, 1, 5))
    return an


def _url(tree, member):
    return reverse("dues:member", kwargs={"pk": tree.cell1.pk, "member_pk": member.pk})


def test_the_page_shows_history_newest_first_and_the_forms_to_a_writer(client, tree, an,
                                                                         django_assert_max_num_queries):
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    sheet = client.get(reverse("dues:collect", kwargs={"pk": tree.cell1.pk}), {"thang": "01/2026"})
    assert _url(tree, an) in sheet.content.decode()
    with django_assert_max_num_queries(9):
        body = client.get(_url(tree, an), {"nam": "2026"}).content.decode()
    assert body.index("01/2026") < body.index("01/2025")  # newest declaration first
    assert "07-QĐ/ĐU" in body and "20/05/2026" in body and "06/2026–08/2026" in body and "70.000" in body
    assert 'id="declare-form"' in body and 'id="relief-form"' in body


def test_a_reader_sees_no_forms_and_may_not_post(client, tree, an):
    client.force_login(user_with(Role.INSPECTION, org=tree.commune))
    body = client.get(_url(tree, an), {"nam": "2026"}).content.decode()
    assert "07-QĐ/ĐU" in body and 'id="declare-form"' not in body and 'id="relief-form"' not in body
    assert client.post(_url(tree, an), {"form": "declare", "declare-category": "student",
                                        "declare-valid_from": "03/2026"}).status_code == 403
    assert Declaration.objects.count() == 2


def test_declaring_a_basis(client, tree, an):
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    done = client.post(_url(tree, an), {"form": "declare", "declare-category": "salary",
                                        "declare-basis": "8.000.000", "declare-valid_from": "09/2026"})
    assert done.status_code == 302
    row = Declaration.objects.order_by("-id").first()
    assert (row.category, row.basis, row.valid_from) == ("salary", 8_000_000, D(2026, 9, 1))
    assert AuditEntry.objects.filter(action="dues_declare").count() == 3
    for data, field, words in (
        ({"declare-category": "salary", "declare-valid_from": "10/2026"}, "basis", "căn cứ"),  # service refuses
        ({"declare-category": "salary", "declare-basis": "tám triệu", "declare-valid_from": "10/2026"}, "basis",
         "Số tiền làm căn cứ"),
        ({"declare-category": "student", "declare-valid_from": "13/2026"}, "valid_from", "Áp dụng từ tháng"),
    ):
        bad = client.post(_url(tree, an), {"form": "declare", **data})
        assert bad.status_code == 200 and words in bad.context["declare_form"].errors[field][0]
    assert Declaration.objects.count() == 3


def test_granting_a_relief(client, tree, an):
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    data = {"form": "relief", "relief-kind": "exempt", "relief-from_month": "09/2026", "relief-to_month": "12/2026",
            "relief-decision_ref": "09-QĐ/ĐU", "relief-decided_on": "25/08/2026", "relief-reason": "Hoàn cảnh khó khăn"}
    assert client.post(_url(tree, an), data).status_code == 302
    assert Relief.objects.filter(decision_ref="09-QĐ/ĐU", to_month=D(2026, 12, 1)).exists()
    assert AuditEntry.objects.filter(action="dues_relief_grant").count() == 2
    clash = client.post(_url(tree, an), data | {"relief-decision_ref": "10-QĐ/ĐU"})
    assert "trùng thời gian" in clash.context["relief_form"].errors["from_month"][0]
    cut = client.post(_url(tree, an), data | {"relief-kind": "reduce", "relief-from_month": "01/2027",
                                              "relief-to_month": "02/2027"})
    assert "30%, 50% hoặc 70%" in cut.context["relief_form"].errors["percent"][0]
    assert Relief.objects.count() == 2


def test_a_member_of_another_cell_is_not_found_through_this_cell(client, tree, admin):
    other = tree.member("Lê Văn Khác", org=tree.cell2)
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.commune))
    assert client.get(_url(tree, other)).status_code == 404


def test_the_receipt_and_its_cancellation(client, tree, an, admin):
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    payment = an.dues_payments.get()
    url = reverse("dues:receipt", kwargs={"pk": tree.cell1.pk, "payment_pk": payment.pk})
    assert url in client.get(reverse("dues:payments", kwargs={"pk": tree.cell1.pk}),
                             {"thang": "01/2026"}).content.decode()
    body = client.get(url).content.decode()
    assert "BIÊN LAI THU ĐẢNG PHÍ" in body and "Nguyễn Văn An" in body and "01/2026" in body and "70.000" in body
    assert 'id="cancelled"' not in body and "<style" not in body and "<script" not in body
    reversal = services.reverse_payment(actor=admin, payment=payment, on=D(2026, 1, 9), reason="Ghi nhầm người")
    body = client.get(url).content.decode()
    assert "ĐÃ HỦY ngày 09/01/2026" in body and "Ghi nhầm người" in body
    reversal_url = reverse("dues:receipt", kwargs={"pk": tree.cell1.pk, "payment_pk": reversal.pk})
    assert client.get(reversal_url).status_code == 404  # a reversal row has no receipt of its own


def test_the_notice_as_docx(client, tree, admin):
    binh = tree.member("Trần Thị Bình", gender="F")
    services.declare_basis(actor=admin, member=binh, category="pension", basis=6_000_000, valid_from=D(2025, 1, 1))
    services.record_payment(actor=admin, member=binh, org=tree.cell1, month=D(2025, 1, 1), amount=30_000,
                            paid_on=D(2025, 1, 5))
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    kwargs = {"pk": tree.cell1.pk, "member_pk": binh.pk}
    page = client.get(reverse("dues:notice", kwargs=kwargs), {"nam": "2025"}).content.decode()
    assert reverse("dues:notice_docx", kwargs=kwargs) in page
    response = client.get(reverse("dues:notice_docx", kwargs=kwargs), {"nam": "2025"})
    assert response.status_code == 200 and response["Content-Type"].endswith("wordprocessingml.document")
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "GIẤY NHẮC ĐÓNG ĐẢNG PHÍ" in text and "Kính gửi đồng chí Trần Thị Bình." in text
    months = [row.cells[0].text for row in doc.tables[1].rows]
    assert months[0] == "Tháng" and months[1:-1] == [f"{m:02d}/2025" for m in range(2, 13)]
    assert doc.tables[1].rows[-1].cells[1].text == "330.000"
    [title] = [p for p in doc.paragraphs if p.text == "GIẤY NHẮC ĐÓNG ĐẢNG PHÍ"]
    assert (title.runs[0].font.name, title.runs[0].font.bold) == ("Times New Roman", True)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in doc.tables[0].rows[0].cells[1].text  # the letterhead (FORMS.md §1)
