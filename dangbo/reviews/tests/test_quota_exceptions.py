"""Issue 7, point 1: the published ratings of `002` (Lạc Dương, 58 tổ chức cơ sở đảng decided by the district) go
in through the services. Above the HTXSNV share the approval is refused until the approver records the exception,
which is kept, audited and listed in the statistics."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from dangbo.accounts.models import AuditEntry
from dangbo.core.exceptions import DomainError
from dangbo.core.testing import okind, otype
from dangbo.orgs.services import org_create
from dangbo.reviews import selectors, services
from dangbo.reviews.choices import Level, Status, Subject
from dangbo.reviews.models import Assessment, QuotaException

D = dt.date
E, G, C = Level.EXCELLENT, Level.GOOD, Level.COMPLETED
# 002 §1.1.1: 2021 — 56/58 good or above, 13 of them excellent, 2 HTNV; 2022 — 55/58, 18 excellent, 3 HTNV.
PUBLISHED = {2021: {E: 13, G: 43, C: 2}, 2022: {E: 18, G: 37, C: 3}}


@pytest.fixture
def grassroots(tree, admin):
    """The district's 58 tổ chức cơ sở đảng (the Tree's own commune and agency are left out of the batches)."""
    return [org_create(actor=admin, parent=tree.district, name=f"Chi bộ cơ sở số {n:02d}", type=otype("chi_bo_co_so"),
                       kind=okind("co_quan_hanh_chinh"), founded_on=D(2015, 1, 1)) for n in range(1, 59)]


def propose_published(admin, tree, orgs, year):
    services.campaign_open(actor=admin, org=tree.district, year=year, opens_on=D(year, 11, 15))
    levels = [lv for lv, n in PUBLISHED[year].items() for _ in range(n)]
    ids = []
    for org, level in zip(orgs, levels, strict=True):
        a = Assessment.objects.get(year=year, subject_org=org)
        services.assessment_propose(actor=admin, assessment=a, level=level, on=D(year, 12, 10))
        ids.append(a.pk)
    return ids


EXCEPTION = {
    2021: services.QuotaExceptionInput("13 tổ chức cơ sở đảng có thành tích nổi trội trong phòng, chống dịch "
                                       "Covid-19", "125-QĐ/HU", D(2022, 1, 20)),
    2022: services.QuotaExceptionInput("18 tổ chức cơ sở đảng đạt tiêu chuẩn trong sạch, vững mạnh tiêu biểu",
                                       "210-QĐ/HU", D(2023, 1, 18)),
}
LIMITS = {2021: (13, 11, 56), 2022: (18, 11, 55)}


@pytest.mark.parametrize("year", [2021, 2022])
def test_002_published_results_need_the_recorded_exception(tree, admin, grassroots, year):
    ids = propose_published(admin, tree, grassroots, year)
    excellent, limit, base = LIMITS[year]
    with pytest.raises(DomainError) as err:
        services.assessments_approve(actor=admin, approver=tree.district, year=year, ids=ids, on=D(year + 1, 1, 20))
    assert err.value.code == "R4-QUOTA"
    assert (f"Đảng bộ huyện Lạc Dương (tổ chức trực thuộc, năm {year}): {excellent} HTXSNV vượt mức tối đa {limit} "
            f"(20% của {base} được xếp loại hoàn thành tốt nhiệm vụ trở lên") in err.value.message
    assert not Assessment.objects.filter(year=year, status=Status.APPROVED).exists()
    # a half-recorded exception is refused, naming the missing field
    with pytest.raises(DomainError) as err:
        services.assessments_approve(actor=admin, approver=tree.district, year=year, ids=ids,
                                     exception=services.QuotaExceptionInput("Thành tích nổi trội", "", None))
    assert err.value.field == "exception_number"

    n = services.assessments_approve(actor=admin, approver=tree.district, year=year, ids=ids,
                                     on=D(year + 1, 1, 20), exception=EXCEPTION[year])
    assert n == 58
    decided = Assessment.objects.filter(year=year, subject=Subject.ORG, status=Status.APPROVED, pk__in=ids)
    assert {lv: decided.filter(final_level=lv).count() for lv in (E, G, C)} == PUBLISHED[year]
    kept = QuotaException.objects.get(year=year)
    assert (kept.group, kept.subject, kept.excellent, kept.limit, kept.base) == (tree.district, Subject.ORG, excellent,
                                                                                   limit, base)
    assert kept.decision_number == EXCEPTION[year].decision_number and kept.source == QuotaException.Source.APPROVAL
    assert AuditEntry.objects.filter(action="quota_exception", object_id=str(kept.pk)).exists()

    listed = selectors.quota_exceptions(user=admin, org=tree.province, year=year)
    assert listed == [kept]
    summary = selectors.quota_summary(listed, year)
    assert summary.startswith("Vượt tỷ lệ 20%: 1 trường hợp — Đảng bộ huyện Lạc Dương — "
                              f"{excellent} tổ chức HTXSNV / tối đa {limit}, lý do: {EXCEPTION[year].reason}")
    assert EXCEPTION[year].decision_number in summary


def test_exception_is_listed_on_the_statistics_page(client, tree, admin, grassroots):
    ids = propose_published(admin, tree, grassroots, 2021)
    services.assessments_approve(actor=admin, approver=tree.district, year=2021, ids=ids, exception=EXCEPTION[2021])
    client.force_login(admin)
    page = client.get(f"/danh-gia/thong-ke/?org={tree.district.pk}&year=2021").content.decode()
    assert 'id="vuot-ty-le"' in page
    assert "Vượt tỷ lệ 20%: 1 trường hợp" in page and "125-QĐ/HU" in page and "phòng, chống dịch" in page
    xlsx = load_workbook(io.BytesIO(client.get(f"/danh-gia/thong-ke/xlsx/?org={tree.district.pk}&year=2021").content))
    cells = [c for row in xlsx["Tổng hợp"].iter_rows(values_only=True) for c in row if c]
    assert any(str(c).startswith("Vượt tỷ lệ 20%: 1 trường hợp") for c in cells)


def test_approval_screen_warns_and_takes_the_exception(client, tree, admin, grassroots):
    ids = propose_published(admin, tree, grassroots, 2021)
    client.force_login(admin)
    url = f"/danh-gia/nam/2021/phe-duyet/{tree.district.pk}/"
    page = client.get(url).content.decode()
    assert "Cảnh báo: Đảng bộ huyện Lạc Dương (tổ chức đảng): 13 HTXSNV vượt mức tối đa 11" in page
    assert 'id="ngoai-le"' in page
    data = {"ids": [str(pk) for pk in ids]}
    refused = client.post(url, data).content.decode()
    assert "13 HTXSNV vượt mức tối đa 11" in refused and "ghi ngoại lệ" in refused
    data.update({"exception_reason": "Thành tích nổi trội", "exception_number": "125-QĐ/HU",
                 "exception_date": "20/01/2022"})
    assert client.post(url, data).status_code == 302
    assert QuotaException.objects.get(year=2021).reason == "Thành tích nổi trội"
    assert "Ngoại lệ đã ghi" in client.get(url).content.decode()
