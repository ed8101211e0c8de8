import datetime as dt

import pytest

from dangbo.accounts.models import Role
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.testing import okind, user_with
from dangbo.orgs import services as org_services
from dangbo.targets import selectors, services
from dangbo.targets.choices import TargetStatus

D = dt.date


@pytest.fixture
def docs(tree, admin):
    nq = services.document_create(actor=admin, reference="21-NQ/TW", issuing_body="Ban Chấp hành Trung ương",
                                  issued_on=D(2022, 6, 16), title="Về tăng cường củng cố, xây dựng tổ chức cơ sở đảng",
                                  period_start=2022, period_end=2030, scope_org=tree.province)
    ctr = services.document_create(actor=admin, reference="42-CTr/TU", issuing_body="Tỉnh ủy Lâm Đồng",
                                   issued_on=D(2022, 10, 27), title="Chương trình hành động thực hiện 21-NQ/TW",
                                   period_start=2022, period_end=2030, scope_org=tree.province, implements=nq,
                                   issuing_org=tree.province)
    kh = services.document_create(actor=admin, reference="15-KH/HU", issuing_body="Huyện ủy Lạc Dương",
                                  issued_on=D(2023, 1, 10), title="Kế hoạch thực hiện 42-CTr/TU", period_start=2023,
                                  period_end=2025, scope_org=tree.district, implements=ctr, issuing_org=tree.district)
    return nq, ctr, kh


def test_chain_is_navigable_both_ways(tree, admin, docs):
    nq, ctr, kh = docs
    up, down = selectors.document_chain(user=admin, document=kh)
    assert up == [ctr, nq]
    assert selectors.document_chain(user=admin, document=nq)[1] == [ctr]
    district_user = user_with(Role.ORG_COMMISSION, org=tree.district)
    visible = set(selectors.document_list(user=district_user))
    assert kh in visible and ctr in visible  # what their plan implements
    other = user_with(Role.ORG_COMMISSION, org=tree.other_district)
    with pytest.raises(OutOfScope):
        selectors.document_get(user=other, pk=kh.pk)


def test_reference_is_validated_and_unique(tree, admin, docs):
    with pytest.raises(DomainError) as err:
        services.document_create(actor=admin, reference="15/HU", issuing_body="x", issued_on=D(2023, 1, 1),
                                 title="x", period_start=2023, period_end=2025, scope_org=tree.district)
    assert err.value.field == "reference"
    with pytest.raises(DomainError, match="đã có"):
        services.document_create(actor=admin, reference="15-KH/HU", issuing_body="x", issued_on=D(2023, 1, 1),
                                 title="x", period_start=2023, period_end=2025, scope_org=tree.district)


def test_targets_and_dashboard(tree, admin, docs):
    kh = docs[2]
    for name, cell in [("Đạ Nghịt", tree.cell1), ("Păng Tiêng", tree.cell2), ("Đưng K'Si", None)]:
        org_services.village_save(actor=admin, commune=tree.commune, name=name, kind=okind("thon"),
                                  valid_from=D(2015, 1, 1), cell=cell)
    t1 = services.target_add(actor=admin, document=kh, text="Duy trì 100% thôn, tổ dân phố có chi bộ",
                             indicator="villages_with_cell_rate", comparator="gte", low=100)
    services.target_add(actor=admin, document=kh, text="Mỗi nhiệm kỳ thành lập 01 - 02 chi bộ doanh nghiệp tư nhân",
                        indicator="new_cells_private_sector", comparator="between", low=1, high=2, frequency="term")
    services.target_add(actor=admin, document=kh, text="100% đảng bộ cấp huyện hoàn thành tốt nhiệm vụ trở lên",
                        indicator="district_committee_good_rate", comparator="gte", low=100)
    with pytest.raises(DomainError, match="danh mục"):
        services.target_add(actor=admin, document=kh, text="x", indicator="khong_co", comparator="gte", low=1)
    with pytest.raises(DomainError):
        services.target_add(actor=admin, document=kh, text="x", indicator="admission_rate", comparator="between",
                            low=4, high=3)
    board = selectors.dashboard(user=admin, document=kh, as_of=D(2024, 6, 30))
    assert board.years == [2023, 2024]
    villages = board.rows[0]
    assert villages.target == t1
    assert [v.measure.text for v in villages.values] == ["2/3 (tỷ lệ 66,7%)", "2/3 (tỷ lệ 66,7%)"]
    assert [v.status for v in villages.values] == [TargetStatus.NOT_MET, TargetStatus.AT_RISK]
    assert villages.spec_text == "từ 100% trở lên"
    term_row = board.rows[1]
    assert term_row.current.measure.numerator == 0 and term_row.status == TargetStatus.AT_RISK
    no_data = board.rows[2]
    assert not no_data.available and no_data.status == TargetStatus.NO_DATA
    assert [c.name for c, _ in villages.children] == ["Đảng bộ xã Đạ Sar", "Chi bộ Phòng Giáo dục"]


def test_tasks_deadlines_and_overdue(tree, admin, docs):
    kh = docs[2]
    t = services.task_add(actor=admin, document=kh, responsible="Ban Tổ chức Huyện ủy",
                          deliverable="Hướng dẫn quy chế làm việc", deadline_text="Quý IV/2023")
    assert (t.deadline_start, t.deadline_end, t.deadline_text) == (D(2023, 10, 1), D(2023, 12, 31), "quý IV/2023")
    with pytest.raises(DomainError, match="Thời hạn"):
        services.task_add(actor=admin, document=kh, responsible="x", deliverable="y", deadline_text="quý V/2023")
    assert list(selectors.overdue_tasks(user=admin, as_of=D(2024, 1, 2))) == [t]
    with pytest.raises(DomainError, match="minh chứng"):
        services.task_update(actor=admin, task=t, status="done", done_on=D(2023, 12, 1))
    services.task_update(actor=admin, task=t, status="done", done_on=D(2023, 12, 1), evidence="Số 05-HD/BTCHU")
    assert list(selectors.overdue_tasks(user=admin, as_of=D(2024, 1, 2))) == []


def test_manual_values(tree, admin, docs):
    kh = docs[2]
    services.target_add(actor=admin, document=kh, text="25% TCCS có mô hình mới", indicator="orgs_new_model_rate",
                        comparator="gte", low=25)
    with pytest.raises(DomainError, match="không nhập tay"):
        services.manual_value_set(actor=admin, indicator="admission_rate", org=tree.district, year=2023,
                                  numerator=1, denominator=2)
    services.manual_value_set(actor=admin, indicator="orgs_new_model_rate", org=tree.district, year=2023,
                              numerator=15, denominator=58, note="Quyết định công nhận 12-QĐ/HU")
    row = selectors.dashboard(user=admin, document=kh, as_of=D(2024, 2, 1)).rows[0]
    assert row.manual and row.values[0].measure.text == "15/58 (tỷ lệ 25,9%)"
    assert row.values[0].status == TargetStatus.EXCEEDED
    assert row.values[1].measure is None and row.values[1].status == TargetStatus.NO_DATA
