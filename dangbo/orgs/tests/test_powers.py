"""Powers by level (O3): restructuring an org is decided by the committee directly above it.

The route × role table below is the restructuring part of the scope test: every restructuring route, tried by
every role that can see the org, with what each must get and that nothing changes when refused.
"""

import datetime as dt

import pytest
from django.urls import reverse

from dangbo.accounts.models import AuditEntry, Role
from dangbo.core.rules import PowerViolation
from dangbo.core.testing import otype, user_with
from dangbo.orgs import rules, services
from dangbo.orgs.models import Org, OrgPlacement
from dangbo.structure import services as structure_services

ON = dt.date(2024, 3, 1)
RESTRUCTURING_ROUTES = ("orgs:rename", "orgs:transfer", "structure:merge", "structure:split", "structure:dissolve")
BUTTONS = ("Đổi tên", "Chuyển giao", "Sáp nhập", "Chia tách", "Giải thể")


def test_rule_names_the_level_that_decides():
    rules.check_decision_power(action="rename", org_name="Chi bộ A", may_decide=True)
    with pytest.raises(PowerViolation) as exc:
        rules.check_decision_power(action="split", org_name="Chi bộ A", may_decide=False, superior_name="Đảng ủy xã B")
    assert exc.value.code == "O3" and "Điều lệ Đảng, Điều 11" in exc.value.citation
    assert exc.value.message.startswith("Chia tách Chi bộ A do cấp ủy cấp trên trực tiếp (Đảng ủy xã B) quyết định")
    with pytest.raises(PowerViolation, match="cấp Trung ương"):
        rules.check_decision_power(action="rename", org_name="Đảng bộ tỉnh", may_decide=False, is_root=True)
    assert rules.deciding_path("000100020003", 4) == "00010002"
    assert rules.deciding_path("0001", 4) == ""


def snapshot():
    return (list(Org.objects.order_by("pk").values_list("name", "status", "path")), OrgPlacement.objects.count(),
            AuditEntry.objects.count())


@pytest.mark.parametrize("call", [
    lambda u, t: services.org_rename(actor=u, org=t.cell1, name="Chi bộ mới", on=ON),
    lambda u, t: structure_services.org_dissolve(actor=u, org=t.cell1, on=ON),
    lambda u, t: structure_services.org_split(actor=u, source=t.cell1, on=ON, parts=[
        {"name": "A", "type": otype("chi_bo_truc_thuoc")}, {"name": "B", "type": otype("chi_bo_truc_thuoc")}]),
    lambda u, t: structure_services.org_merge(actor=u, sources=[t.cell1], into=t.cell2, on=ON),
    lambda u, t: services.org_transfer(actor=u, org=t.cell1, new_parent=t.cell1, on=ON),
], ids=["rename", "dissolve", "split", "merge", "transfer"])
def test_cell_secretary_cannot_restructure_her_own_cell(tree, call):
    secretary = user_with(Role.CELL_SECRETARY, org=tree.cell1)
    before = snapshot()
    with pytest.raises(PowerViolation) as exc:
        call(secretary, tree)
    assert "Đảng bộ xã Đạ Sar" in exc.value.message  # names the superior that decides
    assert snapshot() == before


def test_the_superior_committee_restructures(tree):
    commune = user_with(Role.ORG_COMMISSION, org=tree.commune)
    services.org_rename(actor=commune, org=tree.cell1, name="Chi bộ thôn Đạ Nghịt 1", on=ON)
    merged = structure_services.org_merge(actor=commune, sources=[tree.cell2], into=tree.cell1, on=dt.date(2024, 4, 1))
    assert merged.name == "Chi bộ thôn Đạ Nghịt 1"
    # …but not the commune itself: that is the district's decision.
    with pytest.raises(PowerViolation, match="Đảng bộ huyện Lạc Dương"):
        services.org_rename(actor=commune, org=tree.commune, name="Đảng bộ xã mới", on=ON)
    district = user_with(Role.ORG_COMMISSION, org=tree.district)
    services.org_rename(actor=district, org=tree.commune, name="Đảng bộ xã Đạ Sar mới", on=ON)
    with pytest.raises(PowerViolation, match="cấp Trung ương"):
        services.org_rename(actor=user_with(Role.ORG_COMMISSION, org=tree.province), org=tree.province,
                            name="Đảng bộ tỉnh mới", on=ON)


def test_a_secretary_still_manages_party_groups_inside_her_cell(tree):
    secretary = user_with(Role.CELL_SECRETARY, org=tree.cell1)
    group = services.org_create(actor=secretary, parent=tree.cell1, name="Tổ đảng 1", type=otype("to_dang"),
                                founded_on=ON)
    services.org_rename(actor=secretary, org=group, name="Tổ đảng số 1", on=dt.date(2024, 5, 1))
    assert Org.objects.get(pk=group.pk).name == "Tổ đảng số 1"


# role -> expected GET status on the restructuring routes of tree.cell1, and whether the org page shows buttons
ROLE_CASES = {
    "cell_secretary_of_the_cell": (lambda t: user_with(Role.CELL_SECRETARY, org=t.cell1), 403, False),
    "commune_commission": (lambda t: user_with(Role.ORG_COMMISSION, org=t.commune), 200, True),
    "district_commission": (lambda t: user_with(Role.ORG_COMMISSION, org=t.district), 200, True),
    "commune_inspection": (lambda t: user_with(Role.INSPECTION, org=t.commune), 404, False),
    "member_of_the_cell": (lambda t: user_with(Role.MEMBER, member=t.member("Lê Thị Riêng", gender="F")), 404, False),
    "admin": (lambda t: t.actor, 200, True),
}


@pytest.mark.parametrize("role", sorted(ROLE_CASES))
def test_restructuring_routes_by_role(client, tree, role):
    make_user, expected, shows_buttons = ROLE_CASES[role]
    client.force_login(make_user(tree))
    before = snapshot()
    for name in RESTRUCTURING_ROUTES:
        url = reverse(name, kwargs={"pk": tree.cell1.pk})
        response = client.get(url)
        assert response.status_code == expected, (name, role)
        if expected == 403:
            assert "cấp ủy cấp trên trực tiếp" in response.content.decode()
            assert client.post(url, {"name": "Đổi", "on": "01/03/2024", "name_1": "A", "name_2": "B",
                                     "reason": "x"}).status_code == 403
    assert snapshot() == before
    page = client.get(reverse("orgs:detail", kwargs={"pk": tree.cell1.pk}))
    if page.status_code == 200:
        body = page.content.decode()
        for label, name in zip(BUTTONS, RESTRUCTURING_ROUTES, strict=True):
            link = reverse(name, kwargs={"pk": tree.cell1.pk})
            assert (link in body) is shows_buttons, (role, label)
