"""Reference rows: levels, org types and kinds (loại hình). Loaded by a data migration; kept as data so a
reform (2025: no district level) is a change of rows, not of code."""

LEVELS = [
    # code, name, rank, abolished_on
    ("central", "Trung ương", 1, None),
    ("province", "Cấp tỉnh và tương đương", 2, None),
    ("district", "Cấp huyện và tương đương", 3, "2025-07-01"),
    ("grassroots", "Cấp cơ sở", 4, None),
    ("section", "Đảng bộ bộ phận", 5, None),
    ("cell", "Chi bộ trực thuộc", 6, None),
    ("group", "Tổ đảng", 7, None),
]

TYPES = [
    # code, name, level, is_grassroots, is_cell, is_party_group
    ("dang_bo_tinh", "Đảng bộ tỉnh, thành phố", "province", False, False, False),
    ("dang_uy_khoi_tinh", "Đảng ủy khối trực thuộc tỉnh", "province", False, False, False),
    ("dang_bo_huyen", "Đảng bộ huyện, quận, thị xã, thành phố thuộc tỉnh", "district", False, False, False),
    ("dang_uy_khoi", "Đảng ủy khối", "district", False, False, False),
    ("dang_uy_truc_thuoc", "Đảng ủy trực thuộc", "district", False, False, False),
    ("dang_bo_co_so", "Đảng bộ cơ sở", "grassroots", True, False, False),
    ("chi_bo_co_so", "Chi bộ cơ sở", "grassroots", True, True, False),
    ("dang_bo_bo_phan", "Đảng bộ bộ phận", "section", False, False, False),
    ("chi_bo_truc_thuoc", "Chi bộ trực thuộc", "cell", False, True, False),
    ("to_dang", "Tổ đảng", "group", False, False, True),
]

KINDS = [
    # code, name, group (biểu số 5), is_residential, is_private_sector
    ("xa", "Xã", "Xã, phường, thị trấn", False, False),
    ("phuong", "Phường", "Xã, phường, thị trấn", False, False),
    ("thi_tran", "Thị trấn", "Xã, phường, thị trấn", False, False),
    ("thon", "Thôn", "Khu dân cư", True, False),
    ("ban", "Bản", "Khu dân cư", True, False),
    ("lang", "Làng", "Khu dân cư", True, False),
    ("ap", "Ấp", "Khu dân cư", True, False),
    ("to_dan_pho", "Tổ dân phố", "Khu dân cư", True, False),
    ("khoi_pho", "Khối phố", "Khu dân cư", True, False),
    ("khu_pho", "Khu phố", "Khu dân cư", True, False),
    ("co_quan_dang", "Cơ quan Đảng, Mặt trận, đoàn thể", "Cơ quan", False, False),
    ("co_quan_hanh_chinh", "Cơ quan hành chính nhà nước", "Cơ quan", False, False),
    ("su_nghiep_cong_lap", "Đơn vị sự nghiệp công lập", "Đơn vị sự nghiệp", False, False),
    ("su_nghiep_ngoai_cong_lap", "Đơn vị sự nghiệp ngoài công lập", "Đơn vị sự nghiệp", False, True),
    ("dn_nha_nuoc", "Doanh nghiệp nhà nước", "Doanh nghiệp", False, False),
    ("dn_von_nha_nuoc", "Doanh nghiệp có vốn nhà nước", "Doanh nghiệp", False, False),
    ("dn_tu_nhan", "Doanh nghiệp tư nhân (kinh tế tư nhân)", "Doanh nghiệp", False, True),
    ("dn_fdi", "Doanh nghiệp có vốn đầu tư nước ngoài", "Doanh nghiệp", False, True),
    ("hop_tac_xa", "Hợp tác xã", "Doanh nghiệp", False, True),
    ("quan_doi", "Quân đội", "Lực lượng vũ trang", False, False),
    ("cong_an", "Công an", "Lực lượng vũ trang", False, False),
    ("ngoai_nuoc", "Ở ngoài nước", "Khác", False, False),
    ("khac", "Khác", "Khác", False, False),
]


def load(apps=None) -> None:
    """Create or update the reference rows (idempotent)."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    level_model = apps.get_model("orgs", "OrgLevel")
    type_model = apps.get_model("orgs", "OrgType")
    kind_model = apps.get_model("orgs", "OrgKind")
    levels = {}
    for code, name, rank, abolished in LEVELS:
        levels[code], _ = level_model.objects.update_or_create(
            code=code, defaults={"name": name, "rank": rank, "abolished_on": abolished})
    for code, name, level, grassroots, cell, group in TYPES:
        type_model.objects.update_or_create(code=code, defaults={
            "name": name, "level": levels[level], "is_grassroots": grassroots, "is_cell": cell,
            "is_party_group": group})
    for order, (code, name, group, residential, private) in enumerate(KINDS):
        kind_model.objects.update_or_create(code=code, defaults={
            "name": name, "group": group, "is_residential": residential, "is_private_sector": private,
            "order": order})
