"""Every indicator code TARGETS.md names, with its Vietnamese name, so that any target of the seeds can be
expressed now. Codes an app computes are defined (once) in that app's ``indicators.py`` and override the
name here; the others show "chưa có dữ liệu" until their app registers them."""

from dangbo.targets.registry import get

NAMES = {
    # Quality ratings (reviews)
    "org_good_rate": "Tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên",
    "subcell_good_rate": "Chi bộ trực thuộc đảng ủy cơ sở hoàn thành tốt nhiệm vụ trở lên",
    "district_committee_good_rate": "Đảng bộ cấp huyện và ban thường vụ hoàn thành tốt nhiệm vụ trở lên",
    "org_completed_rate": "Tổ chức cơ sở đảng hoàn thành nhiệm vụ trở lên",
    "org_excellent_among_good": "Tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ / hoàn thành tốt trở lên",
    "member_good_rate": "Đảng viên hoàn thành tốt nhiệm vụ trở lên",
    "member_excellent_among_good": "Đảng viên hoàn thành xuất sắc nhiệm vụ / hoàn thành tốt trở lên",
    "cell_target_registration_rate": "Chi bộ đăng ký phấn đấu mức hoàn thành nhiệm vụ trở lên",
    "member_target_registration_rate": "Đảng viên đăng ký mức phấn đấu",
    # Admissions and members
    "admissions_count": "Số đảng viên được kết nạp",
    "admission_rate": "Tỷ lệ kết nạp đảng viên so với tổng số đảng viên",
    "admissions_vs_plan": "Kết nạp so với kế hoạch năm",
    "business_owners_admitted": "Chủ doanh nghiệp tư nhân được kết nạp",
    "members_assigned_tasks_rate": "Đảng viên được phân công nhiệm vụ",
    "members_commitment_rate": "Đảng viên có cam kết tu dưỡng, rèn luyện năm",
    "residence_liaison_rate": "Đảng viên công tác giữ mối liên hệ với nơi cư trú",
    "members_personal_plan_rate": "Đảng viên có kế hoạch phấn đấu, rèn luyện",
    # Organizations
    "orgs_with_working_rules_rate": "Cấp ủy, tổ chức đảng có quy chế làm việc",
    "orgs_with_inspection_plan_rate": "Cấp ủy, chi bộ có chương trình kiểm tra, giám sát",
    "orgs_new_model_rate": "Cấp ủy, tổ chức cơ sở đảng có mô hình mới, cách làm sáng tạo",
    "villages_with_cell_rate": "Thôn, tổ dân phố có chi bộ",
    "village_cells_with_committee_rate": "Chi bộ thôn, tổ dân phố có chi ủy",
    "new_cells_private_sector": "Chi bộ thành lập trong doanh nghiệp tư nhân, đơn vị ngoài công lập",
    "village_head_member_rate": "Trưởng thôn, tổ trưởng tổ dân phố là đảng viên",
    "secretary_is_village_head_rate": "Bí thư chi bộ đồng thời là trưởng thôn, tổ trưởng tổ dân phố",
    "secretary_is_commune_chair_count": "Bí thư đảng ủy xã đồng thời là Chủ tịch HĐND, UBND",
    # Meetings
    "thematic_quarterly_rate": "Chi bộ sinh hoạt chuyên đề ít nhất mỗi quý một lần",
    "monthly_meeting_rate": "Chi bộ sinh hoạt định kỳ hằng tháng",
    "committee_preparation_rate": "Kỳ sinh hoạt có chi ủy họp chuẩn bị",
    "meetings_with_conclusion_rate": "Kỳ sinh hoạt có nghị quyết, kết luận",
    "meeting_rating_distribution": "Xếp loại chất lượng sinh hoạt chi bộ",
    # Training and qualifications
    "committee_trained_rate": "Cấp ủy viên cơ sở, bí thư chi bộ được bồi dưỡng nghiệp vụ công tác đảng",
    "committee_university_rate": "Cấp ủy viên cơ sở có trình độ đại học trở lên",
    "committee_llct_intermediate_rate": "Cấp ủy viên cơ sở có trung cấp lý luận chính trị trở lên",
    "new_members_basic_llct_rate": "Đảng viên mới học lý luận chính trị sơ cấp",
}


def name_of(code: str) -> str:
    ind = get(code)
    return ind.name if ind else NAMES.get(code, code)


def known(code: str) -> bool:
    return get(code) is not None or code in NAMES
