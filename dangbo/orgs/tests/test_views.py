import datetime as dt

from django.urls import reverse

from dangbo.orgs.models import Org, OrgStatus


def test_tree_page_and_children_partial(client, tree, admin):
    client.force_login(admin)
    body = client.get(reverse("orgs:tree")).content.decode()
    assert "Đảng bộ tỉnh Lâm Đồng" in body
    part = client.get(reverse("orgs:children", kwargs={"pk": tree.province.pk}), HTTP_HX_REQUEST="true")
    assert "Đảng bộ huyện Lạc Dương" in part.content.decode() and "<html" not in part.content.decode()
    found = client.get(reverse("orgs:tree"), {"q": "da sar"}).content.decode()
    assert "Đảng bộ xã Đạ Sar" in found


def test_create_rename_transfer_dissolve_through_forms(client, tree, admin):
    client.force_login(admin)
    from dangbo.orgs.models import OrgType

    cell_type = OrgType.objects.get(code="chi_bo_truc_thuoc")
    r = client.post(reverse("orgs:create", kwargs={"pk": tree.commune.pk}),
                    {"name": "Chi bộ thôn Mới", "type": cell_type.pk, "founded_on": "01/02/2020"})
    assert r.status_code == 302
    new = Org.objects.get(name="Chi bộ thôn Mới")
    body = client.post(reverse("orgs:rename", kwargs={"pk": new.pk}), {"name": "X", "on": "01/01/2019"}).content.decode()
    assert "trước ngày thành lập" in body
    assert client.post(reverse("orgs:rename", kwargs={"pk": new.pk}),
                       {"name": "Chi bộ thôn Mới 2", "on": "01/01/2021"}).status_code == 302
    r = client.post(reverse("orgs:transfer", kwargs={"pk": new.pk}),
                    {"new_parent": tree.other_commune.pk, "on": "01/01/2022"})
    assert r.status_code == 302
    assert client.post(reverse("structure:dissolve", kwargs={"pk": new.pk}),
                       {"on": "01/01/2023", "reason": "Sáp xếp"}).status_code == 302
    new.refresh_from_db()
    assert new.status == OrgStatus.ENDED
    history = client.get(reverse("orgs:detail", kwargs={"pk": new.pk})).content.decode()
    assert "Chi bộ thôn Mới" in history and "Đảng bộ xã Rô Men" in history and "01/01/2023" in history


def test_tree_on_date_page(client, tree, admin):
    tree.member("Nguyễn Văn An", org=tree.cell1)
    client.force_login(admin)
    body = client.get(reverse("orgs:tree_on", kwargs={"pk": tree.commune.pk}), {"on": "01/01/2017"}).content.decode()
    assert "Chi bộ thôn Đạ Nghịt" in body and "Nguyễn Văn An" not in body  # admitted 2018
    body = client.get(reverse("orgs:tree_on", kwargs={"pk": tree.commune.pk}), {"on": "01/01/2020"}).content.decode()
    assert "Nguyễn Văn An" in body
    body = client.get(reverse("orgs:tree_on", kwargs={"pk": tree.commune.pk}), {"on": "32/01/2020"}).content.decode()
    assert "dd/mm/yyyy" in body
    _ = dt


def test_merge_and_split_forms(client, tree, admin):
    client.force_login(admin)
    a = tree.member("Nguyễn Văn An", org=tree.cell1)
    b = tree.member("Lê Văn Bảo", org=tree.cell1)
    r = client.post(reverse("structure:split", kwargs={"pk": tree.cell1.pk}), {
        "name_1": "Chi bộ A", "name_2": "Chi bộ B", "type": tree.cell1.type.pk, "on": "01/01/2022",
        f"assign_m_{a.pk}": "1", f"assign_m_{b.pk}": "2"})
    assert r.status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.org.name == "Chi bộ A" and b.org.name == "Chi bộ B"
    r = client.post(reverse("structure:merge", kwargs={"pk": a.org.pk}), {"into": b.org.pk, "on": "01/01/2023"})
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.org.name == "Chi bộ B"


def test_committee_and_village_forms(client, tree, admin):
    client.force_login(admin)
    m = tree.member("Nguyễn Văn An", org=tree.cell1)
    r = client.get(reverse("orgs:seat_create", kwargs={"pk": tree.cell1.pk}))
    assert r.status_code == 302 and "nhiem-ky" in r["Location"]
    assert client.post(reverse("orgs:term_create", kwargs={"pk": tree.cell1.pk}),
                       {"name": "2022–2025", "starts_on": "01/06/2022", "committee_name": "Chi ủy"}).status_code == 302
    assert client.post(reverse("orgs:seat_create", kwargs={"pk": tree.cell1.pk}),
                       {"member": m.pk, "post": "secretary", "starts_on": "01/06/2022"}).status_code == 302
    body = client.post(reverse("orgs:seat_create", kwargs={"pk": tree.cell1.pk}),
                       {"member": m.pk, "post": "secretary", "starts_on": "01/06/2022"}).content.decode()
    assert "đã có Bí thư" in body
    page = client.get(reverse("orgs:detail", kwargs={"pk": tree.cell1.pk})).content.decode()
    assert "Bí thư: " in page and "Nguyễn Văn An" in page
    from dangbo.core.testing import okind

    r = client.post(reverse("orgs:village_create", kwargs={"pk": tree.commune.pk}), {
        "name": "Đạ Nghịt", "kind": okind("thon").pk, "cell": tree.cell1.pk, "head_member": m.pk,
        "valid_from": "01/01/2015"})
    assert r.status_code == 302
    page = client.get(reverse("orgs:detail", kwargs={"pk": tree.commune.pk})).content.decode()
    assert "Thôn Đạ Nghịt" in page and "Nguyễn Văn An" in page


def test_org_export_lists_the_visible_subtree(client, tree):
    import io

    from openpyxl import load_workbook

    from dangbo.accounts.models import Role
    from dangbo.core.testing import user_with

    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.district))
    response = client.get(reverse("orgs:export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    names = [r[1] for r in rows[1:]]
    assert "Đảng bộ huyện Lạc Dương" in names and "Chi bộ thôn Đạ Nghịt" in names
    assert "Đảng bộ huyện Đam Rông" not in names and "Đảng bộ tỉnh Lâm Đồng" not in names
    cell_row = next(r for r in rows if r[1] == "Chi bộ thôn Đạ Nghịt")
    assert cell_row[9] == "Đảng bộ xã Đạ Sar" and cell_row[6] == "01/01/2015"


def test_subtree_counts_count_every_descendant(tree, admin):
    from dangbo.members.selectors import subtree_counts

    tree.member("Nguyễn Văn An", org=tree.cell1)
    tree.member("Lê Văn Bình", org=tree.cell2)
    counts = subtree_counts(parent=tree.district, children=[tree.commune, tree.agency])
    assert counts[tree.commune.pk]["orgs"] == 2 and counts[tree.commune.pk]["cells"] == 2
    assert counts[tree.commune.pk]["members"] == 2 and counts[tree.agency.pk]["orgs"] == 0
