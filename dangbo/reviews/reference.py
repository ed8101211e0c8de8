"""Criteria forms shipped with the system (configurable afterwards in the admin), one per regulation and group.

Marks regimes (132, 124): criteria marked Xuất sắc / Tốt / Trung bình / Kém; ``political`` criteria decide
excellence. Score regime (366): ``points`` sum to 30 general + 70 task results.
"""

MEMBER_MARKS = [
    {"code": "chinh_tri", "name": "Phẩm chất chính trị, đạo đức, lối sống", "group": "general"},
    {"code": "ky_luat", "name": "Ý thức tổ chức kỷ luật", "group": "general"},
    {"code": "nhiem_vu", "name": "Thực hiện chức trách, nhiệm vụ được giao", "group": "task", "political": True},
    {"code": "cam_ket", "name": "Thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu hằng năm", "group": "task"},
]
LEADER_MARKS = [*MEMBER_MARKS,
                {"code": "lanh_dao", "name": "Kết quả lãnh đạo, quản lý lĩnh vực, địa phương, đơn vị phụ trách",
                 "group": "task", "political": True},
                {"code": "nang_luc", "name": "Năng lực lãnh đạo, quản lý; trách nhiệm nêu gương", "group": "task"}]
VILLAGE_MARKS = [*MEMBER_MARKS,
                 {"code": "cu_tru", "name": "Thực hiện nhiệm vụ ở nơi cư trú, phụ trách hộ gia đình", "group": "task",
                  "political": True}]
RETIRED_MARKS = [MEMBER_MARKS[0], MEMBER_MARKS[1],
                 {"code": "cu_tru", "name": "Gương mẫu, tham gia công việc ở nơi cư trú", "group": "task",
                  "political": True}]
ORG_MARKS = [
    {"code": "nhiem_vu_chinh_tri", "name": "Lãnh đạo thực hiện nhiệm vụ chính trị", "group": "task",
     "political": True},
    {"code": "tu_tuong", "name": "Công tác giáo dục chính trị, tư tưởng", "group": "general"},
    {"code": "to_chuc", "name": "Công tác tổ chức, cán bộ, đảng viên", "group": "general"},
    {"code": "kiem_tra", "name": "Công tác kiểm tra, giám sát, kỷ luật đảng", "group": "general"},
    {"code": "dan_van", "name": "Lãnh đạo chính quyền, Mặt trận và đoàn thể", "group": "task"},
]

MEMBER_POINTS = [
    {"code": "chinh_tri", "name": "Phẩm chất chính trị, tư tưởng", "group": "general", "points": 10},
    {"code": "dao_duc", "name": "Đạo đức, lối sống", "group": "general", "points": 10},
    {"code": "ky_luat", "name": "Ý thức tổ chức kỷ luật, tác phong", "group": "general", "points": 10},
    {"code": "nhiem_vu", "name": "Kết quả thực hiện nhiệm vụ được giao", "group": "task", "points": 50,
     "political": True},
    {"code": "cam_ket", "name": "Thực hiện cam kết, kế hoạch phấn đấu", "group": "task", "points": 20},
]
LEADER_POINTS = MEMBER_POINTS[:3] + [
    {"code": "lanh_dao", "name": "Kết quả lãnh đạo, quản lý lĩnh vực, đơn vị phụ trách", "group": "task",
     "points": 40, "political": True},
    {"code": "nhiem_vu", "name": "Kết quả thực hiện nhiệm vụ được giao", "group": "task", "points": 20},
    {"code": "cam_ket", "name": "Thực hiện cam kết, kế hoạch phấn đấu", "group": "task", "points": 10},
]
ORG_POINTS = [
    {"code": "chinh_tri", "name": "Xây dựng Đảng về chính trị, tư tưởng, đạo đức", "group": "general", "points": 10},
    {"code": "to_chuc", "name": "Xây dựng Đảng về tổ chức, cán bộ", "group": "general", "points": 10},
    {"code": "kiem_tra", "name": "Kiểm tra, giám sát, kỷ luật đảng", "group": "general", "points": 10},
    {"code": "nhiem_vu_chinh_tri", "name": "Kết quả thực hiện nhiệm vụ chính trị", "group": "task", "points": 50,
     "political": True},
    {"code": "he_thong", "name": "Lãnh đạo hệ thống chính trị", "group": "task", "points": 20},
]

SETS = []
for reg in ("132-QĐ/TW", "124-QĐ/TW"):
    slug = reg.split("-")[0]
    SETS += [
        (f"dv-{slug}", f"Đảng viên ({reg})", reg, "member", "", "", MEMBER_MARKS),
        (f"dv-lanh-dao-{slug}", f"Đảng viên là cán bộ lãnh đạo, quản lý ({reg})", reg, "member", "leader", "",
         LEADER_MARKS),
        (f"dv-thon-{slug}", f"Đảng viên ở thôn, tổ dân phố ({reg})", reg, "member", "village", "", VILLAGE_MARKS),
        (f"dv-huu-tri-{slug}", f"Đảng viên hưu trí ({reg})", reg, "member", "retired", "", RETIRED_MARKS),
        (f"tc-{slug}", f"Tổ chức đảng ({reg})", reg, "org", "", "", ORG_MARKS),
    ]
SETS += [
    ("dv-366", "Đảng viên (366-QĐ/TW)", "366-QĐ/TW", "member", "", "", MEMBER_POINTS),
    ("dv-lanh-dao-366", "Đảng viên là cán bộ lãnh đạo, quản lý (366-QĐ/TW)", "366-QĐ/TW", "member", "leader", "",
     LEADER_POINTS),
    ("tc-366", "Tổ chức đảng (366-QĐ/TW)", "366-QĐ/TW", "org", "", "", ORG_POINTS),
]


def load(apps=None) -> None:
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    model = apps.get_model("reviews", "CriteriaSet")
    for code, name, reg, subject, member_group, org_group, criteria in SETS:
        model.objects.update_or_create(code=code, defaults={
            "name": name, "regulation": reg, "subject": subject, "member_group": member_group,
            "org_group": org_group, "criteria": criteria})
