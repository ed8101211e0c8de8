import datetime as dt

from django.urls import reverse

from dangbo.accounts.models import Role
from dangbo.core.testing import cccd_for, user_with
from dangbo.members.models import LifecycleEvent, Member


def test_search_folds_accents_and_d(client, tree, admin):
    tree.member("Nguyễn Văn An")
    tree.member("Đặng Thị Hoa", gender="F")
    tree.member("Trần Văn Bình")
    client.force_login(admin)
    body = client.get(reverse("members:list"), {"q": "nguyen van an"}).content.decode()
    assert "Nguyễn Văn An" in body and "Trần Văn Bình" not in body
    body = client.get(reverse("members:list"), {"q": "dang"}).content.decode()
    assert "Đặng Thị Hoa" in body and "Nguyễn Văn An" not in body


def test_list_is_in_vietnamese_name_order_with_bounded_queries(client, tree, admin, django_assert_max_num_queries):
    for name in ["Trần Văn Bình", "Lê Thị Ánh", "Nguyễn Văn An", "Hồ Văn Đông", "Vũ Thị Dung"]:
        tree.member(name)
    client.force_login(admin)
    with django_assert_max_num_queries(12):
        body = client.get(reverse("members:list")).content.decode()
    positions = [body.index(n) for n in ["Nguyễn Văn An", "Lê Thị Ánh", "Trần Văn Bình", "Vũ Thị Dung", "Hồ Văn Đông"]]
    assert positions == sorted(positions)
    assert "19/05/2018" in body  # dd/mm/yyyy


def test_org_page_counts_and_bounded_queries(client, tree, admin, django_assert_max_num_queries):
    for i in range(6):
        tree.member(f"Nguyễn Văn Số{i}", org=tree.cell1 if i % 2 else tree.cell2)
    tree.member("Lê Văn Mới", admitted=dt.date(2025, 1, 1), official=None)
    client.force_login(admin)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("orgs:detail", kwargs={"pk": tree.district.pk}))
    body = response.content.decode()
    assert "Đảng bộ xã Đạ Sar" in body
    stats = body[body.index('id="org-stats"'):body.index("Tổ chức trực thuộc</span>")]
    assert "<b>7</b><span>Đảng viên đang sinh hoạt" in stats and "<b>1</b><span>Dự bị" in stats


def test_create_member_form_errors_are_vietnamese_and_nothing_saved(client, tree):
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    data = {"full_name": "Lò Văn Pá", "date_of_birth": "31/02/1990", "gender": "M", "ethnicity": "Thái",
            "org": tree.cell1.pk, "admitted_on": "01/01/2020", "education_level": "none", "political_theory": "none",
            "category": "nong_dan", "cccd": "001090123"}
    body = client.post(reverse("members:create"), data).content.decode()
    assert "Ngày phải có dạng dd/mm/yyyy." in body
    assert Member.objects.count() == 0
    data["date_of_birth"] = "15/02/1990"
    body = client.post(reverse("members:create"), data).content.decode()
    assert "Số CCCD" in body and "12 chữ số" in body
    assert Member.objects.count() == 0
    data["cccd"] = cccd_for("M", dt.date(1990, 2, 15), 4242)
    response = client.post(reverse("members:create"), data)
    assert response.status_code == 302
    assert Member.objects.get().full_name == "Lò Văn Pá"


def test_event_form_refusal_names_the_rule(client, tree, admin):
    m = tree.member()
    client.force_login(admin)
    body = client.post(reverse("members:event", kwargs={"pk": m.pk}),
                       {"kind": "recognize", "date": "01/01/2021"}).content.decode()
    assert "đã là đảng viên chính thức" in body and "Điều lệ" in body
    assert LifecycleEvent.objects.filter(member=m).count() == 2
    response = client.post(reverse("members:event", kwargs={"pk": m.pk}),
                           {"kind": "transfer", "date": "01/01/2021", "org": tree.cell2.pk})
    assert response.status_code == 302
    page = client.get(reverse("members:detail", kwargs={"pk": m.pk})).content.decode()
    assert "Chuyển sinh hoạt chính thức (trong hệ thống)" in page and "01/01/2021" in page


def test_correction_and_discipline_forms(client, tree, admin):
    m = tree.member()
    client.force_login(admin)
    ev = m.events.get(kind="recognize")
    r = client.post(reverse("members:event_correct", kwargs={"pk": m.pk, "event_pk": ev.pk}),
                    {"date": "01/06/2019", "note": "Sai ngày họp xét"})
    assert r.status_code == 302
    r = client.post(reverse("members:discipline", kwargs={"pk": m.pk}),
                    {"form": "warning", "date": "01/03/2023", "decided_by": "Chi bộ", "reason": "Vi phạm"})
    assert r.status_code == 302
    assert m.disciplines.count() == 1


def test_export_xlsx_contains_visible_rows(client, tree, admin):
    import io

    from openpyxl import load_workbook

    tree.member("Nguyễn Văn An")
    client.force_login(admin)
    response = client.get(reverse("members:export"))
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][1] == "Họ và tên" and rows[1][1] == "Nguyễn Văn An" and rows[1][2] == "02/03/1985"


def test_post_form_and_next_event_links(client, tree, admin):
    m = tree.member(admitted=dt.date(2024, 1, 1), official=None)
    client.force_login(admin)
    page = client.get(reverse("members:detail", kwargs={"pk": m.pk})).content.decode()
    assert "?kind=recognize" in page and "?kind=expel" not in page
    r = client.post(reverse("members:post", kwargs={"pk": m.pk}),
                    {"kind": "village_head", "title": "Trưởng thôn Đạ Nghịt", "starts_on": "01/01/2024",
                     "ends_on": "01/01/2023"})
    assert "sau ngày bắt đầu" in r.content.decode()
    r = client.post(reverse("members:post", kwargs={"pk": m.pk}),
                    {"kind": "village_head", "title": "Trưởng thôn Đạ Nghịt", "starts_on": "01/01/2024"})
    assert r.status_code == 302 and m.posts.count() == 1
