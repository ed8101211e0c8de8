"""Demo documents: the resolution of 000 and the plan of 001 on the province, 03-CTr/HU with the targets
002 reports on the district — entered through the targets services, so a new user sees live dashboards."""

import datetime as dt

from dangbo.orgs.models import Org
from dangbo.targets import services
from dangbo.targets.models import Document

D = dt.date


def _targets(actor, doc, rows):
    for order, (text, code, comparator, low, high, frequency, deadline) in enumerate(rows, start=1):
        services.target_add(actor=actor, document=doc, text=text, indicator=code, comparator=comparator, low=low,
                            high=high, frequency=frequency, deadline_year=deadline, order=order)


def _tasks(actor, doc, rows):
    for order, (responsible, deliverable, deadline) in enumerate(rows, start=1):
        services.task_add(actor=actor, document=doc, responsible=responsible, deliverable=deliverable,
                          deadline_text=deadline, order=order)


def create(*, actor, province: Org, district: Org) -> list[Document]:
    """Idempotent: does nothing when the documents exist."""
    if Document.objects.filter(reference="03-CTr/HU").exists():
        return list(Document.objects.all())
    prov = province.name.removeprefix("Đảng bộ tỉnh ").strip()
    dist = district.name.removeprefix("Đảng bộ huyện ").strip()
    nq21 = services.document_create(
        actor=actor, reference="21-NQ/TW", issuing_body="Ban Chấp hành Trung ương", issued_on=D(2022, 6, 16),
        title="về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ đảng viên "
              "trong giai đoạn mới", period_start=2022, period_end=2030, scope_org=province)
    ctr42 = services.document_create(
        actor=actor, reference="42-CTr/TU", issuing_body=f"Tỉnh ủy {prov}", issuing_org=province,
        issued_on=D(2022, 10, 27), title="thực hiện Nghị quyết số 21-NQ/TW của Ban Chấp hành Trung ương",
        period_start=2022, period_end=2030, scope_org=province, implements=nq21, place=prov)
    nq_province = services.document_create(
        actor=actor, reference="05-NQ/TU", issuing_body=f"Ban Thường vụ Tỉnh ủy {prov}", issuing_org=province,
        issued_on=D(2021, 6, 10), title="về nâng cao chất lượng tổ chức đảng và đảng viên trong Đảng bộ tỉnh "
                                        "giai đoạn 2021 - 2025", period_start=2021, period_end=2025,
        scope_org=province, signer_title="T/M BAN THƯỜNG VỤ\nBÍ THƯ", place=prov)
    _targets(actor, nq_province, [
        ("100% các cấp ủy, tổ chức đảng xây dựng quy chế làm việc", "orgs_with_working_rules_rate", "gte", 100,
         None, "yearly", None),
        ("100% chi bộ tổ chức sinh hoạt chuyên đề ít nhất mỗi quý một lần", "thematic_quarterly_rate", "gte", 100,
         None, "yearly", None),
        ("Hằng năm, 90% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên", "org_good_rate", "gte", 90, None,
         "yearly", None),
        ("Hằng năm, 90% chi bộ trực thuộc đảng ủy cơ sở hoàn thành tốt nhiệm vụ trở lên", "subcell_good_rate",
         "gte", 90, None, "yearly", None),
        ("Hằng năm, 84% đảng viên hoàn thành tốt nhiệm vụ trở lên", "member_good_rate", "gte", 84, None, "yearly",
         None),
        ("Hằng năm, kết nạp được từ 1.800 - 2.000 đảng viên", "admissions_count", "between", 1800, 2000, "yearly",
         None),
        ("Đến năm 2025, tỷ lệ trưởng thôn là đảng viên đạt 90%", "village_head_member_rate", "gte", 90, None,
         "deadline", 2025),
        ("100% cấp ủy viên cơ sở và bí thư chi bộ được bồi dưỡng nghiệp vụ trong nhiệm kỳ", "committee_trained_rate",
         "gte", 100, None, "term", None),
    ])
    _tasks(actor, nq_province, [
        ("Các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy", "Xây dựng kế hoạch thực hiện Nghị quyết", "tháng 7/2021"),
        ("Các đảng đoàn, ban cán sự đảng", "Tham mưu quy định chức năng, nhiệm vụ của đảng đoàn, ban cán sự đảng",
         "quý IV/2021"),
        ("Ban Tổ chức Tỉnh ủy", "Tham mưu sơ kết thực hiện Nghị quyết", "quý III/2023"),
        ("Ban Tổ chức Tỉnh ủy", "Tham mưu tổng kết thực hiện Nghị quyết", "quý II/2025"),
    ])
    kh = services.document_create(
        actor=actor, reference="10-KH/HU", issuing_body=f"Huyện ủy {dist}", issuing_org=district,
        issued_on=D(2022, 12, 20), title="thực hiện Chương trình hành động số 42-CTr/TU của Tỉnh ủy",
        period_start=2023, period_end=2030, scope_org=district, implements=ctr42, place=dist)
    _targets(actor, kh, [
        ("Hằng năm có 90% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên", "org_good_rate", "gte", 90, None,
         "yearly", None),
        ("Có ít nhất 25% cấp ủy, tổ chức cơ sở đảng có mô hình mới, cách làm sáng tạo", "orgs_new_model_rate", "gte",
         25, None, "yearly", None),
        ("Duy trì 100% thôn, tổ dân phố có chi bộ", "villages_with_cell_rate", "gte", 100, None, "yearly", None),
        ("Đến năm 2030 có trên 90% chi bộ thôn, tổ dân phố có chi ủy", "village_cells_with_committee_rate", "gt", 90,
         None, "deadline", 2030),
        ("Mỗi nhiệm kỳ thành lập 01 - 02 chi bộ doanh nghiệp tư nhân, đơn vị ngoài công lập",
         "new_cells_private_sector", "between", 1, 2, "term", None),
        ("Có 90% đảng viên hoàn thành tốt nhiệm vụ trở lên", "member_good_rate", "gte", 90, None, "yearly", None),
        ("Tỷ lệ kết nạp đảng viên hằng năm từ 3 - 4% tổng số đảng viên", "admission_rate", "between", 3, 4,
         "yearly", None),
        ("Mỗi nhiệm kỳ kết nạp 01 - 02 chủ doanh nghiệp tư nhân", "business_owners_admitted", "between", 1, 2, "term",
         None),
    ])
    ctr03 = services.document_create(
        actor=actor, reference="03-CTr/HU", issuing_body=f"Huyện ủy {dist}", issuing_org=district,
        issued_on=D(2020, 12, 15), title="thực hiện Nghị quyết Đại hội Đảng bộ huyện về nâng cao chất lượng "
                                         "tổ chức cơ sở đảng và đảng viên, nhiệm kỳ 2020 - 2025",
        period_start=2021, period_end=2025, scope_org=district, signer_title="T/M BAN THƯỜNG VỤ\nBÍ THƯ",
        place=dist)
    _targets(actor, ctr03, [
        ("Hằng năm có 100% chi, đảng bộ cơ sở hoàn thành nhiệm vụ", "org_completed_rate", "gte", 100, None, "yearly",
         None),
        ("Hằng năm có trên 80% chi, đảng bộ cơ sở hoàn thành tốt nhiệm vụ", "org_good_rate", "gt", 80, None,
         "yearly", None),
        ("20% chi, đảng bộ cơ sở hoàn thành xuất sắc nhiệm vụ so với tổng số hoàn thành tốt nhiệm vụ",
         "org_excellent_among_good", "gte", 20, None, "yearly", None),
        ("Hằng năm, tỷ lệ đảng viên hoàn thành tốt nhiệm vụ đạt 80% trở lên", "member_good_rate", "gte", 80, None,
         "yearly", None),
        ("Hằng năm kết nạp đảng viên mới đạt trên 4% tổng số đảng viên", "admission_rate", "gt", 4, None, "yearly",
         None),
        ("100% trưởng thôn, tổ trưởng tổ dân phố là đảng viên", "village_head_member_rate", "gte", 100, None,
         "yearly", None),
    ])
    _tasks(actor, ctr03, [
        ("Ban Tổ chức Huyện ủy", "Hướng dẫn đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên hằng năm",
         "quý IV/2021"),
        ("Các tổ chức cơ sở đảng", "Xây dựng kế hoạch thực hiện Chương trình", "quý I/2021"),
        ("Ban Tổ chức Huyện ủy", "Tham mưu sơ kết giữa nhiệm kỳ", "quý III/2023"),
    ])
    return [nq21, ctr42, nq_province, kh, ctr03]
