"""Issue 7, point 5 (reviews): a page shows an action only to a user who may take it. Rendered as đảng viên
(member role), ủy ban kiểm tra (read-only) and the roles that act: no “Nhập Excel” or “Phê duyệt” that would end in
403 / 404, no “Lưu đề xuất” on a fully decided year — and every review link on the page opens for that user."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from dangbo.accounts.models import Role
from dangbo.core.testing import user_with
from dangbo.reviews import services
from dangbo.reviews.choices import Level
from dangbo.reviews.models import Assessment

D = dt.date
YEAR = 2024
IMPORT = "Nhập kết quả từ Excel"


@pytest.fixture
def campaign(tree, admin):
    for name in ("Nguyễn Văn An", "Trần Văn Bình", "Lê Văn Cường"):
        tree.member(name, org=tree.cell1)
    return services.campaign_open(actor=admin, org=tree.district, year=YEAR, opens_on=D(YEAR, 11, 15))


def page_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def links_open(client, page: str) -> None:
    """Every link of the review pages on ``page`` opens (no 403 / 404) for the logged-in user."""
    for href in sorted(set(re.findall(r'href="(/danh-gia/[^"#]*)', page))):
        status = client.get(href.replace("&amp;", "&")).status_code
        assert status in (200, 302), (href, status)


def urls(tree, campaign):
    return {"home": reverse("reviews:home"), "campaign": reverse("reviews:campaign", kwargs={"pk": campaign.pk}),
            "unit": reverse("reviews:unit", kwargs={"year": YEAR, "pk": tree.cell1.pk}),
            "approve": reverse("reviews:approve", kwargs={"year": YEAR, "pk": tree.commune.pk})}


def test_inspection_sees_results_but_no_import_approve_or_save(client, tree, campaign):
    client.force_login(user_with(Role.INSPECTION, org=tree.district))
    u = urls(tree, campaign)
    home = page_of(client, u["home"])
    assert IMPORT not in home and "/danh-gia/nhap-excel/" not in home
    assert not re.search(r">\s*phê duyệt\s*<", home, re.I)
    links_open(client, home)
    detail = page_of(client, u["campaign"])
    assert "Phê duyệt —" not in detail and ">phê duyệt<" not in detail and ">nhập kết quả<" not in detail
    assert "Xem quyết định — Đảng bộ huyện Lạc Dương" in detail
    links_open(client, detail)
    unit = page_of(client, u["unit"])
    assert IMPORT not in unit and "Lưu đề xuất" not in unit
    links_open(client, unit)
    approve = page_of(client, u["approve"])
    assert "Phê duyệt tất cả" not in approve and ">mở lại<" not in approve
    links_open(client, approve)


def test_member_role_sees_only_what_opens(client, tree, campaign):
    me = Assessment.objects.filter(year=YEAR, org=tree.cell1, subject="member").first().member
    client.force_login(user_with(Role.MEMBER, member=me))
    home = page_of(client, reverse("reviews:home"))
    assert IMPORT not in home and "Phê duyệt" not in home and "Phiếu đánh giá của tôi" in home
    links_open(client, home)


def test_the_roles_that_act_see_their_actions(client, tree, campaign):
    u = urls(tree, campaign)
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    assert IMPORT in page_of(client, u["home"])
    unit = page_of(client, u["unit"])
    assert IMPORT in unit and "Lưu đề xuất" in unit
    committee = user_with(Role.ORG_COMMISSION, org=tree.commune)
    client.force_login(committee)
    detail = page_of(client, u["campaign"] + f"?org={tree.commune.pk}")
    assert "Phê duyệt — Đảng bộ xã Đạ Sar" in detail and ">nhập kết quả<" in detail
    links_open(client, detail)


def test_no_save_button_on_a_fully_decided_year(client, tree, admin, campaign):
    rows = {a.pk: {"level": Level.GOOD} for a in Assessment.objects.filter(year=YEAR, org=tree.cell1, subject="member")}
    services.unit_propose(actor=admin, unit=tree.cell1, year=YEAR, rows=rows)
    own = Assessment.objects.get(year=YEAR, subject_org=tree.cell1)
    services.assessment_propose(actor=admin, assessment=own, level=Level.GOOD)
    services.assessments_approve(actor=admin, approver=tree.commune, year=YEAR)
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    unit = page_of(client, urls(tree, campaign)["unit"])
    assert "Lưu đề xuất" not in unit and IMPORT not in unit and 'id="da-quyet-dinh-het"' in unit
