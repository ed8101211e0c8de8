"""A district action programme like ``03-CTr/HU`` with targets of every kind, built through the real services.

Targets, in order: villages with a cell (computed rate, 2/3), admission rate (computed from lifecycle events),
private-sector cells per term (computed count, term), recognised new models (manual: 2021 only) and the district
committee's rating (no indicator yet: "chưa có dữ liệu"). Tasks: one done, one overdue, one not yet due on 20/07/2023.
"""

import datetime as dt

import pytest

from dangbo.core.testing import okind
from dangbo.orgs import services as org_services
from dangbo.targets import services

D = dt.date
AS_OF = D(2023, 7, 20)


class Programme:
    def __init__(self, tree, admin, *, signer_title="BÍ THƯ"):
        self.tree, self.admin = tree, admin
        for name, cell in [("Đạ Nghịt", tree.cell1), ("Păng Tiêng", tree.cell2), ("Đưng K'Si", None)]:
            org_services.village_save(actor=admin, commune=tree.commune, name=name, kind=okind("thon"),
                                      valid_from=D(2015, 1, 1), cell=cell)
        for i in range(9):
            tree.member(f"Nguyễn Văn {chr(65 + i)}", org=tree.cell1 if i % 2 else tree.agency,
                        admitted=D(2016, 3, 1), official=D(2017, 3, 1))
        tree.member("Lê Văn Mới", org=tree.cell2, admitted=D(2021, 3, 1), official=D(2022, 3, 1))
        tree.member("Lê Thị Mới", org=tree.cell2, gender="F", admitted=D(2022, 5, 2), official=D(2023, 5, 2))
        self.document = services.document_create(
            actor=admin, reference="03-CTr/HU", issuing_body="Huyện ủy Lạc Dương", issued_on=D(2020, 12, 22),
            title="Nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng và chất lượng đội ngũ cán bộ, "
                  "đảng viên, giai đoạn 2020 - 2025",
            period_start=2020, period_end=2025, scope_org=tree.district, issuing_org=tree.district,
            signer_name="Lê Bình Thanh", signer_title=signer_title)
        add = lambda **kw: services.target_add(actor=admin, document=self.document, **kw)  # noqa: E731
        self.villages = add(text="Duy trì 100% thôn, tổ dân phố có chi bộ", indicator="villages_with_cell_rate",
                            comparator="gte", low=100, order=1)
        self.admissions = add(text="Hằng năm, tỷ lệ kết nạp đảng viên đạt trên 4% so với tổng số đảng viên",
                              indicator="admission_rate", comparator="gt", low=4, order=2)
        self.private_cells = add(text="Mỗi nhiệm kỳ thành lập 01 - 02 chi bộ trong doanh nghiệp tư nhân",
                                 indicator="new_cells_private_sector", comparator="between", low=1, high=2,
                                 frequency="term", order=3)
        self.models = add(text="Hằng năm có 25% tổ chức cơ sở đảng có mô hình mới, cách làm sáng tạo",
                          indicator="orgs_new_model_rate", comparator="gte", low=25, order=4)
        self.committee_rating = add(text="Hằng năm, Đảng bộ huyện hoàn thành tốt nhiệm vụ trở lên",
                                  indicator="district_committee_good_rate", comparator="gte", low=100, order=5)
        services.manual_value_set(actor=admin, indicator="orgs_new_model_rate", org=tree.district, year=2021,
                                  numerator=15, denominator=58, note="Quyết định 12-QĐ/HU")
        task = lambda **kw: services.task_add(actor=admin, document=self.document, **kw)  # noqa: E731
        self.done = task(responsible="Ban Tổ chức Huyện ủy", deliverable="Hướng dẫn tiêu chí rà soát đảng viên",
                         deadline_text="quý II/2021")
        services.task_update(actor=admin, task=self.done, status="done", done_on=D(2021, 6, 1),
                             evidence="Hướng dẫn số 02-HD/HU ngày 01/6/2021")
        self.late = task(responsible="Văn phòng Huyện ủy", deliverable="Xây dựng cơ sở dữ liệu đảng viên",
                         deadline_text="quý IV/2022")
        self.upcoming = task(responsible="Ban Tổ chức Huyện ủy", deliverable="Sơ kết giữa nhiệm kỳ",
                             deadline_text="năm 2024")


@pytest.fixture
def programme(tree, admin):
    return Programme(tree, admin)
