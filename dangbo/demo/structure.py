"""The shape of the synthetic party organization: provinces, districts and blocs, grassroots orgs, cells and
villages, with their founding dates and a few restructurings. Pure Python over ``tree.Tree``; no database.

Tây Sơn (Bình Định) is built from the figures of report ``002``: 15 communes and towns, 76 villages,
58 tổ chức cơ sở đảng, about 200 chi bộ trực thuộc, about 4.200 members. Other districts are generated from
the same proportions, scaled to their member budget.
"""

import datetime as dt
import random

from dangbo.demo import places
from dangbo.demo.tree import Node, Tree

D = dt.date

# Relative size of a cell by role: villages are the big cells, a commune's military cell a small one.
ROLE_WEIGHT = {
    "village": 26, "commune_office": 15, "commune_military": 6, "commune_police": 7, "school": 10,
    "kindergarten": 6, "health": 5, "agency": 16, "state_enterprise": 16, "private": 8, "coop": 7, "army": 12,
    "police": 12, "hospital": 10,
}
ROLE_KIND = {
    "commune_office": "co_quan_dang", "commune_military": "quan_doi", "commune_police": "cong_an",
    "school": "su_nghiep_cong_lap", "kindergarten": "su_nghiep_cong_lap", "health": "su_nghiep_cong_lap",
    "agency": "co_quan_hanh_chinh", "state_enterprise": "dn_nha_nuoc", "private": "dn_tu_nhan",
    "coop": "hop_tac_xa", "army": "quan_doi", "police": "cong_an", "hospital": "su_nghiep_cong_lap",
}
VILLAGE_WORD = {"thon": "thôn", "to_dan_pho": "tổ dân phố", "khoi_pho": "khối phố", "khu_pho": "khu phố",
                "ban": "bản", "lang": "làng", "ap": "ấp"}

# Tây Sơn's grassroots orgs outside the communes: name, kind or role, and for đảng bộ cơ sở their cells.
TAY_SON_UNITS = [
    ("Đảng bộ Quân sự huyện", "army", ["Chi bộ Ban Chỉ huy", "Chi bộ Cơ quan Tham mưu", "Chi bộ Chính trị - Hậu cần",
                                        "Chi bộ Đại đội bộ binh", "Chi bộ Kho - Trạm"]),
    ("Đảng bộ Công an huyện", "police", ["Chi bộ Đội Tổng hợp", "Chi bộ Đội An ninh", "Chi bộ Đội Cảnh sát hình sự",
                                          "Chi bộ Đội Cảnh sát kinh tế - ma túy", "Chi bộ Đội Cảnh sát giao thông",
                                          "Chi bộ Đội Quản lý hành chính", "Chi bộ Đội Thi hành án hình sự",
                                          "Chi bộ Nhà tạm giữ"]),
    ("Đảng bộ Trung tâm Y tế huyện", "hospital", ["Chi bộ Khối Hành chính", "Chi bộ Khoa Nội", "Chi bộ Khoa Ngoại - Sản",
                                                 "Chi bộ Khoa Cận lâm sàng", "Chi bộ Khoa Kiểm soát bệnh tật",
                                                 "Chi bộ Khoa Nhi - Truyền nhiễm"]),
]
TAY_SON_CELLS = [
    ("Chi bộ Văn phòng Huyện ủy", "co_quan_dang"), ("Chi bộ các Ban xây dựng Đảng Huyện ủy", "co_quan_dang"),
    ("Chi bộ Ủy ban Kiểm tra Huyện ủy", "co_quan_dang"), ("Chi bộ Trung tâm Chính trị huyện", "co_quan_dang"),
    ("Chi bộ Cơ quan Ủy ban Mặt trận Tổ quốc và các đoàn thể huyện", "co_quan_dang"),
    ("Chi bộ Văn phòng HĐND và UBND huyện", "co_quan_hanh_chinh"), ("Chi bộ Phòng Tài chính - Kế hoạch", "co_quan_hanh_chinh"),
    ("Chi bộ Phòng Nội vụ", "co_quan_hanh_chinh"), ("Chi bộ Phòng Tư pháp", "co_quan_hanh_chinh"),
    ("Chi bộ Phòng Nông nghiệp và Phát triển nông thôn", "co_quan_hanh_chinh"),
    ("Chi bộ Phòng Tài nguyên và Môi trường", "co_quan_hanh_chinh"), ("Chi bộ Phòng Kinh tế và Hạ tầng", "co_quan_hanh_chinh"),
    ("Chi bộ Phòng Văn hóa và Thông tin", "co_quan_hanh_chinh"),
    ("Chi bộ Phòng Lao động - Thương binh và Xã hội", "co_quan_hanh_chinh"),
    ("Chi bộ Phòng Giáo dục và Đào tạo", "co_quan_hanh_chinh"), ("Chi bộ Thanh tra huyện", "co_quan_hanh_chinh"),
    ("Chi bộ Tòa án nhân dân huyện", "co_quan_hanh_chinh"), ("Chi bộ Viện Kiểm sát nhân dân huyện", "co_quan_hanh_chinh"),
    ("Chi bộ Chi cục Thi hành án dân sự huyện", "co_quan_hanh_chinh"), ("Chi bộ Chi cục Thuế huyện", "co_quan_hanh_chinh"),
    ("Chi bộ Kho bạc Nhà nước huyện", "co_quan_hanh_chinh"), ("Chi bộ Bảo hiểm xã hội huyện", "co_quan_hanh_chinh"),
    ("Chi bộ Chi cục Thống kê huyện", "co_quan_hanh_chinh"), ("Chi bộ Hạt Kiểm lâm", "co_quan_hanh_chinh"),
    ("Chi bộ Ban Quản lý dự án đầu tư xây dựng huyện", "su_nghiep_cong_lap"),
    ("Chi bộ Trung tâm Phát triển quỹ đất huyện", "su_nghiep_cong_lap"),
    ("Chi bộ Trung tâm Văn hóa - Thông tin - Thể thao huyện", "su_nghiep_cong_lap"),
    ("Chi bộ Bảo tàng Quang Trung", "su_nghiep_cong_lap"), ("Chi bộ Trung tâm Dịch vụ nông nghiệp huyện", "su_nghiep_cong_lap"),
    ("Chi bộ Trường THPT Quang Trung", "school"), ("Chi bộ Trường THPT Nguyễn Huệ", "school"),
    ("Chi bộ Trường THPT Tây Sơn", "school"), ("Chi bộ Trường THPT Võ Lai", "school"),
    ("Chi bộ Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên huyện", "school"),
    ("Chi bộ Ngân hàng Nông nghiệp và Phát triển nông thôn huyện", "dn_nha_nuoc"),
    ("Chi bộ Phòng giao dịch Ngân hàng Chính sách xã hội huyện", "dn_nha_nuoc"), ("Chi bộ Điện lực Tây Sơn", "dn_nha_nuoc"),
    ("Chi bộ Bưu điện huyện", "dn_nha_nuoc"), ("Chi bộ Xí nghiệp Khai thác công trình thủy lợi Tây Sơn", "dn_von_nha_nuoc"),
    ("Chi bộ Công ty TNHH Hưng Thịnh", "dn_tu_nhan"), ("Chi bộ Công ty TNHH Lâm sản Phú Tài", "dn_tu_nhan"),
]
KIND_ROLE = {"co_quan_dang": "agency", "co_quan_hanh_chinh": "agency", "su_nghiep_cong_lap": "agency",
             "school": "school", "dn_nha_nuoc": "state_enterprise", "dn_von_nha_nuoc": "state_enterprise",
             "dn_tu_nhan": "private", "dn_fdi": "private", "hop_tac_xa": "coop"}

GENERIC_AGENCIES = [
    "Văn phòng {c}", "các Ban xây dựng Đảng {c}", "Ủy ban Kiểm tra {c}", "Trung tâm Chính trị {d}",
    "Cơ quan Mặt trận Tổ quốc và các đoàn thể {d}", "Văn phòng HĐND và UBND {d}", "Phòng Tài chính - Kế hoạch",
    "Phòng Nội vụ", "Phòng Tư pháp", "Phòng Nông nghiệp và Phát triển nông thôn", "Phòng Tài nguyên và Môi trường",
    "Phòng Kinh tế và Hạ tầng", "Phòng Văn hóa và Thông tin", "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Giáo dục và Đào tạo", "Thanh tra {d}", "Tòa án nhân dân {d}", "Viện Kiểm sát nhân dân {d}",
    "Chi cục Thi hành án dân sự {d}", "Chi cục Thuế {d}", "Kho bạc Nhà nước {d}", "Bảo hiểm xã hội {d}",
    "Chi cục Thống kê {d}", "Hạt Kiểm lâm", "Ban Quản lý dự án đầu tư xây dựng {d}", "Trung tâm Y tế {d}",
    "Trung tâm Văn hóa - Thể thao {d}", "Trung tâm Dịch vụ nông nghiệp {d}", "Ban Quản lý chợ",
]
PROVINCE_AGENCIES = [
    "Văn phòng Tỉnh ủy", "Ban Tổ chức Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy", "Ban Dân vận Tỉnh ủy",
    "Ủy ban Kiểm tra Tỉnh ủy", "Báo {p}", "Văn phòng UBND tỉnh", "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Nội vụ",
    "Sở Tư pháp", "Sở Công Thương", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài nguyên và Môi trường",
    "Sở Giao thông vận tải", "Sở Xây dựng", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa và Thể thao", "Sở Khoa học và Công nghệ", "Sở Thông tin và Truyền thông", "Thanh tra tỉnh",
    "Kho bạc Nhà nước tỉnh", "Cục Thuế tỉnh", "Bảo hiểm xã hội tỉnh", "Đài Phát thanh và Truyền hình {p}",
    "Trường Chính trị tỉnh", "Bệnh viện Đa khoa tỉnh", "Tòa án nhân dân tỉnh", "Viện Kiểm sát nhân dân tỉnh",
    "Cục Thống kê tỉnh", "Liên đoàn Lao động tỉnh", "Trường Đại học {p}", "Trường Cao đẳng Y tế {p}",
]
ENTERPRISES = [
    "Công ty Điện lực {p}", "Viễn thông {p}", "Bưu điện tỉnh", "Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh {p}",
    "Ngân hàng Ngoại thương chi nhánh {p}", "Công ty Cấp thoát nước {p}", "Công ty Môi trường đô thị",
    "Công ty Xổ số kiến thiết {p}", "Công ty Lâm nghiệp", "Công ty Cổ phần Dược - Thiết bị y tế",
]


class Builder:
    """Builds one size of the tree. ``scale`` shrinks member budgets (and, beyond a district, the number of
    districts) so tests stay fast."""

    def __init__(self, rng: random.Random, tree: Tree, *, scale: float = 1.0, as_of: dt.date, start: dt.date):
        self.rng = rng
        self.tree = tree
        self.scale = scale
        self.as_of = as_of.toordinal()
        self.start = start.toordinal()
        self.districts: list[Node] = []

    # -- helpers -------------------------------------------------------------------------------------------
    def _between(self, floor: int, lo: dt.date, hi: dt.date) -> int:
        """A founding day in [lo, hi], never before ``floor`` (the parent's founding)."""
        start = max(floor, lo.toordinal())
        return self.rng.randint(start, max(start, hi.toordinal()))

    def _child(self, parent: Node | None, name: str, type: str, kind: str | None, founded: int, *,
               role: str, place: str = "", code: str | None = None) -> Node:
        if code is None and parent is not None:
            code = self.next_code(parent)
        return self.tree.add(parent, name, type, kind, founded, role=role, code=code, place=place or (
            parent.place if parent else ""))

    def next_code(self, parent: Node) -> str:
        parent.meta["n"] = parent.meta.get("n", 0) + 1
        return f"{parent.code}.{parent.meta['n']:03d}"

    def _cell(self, parent: Node, name: str, role: str, kind: str | None = None, *, founded: int | None = None,
              type: str = "chi_bo_truc_thuoc") -> Node:
        lo = max(parent.founded, D(1976, 1, 1).toordinal())
        hi = max(lo, D(1985 if role == "village" else 1998, 12, 31).toordinal())
        day = founded if founded is not None else self.rng.randint(lo, hi)
        node = self._child(parent, name, type, kind or ROLE_KIND.get(role), day, role=role)
        node.size = ROLE_WEIGHT[role] * self.rng.uniform(0.6, 1.5)
        return node

    def _fit(self, unit: Node, members: float) -> None:
        """Turn the cells' relative weights into member targets that add up to the unit's budget."""
        cells = [c for c in [unit, *unit.descendants()] if c.is_cell]
        total = sum(c.size for c in cells) or 1
        for c in cells:
            c.size = max(3, round(c.size * members / total))

    # -- villages and communes -------------------------------------------------------------------------------
    def _village_kind(self, district: Node, commune_kind: str) -> str:
        region, highland = district.meta["region"], district.meta["highland"]
        if commune_kind in ("phuong", "thi_tran"):
            return "khu_pho" if region == "south" else ("khoi_pho" if region == "central" else "to_dan_pho")
        if highland:
            return "ban" if region == "north" else "lang"
        return "ap" if region == "south" else "thon"

    def _village_name(self, names: places.PlaceNames, kind: str, district: Node) -> str:
        if kind in ("to_dan_pho", "khu_pho") and self.rng.random() < 0.6:
            names.used.add(str(len(names.used) + 1))
            return f"số {len(names.used)}" if kind == "to_dan_pho" else str(len(names.used))
        if kind == "ban":
            return names.two(places.HIGHLAND_NORTH)
        if kind == "lang" and district.meta["highland"]:
            return names.two(places.HIGHLAND_SOUTH)
        return names.two()

    def commune(self, district: Node, name: str, kind: str, villages: int, *, without_cell: int = 0,
                village_kind: str | None = None, minority_villages: int = 0, health: bool = True) -> Node:
        short = places.strip_admin(name)
        founded = self._between(district.founded, D(1976, 1, 1), D(1982, 12, 31))
        node = self._child(district, f"Đảng bộ {name}", "dang_bo_co_so", kind, founded, role="commune", place=short)
        node.meta["label"] = name
        names = places.PlaceNames(self.rng)
        node.meta["villages"] = []
        for i in range(villages):
            vkind = village_kind or self._village_kind(district, kind)
            if i >= villages - minority_villages:
                vkind = "lang"
                vname = names.two(places.HIGHLAND_SOUTH)
            else:
                vname = self._village_name(names, vkind, district)
            label = f"{VILLAGE_WORD[vkind]} {vname}"
            village = {"name": label[0].upper() + label[1:], "kind": vkind, "cell": None,
                       "minority": i >= villages - minority_villages}
            if i >= without_cell:
                village["cell"] = self._cell(node, f"Chi bộ {label}", "village", vkind)
                village["cell"].meta["village"] = village
            node.meta["villages"].append(village)
        self._cell(node, f"Chi bộ Cơ quan {name}", "commune_office")
        self._cell(node, f"Chi bộ Quân sự {name}", "commune_military")
        self._cell(node, f"Chi bộ Công an {name}", "commune_police",
                   founded=self._between(node.founded, D(2005, 1, 1), D(2012, 12, 31)))
        self._cell(node, f"Chi bộ Trường Mầm non {short}", "kindergarten")
        self._cell(node, f"Chi bộ Trường Tiểu học {short}", "school")
        self._cell(node, f"Chi bộ Trường THCS {short}", "school")
        if health:
            self._cell(node, f"Chi bộ Trạm Y tế {name}", "health")
        return node

    def unit(self, parent: Node, name: str, role: str, cells: list[str], kind: str | None = None) -> Node:
        founded = self._between(parent.founded, D(1980, 1, 1), D(2005, 12, 31))
        node = self._child(parent, name, "dang_bo_co_so", kind or ROLE_KIND[role], founded, role="unit")
        for cell in cells:
            self._cell(node, cell, role)
        return node

    # -- district level ----------------------------------------------------------------------------------------
    def district(self, province: Node, name: str, *, members: float, urban: bool = False, highland: bool = False,
                 bloc: str = "", founded: int | None = None) -> Node:
        if bloc:
            title, type_code, committee, suffix = f"Đảng bộ {bloc}", "dang_uy_khoi", f"Đảng ủy {bloc}", "ĐUK"
        else:
            title, type_code, suffix = f"Đảng bộ {name}", "dang_bo_huyen", "HU"
            word = {"thành phố": "Thành ủy", "thị xã": "Thị ủy", "quận": "Quận ủy"}
            committee = next((w for prefix, w in word.items() if name.startswith(prefix)), "Huyện ủy")
            committee = f"{committee} {places.strip_admin(name)}"
        day = founded or self._between(province.founded, D(1976, 1, 1), D(1992, 12, 31))
        node = self._child(province, title, type_code, None, day, role="district",
                           place=province.place if bloc else places.strip_admin(name))
        node.meta.update(province.meta)
        node.meta.update({"highland": highland, "committee": committee, "suffix": suffix, "label": name or bloc,
                          "urban": urban})
        self.districts.append(node)
        if bloc:
            self._bloc_units(node, members)
        else:
            self._generic_district(node, members, urban=urban)
        self._fit(node, members)
        return node

    def _generic_district(self, node: Node, members: float, *, urban: bool) -> None:
        rng = self.rng
        communes = max(2, round(members / 520))
        names = places.PlaceNames(rng)
        short = places.strip_admin(node.meta["label"])
        for i in range(communes):
            # A rural district's seat is a town; a city is mostly wards with a few communes on its outskirts.
            kind = "thi_tran" if i == 0 and not urban else "xa"
            if urban and rng.random() < 0.8:
                kind = "phuong"
            word = {"phuong": "phường", "xa": "xã", "thi_tran": "thị trấn"}[kind]
            self.commune(node, f"{word} {names.two()}", kind, rng.randint(4, 10),
                         without_cell=1 if rng.random() < 0.05 else 0, health=rng.random() < 0.5)
        self.unit(node, f"Đảng bộ Quân sự {node.meta['label']}", "army", [f"Chi bộ {n}" for n in (
            "Ban Chỉ huy", "Cơ quan Tham mưu", "Chính trị - Hậu cần", "Đại đội bộ binh")[: rng.randint(3, 4)]])
        self.unit(node, f"Đảng bộ Công an {node.meta['label']}", "police",
                  [f"Chi bộ Đội {i}" for i in range(1, rng.randint(5, 9))])
        others = max(3, round(members / 140)) - 2
        self._units(node, others, short, agencies=GENERIC_AGENCIES)

    def _bloc_units(self, node: Node, members: float) -> None:
        self._units(node, max(3, round(members / 110)), node.place, agencies=PROVINCE_AGENCIES + ENTERPRISES,
                    sections=0.35)

    def _units(self, node: Node, count: int, short: str, *, agencies: list[str], sections: float = 0.2) -> None:
        rng = self.rng
        province = node.meta.get("province_short", "")
        names = places.PlaceNames(rng)
        for i in range(count):
            if i < len(agencies):
                label = agencies[i].format(c=node.meta.get("committee", ""), d=node.meta["label"], p=province)
                kind = "dn_nha_nuoc" if agencies[i] in ENTERPRISES else (
                    "co_quan_dang" if i < 5 else "co_quan_hanh_chinh")
            else:
                pick = rng.random()
                if pick < 0.35:
                    label, kind = f"Trường {rng.choice(['THPT', 'THCS', 'Tiểu học'])} {rng.choice(places.SCHOOL_PATRONS)}", "school"
                elif pick < 0.6:
                    label, kind = f"Công ty {rng.choice(['TNHH', 'Cổ phần'])} {names.two()}", "dn_tu_nhan"
                elif pick < 0.7:
                    label, kind = f"Hợp tác xã {names.two()}", "hop_tac_xa"
                elif pick < 0.8:
                    label, kind = f"Công ty TNHH {names.two()} Việt Nam", "dn_fdi"
                else:
                    label, kind = f"Trung tâm {names.two()}", "su_nghiep_cong_lap"
            role = KIND_ROLE.get(kind, "agency")
            if rng.random() < sections:
                cells = [f"Chi bộ {w} {j}" for j, w in enumerate(
                    rng.choices(["Phòng", "Tổ", "Khoa", "Xưởng", "Đội"], k=rng.randint(4, 22)), start=1)]
                self.unit(node, f"Đảng bộ {label}", role, cells, kind=ROLE_KIND.get(role) if kind == "school" else kind)
            else:
                founded = self._between(node.founded, D(1985, 1, 1), D(2008, 12, 31))
                self._cell(node, f"Chi bộ {label}", role, None if kind == "school" else kind, founded=founded,
                           type="chi_bo_co_so")

    # -- Tây Sơn ------------------------------------------------------------------------------------------------
    def tay_son(self, province: Node, *, members: float) -> Node:
        node = self._child(province, "Đảng bộ huyện Tây Sơn", "dang_bo_huyen", None, D(1976, 8, 20).toordinal(),
                           role="district", place="Tây Sơn")
        node.meta.update(province.meta)
        node.meta.update({"highland": False, "committee": "Huyện ủy Tây Sơn", "suffix": "HU",
                          "label": "huyện Tây Sơn", "urban": False})
        self.districts.append(node)
        for i, (name, kind, villages) in enumerate(places.TAY_SON_COMMUNES):
            extra = 1 if i == 1 else 0  # Bình Hòa had one more village before the 2019 merger
            self.commune(node, name, kind, villages + extra, without_cell=1 if i in (4, 9) else 0,
                         village_kind="khoi_pho" if kind == "thi_tran" else None,
                         minority_villages=2 if name == "xã Vĩnh An" else 0)
        for name, role, cells in TAY_SON_UNITS:
            self.unit(node, name, role, cells)
        for name, kind in TAY_SON_CELLS:
            role = KIND_ROLE.get(kind, "agency")
            founded = self._between(node.founded, D(1985, 1, 1), D(2008, 12, 31))
            self._cell(node, name, role, None if kind == "school" else kind, founded=founded, type="chi_bo_co_so")
        self._fit(node, members)
        return node

    def tay_son_history(self, district: Node) -> None:
        """The restructurings of report 002 (footnotes 13–14) and a few more, each only if before ``as_of``."""
        tree, by_name = self.tree, {n.name: n for n in district.descendants()}
        communes = [c for c in district.children if c.role == "commune"]
        events = []
        # 2019: two villages of Bình Hòa merge, and so do their cells.
        binh_hoa = communes[1]
        a, b = [v for v in binh_hoa.meta["villages"] if v["cell"] is not None][:2]
        events.append((D(2019, 7, 1), "village_merge", (binh_hoa, a, b)))
        # 2020: a village cell moves to the neighbouring commune after a boundary adjustment.
        events.append((D(2020, 1, 1), "move", (communes[7], communes[8])))
        # 2020: a private company closes; its cell is dissolved after its members moved to their villages.
        events.append((D(2020, 6, 30), "dissolve", by_name["Chi bộ Công ty TNHH Hưng Thịnh"]))
        events.append((D(2021, 3, 1), "rename", by_name["Chi bộ Chi cục Thống kê huyện"]))
        events.append((D(2022, 1, 1), "merge", (by_name["Chi bộ Ban Quản lý dự án đầu tư xây dựng huyện"],
                                                by_name["Chi bộ Trung tâm Phát triển quỹ đất huyện"])))
        events.append((D(2023, 5, 19), "found", district))
        for day, kind, arg in events:
            on = day.toordinal()
            if on >= self.as_of:
                continue
            if kind == "village_merge":
                commune, first, second = arg
                new_name = f"{first['name'].split(' ', 1)[1].split()[0]} {second['name'].split()[-1]}"
                label = f"thôn {new_name}"
                cell = tree.merge([first["cell"], second["cell"]], on, f"Chi bộ {label}", role="village",
                                  code=self.next_code(commune),
                                  decision_ref="45-QĐ/HU")
                merged = {"name": f"Thôn {new_name}", "kind": "thon", "cell": cell, "from": on, "minority": False}
                cell.meta["village"] = merged
                for v in (first, second):
                    v["to"] = on
                commune.meta["villages"].append(merged)
            elif kind == "move":
                source, target = arg
                village = next(v for v in source.meta["villages"] if v["cell"] is not None and "to" not in v)
                tree.move(village["cell"], target, on, decision_ref="12-QĐ/HU",
                          note="Điều chỉnh địa giới hành chính giữa hai xã")
                village["to"] = on
                target.meta["villages"].append({**village, "from": on, "to": None})
                village["moved_to"] = target
            elif kind == "dissolve":
                tree.dissolve(arg, on, note="Doanh nghiệp chấm dứt hoạt động", decision_ref="203-QĐ/HU")
            elif kind == "rename":
                tree.rename(arg, "Chi bộ Chi cục Thống kê khu vực Tây Sơn - Vĩnh Thạnh", on, decision_ref="318-QĐ/HU")
            elif kind == "merge":
                tree.merge(list(arg), on, "Chi bộ Ban Quản lý dự án đầu tư xây dựng và Phát triển quỹ đất huyện",
                           role="agency", code=self.next_code(district),
                           decision_ref="512-QĐ/HU")
            elif kind == "found":
                cell = self._cell(district, "Chi bộ Công ty Cổ phần Nông sản Tây Sơn", "private", "dn_tu_nhan",
                                  founded=on, type="chi_bo_co_so")
                cell.size = max(3, round(8 * self.scale))
        for village_list in (c.meta["villages"] for c in communes):
            for v in village_list:
                v.setdefault("to", None)


def province_node(builder: Builder, code: str, name: str, founded: dt.date | int) -> Node:
    region = places.province_region(code)
    spec = next(p for p in places.PROVINCES if p[0] == code)
    node = builder._child(None, f"Đảng bộ {name}", "dang_bo_tinh", None,
                          founded if isinstance(founded, int) else founded.toordinal(), role="province",
                          code=code[1:], place=name.split(" ", 1)[1] if name.startswith("tỉnh") else name)
    node.meta.update({"cccd": code, "region": region, "minorities": spec[5], "province_label": name,
                      "province_short": node.place, "committee": ("Tỉnh ủy " if name.startswith("tỉnh")
                                                                   else "Thành ủy ") + node.place,
                      "suffix": "TU"})
    return node


def build_district(builder: Builder, members: float) -> Node:
    province = province_node(builder, places.BINH_DINH, "tỉnh Bình Định", D(1989, 7, 1))
    district = builder.tay_son(province, members=members)
    builder.tay_son_history(district)
    return province


def build_province(builder: Builder, members: float) -> Node:
    rng = builder.rng
    province = province_node(builder, places.BINH_DINH, "tỉnh Bình Định", D(1989, 7, 1))
    bloc_share = 0.12
    rest = members * (1 - bloc_share) - 4200 * builder.scale
    others = [d for d in places.BINH_DINH_DISTRICTS if d[0] != places.TAY_SON]
    weights = {name: rng.uniform(0.7, 1.3) * (2.2 if urban else 0.6 if highland else 1.0)
               for name, urban, highland in others}
    for name, urban, highland in places.BINH_DINH_DISTRICTS:
        if name == places.TAY_SON:
            tay_son = builder.tay_son(province, members=4200 * builder.scale)
            builder.tay_son_history(tay_son)
        else:
            builder.district(province, name, members=rest * weights[name] / sum(weights.values()), urban=urban,
                             highland=highland)
    builder.district(province, "", members=members * bloc_share, bloc="Khối các cơ quan và doanh nghiệp tỉnh")
    return province


def build_national(builder: Builder, members: float) -> list[Node]:
    """63 provinces, each with its districts and two blocs. Returns the province roots."""
    rng = builder.rng
    total_k = sum(p[2] for p in places.PROVINCES)
    roots = []
    for code, name, thousands, districts, _region, _minorities, highland_share in places.PROVINCES:
        province_members = members * thousands / total_k
        founded = rng.choice([D(1945, 8, 19), D(1976, 1, 1), D(1989, 7, 1), D(1991, 10, 1), D(1997, 1, 1)])
        province = province_node(builder, code, name, founded)
        roots.append(province)
        count = max(1, round(districts * min(1.0, builder.scale * 20)))
        blocs = province_members * 0.14
        names = places.PlaceNames(rng)
        weights = [rng.uniform(0.6, 1.4) for _ in range(count)]
        weights[0] *= 2.0
        for i, weight in enumerate(weights):
            highland = rng.random() < highland_share
            if i == 0:
                label = f"thành phố {names.two()}"
            elif code in ("001", "079", "031", "048", "092") and i < count // 2:
                label = f"quận {names.two()}"
            elif i < 3 and rng.random() < 0.5:
                label = f"thị xã {names.two()}"
            else:
                label = f"huyện {names.two()}"
            builder.district(province, label, members=(province_members - blocs) * weight / sum(weights),
                             urban=label.startswith(("thành phố", "quận", "thị xã")), highland=highland)
        builder.district(province, "", members=blocs * 0.6, bloc="Khối các cơ quan tỉnh")
        builder.district(province, "", members=blocs * 0.4, bloc="Khối Doanh nghiệp tỉnh")
    return roots
