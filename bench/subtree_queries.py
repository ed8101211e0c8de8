"""Benchmark: subtree queries on the national database built by ``bench/generate_national.py``.

    .venv/bin/python bench/subtree_queries.py [--data-dir var/bench-national] [--repeat 5]

Measures, through the app's own selectors and an admin user: active members of a province, a district and a
commune (``path LIKE 'prefix%'``), ``members_on`` over a province for a past date (the tree and registrations
as they stood), and the org page's ``subtree_counts`` for a province's and a district's children. Prints the
median and best of ``--repeat`` runs (the first, cold run separately) and each query plan.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(fn, repeat: int):
    began = time.perf_counter()
    result = fn()
    cold = time.perf_counter() - began
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - began)
    runs = runs or [cold]
    return result, cold, statistics.median(runs), min(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", default=str(ROOT / "var" / "bench-national"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--fast-first", action="store_true", help="đo với case_sensitive_like=ON trước")
    args = parser.parse_args()
    os.environ["DANGBO_DATA_DIR"] = str(Path(args.data_dir).resolve())
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from dangbo.members.choices import ACTIVE_STATUSES
    from dangbo.members.models import Member
    from dangbo.members.selectors import member_list, members_on, status_counts
    from dangbo.orgs.models import Org, OrgStatus
    from dangbo.orgs.selectors import org_children, subtree_counts

    admin, _ = get_user_model().objects.get_or_create(username="bench-admin", defaults={"is_superuser": True})
    hanoi = Org.objects.get(depth=1, name="Đảng bộ thành phố Hà Nội")
    binh_dinh = Org.objects.get(depth=1, name="Đảng bộ tỉnh Bình Định")
    district = Org.objects.filter(path__startswith=hanoi.path, type__code="dang_bo_huyen").order_by("path").first()
    commune = Org.objects.filter(path__startswith=district.path, kind__code__in=["xa", "phuong", "thi_tran"]) \
        .order_by("path").first()
    orgs, members = (f"{n:,}".replace(",", ".") for n in (Org.objects.count(), Member.objects.count()))
    print(f"CSDL: {connection.settings_dict['NAME']} — {orgs} tổ chức, {members} hồ sơ đảng viên")
    past = dt.date(2018, 6, 30)

    def count_active(org):
        return lambda: member_list(user=admin, org=org).count()

    def proposed_page(org):
        """What ``subtree_counts`` would cost with members selected by ``org_id IN (subtree ids)``: not the
        app's code, a measured proposal (the planner then walks the org index instead of every member)."""
        from django.db.models import Count, Q
        from django.db.models.functions import Substr

        length = (org.depth + 1) * Org.steplen

        def run():
            ids = Org.objects.filter(path__startswith=org.path, depth__gt=org.depth).values("id")
            rows = (Member.objects.filter(org_id__in=ids, status__in=ACTIVE_STATUSES)
                    .annotate(top=Substr("org__path", 1, length)).values("top", "status")
                    .annotate(n=Count("id"), exempt=Count("id", filter=Q(is_exempt=True))))
            return sum(r["n"] for r in rows)
        return run

    def first_page(org):
        return lambda: len(list(member_list(user=admin, org=org)[:50]))

    def page(org):
        children = list(org_children(user=admin, org=org))
        return lambda: sum(c["members"] for c in subtree_counts(parent=org, children=children).values())

    cases = [
        (f"Đảng viên đang sinh hoạt — tỉnh ({hanoi.name})", count_active(hanoi), None),
        (f"Đảng viên đang sinh hoạt — tỉnh ({binh_dinh.name})", count_active(binh_dinh), None),
        (f"Đảng viên đang sinh hoạt — huyện ({district.name})", count_active(district), None),
        (f"Đảng viên đang sinh hoạt — xã ({commune.name})", count_active(commune),
         member_list(user=admin, org=commune).order_by()),
        (f"Số theo trạng thái (status_counts) — tỉnh ({binh_dinh.name})",
         lambda: status_counts(user=admin, org=binh_dinh)["active"], None),
        (f"members_on {past:%d/%m/%Y} — tỉnh ({binh_dinh.name})",
         lambda: members_on(user=admin, org=binh_dinh, on=past).count(),
         members_on(user=admin, org=binh_dinh, on=past)),
        (f"members_on {past:%d/%m/%Y} — huyện ({district.name})",
         lambda: members_on(user=admin, org=district, on=past).count(), None),
        (f"members_on {past:%d/%m/%Y} — tỉnh ({hanoi.name})",
         lambda: members_on(user=admin, org=hanoi, on=past).count(), None),
        (f"subtree_counts trang tổ chức — tỉnh ({binh_dinh.name}, "
         f"{org_children(user=admin, org=binh_dinh).count()} đơn vị trực thuộc)", page(binh_dinh), None),
        (f"subtree_counts trang tổ chức — tỉnh ({hanoi.name})", page(hanoi), None),
        (f"subtree_counts trang tổ chức — huyện ({district.name})", page(district), None),
        (f"đề xuất: subtree_counts với org_id IN (cây con) — tỉnh ({hanoi.name})", proposed_page(hanoi), None),
        (f"đề xuất: subtree_counts với org_id IN (cây con) — huyện ({district.name})", proposed_page(district), None),
        (f"Trang 1 danh sách đảng viên (50 dòng, theo tên) — xã ({commune.name})", first_page(commune), None),
        (f"Trang 1 danh sách đảng viên (50 dòng, theo tên) — tỉnh ({hanoi.name})", first_page(hanoi), None),
    ]
    # SQLite's LIKE is case-insensitive by default, so "path LIKE 'prefix%'" cannot use the index on path and
    # every subtree query scans; with case_sensitive_like the same SQL becomes an index range. Both are shown.
    for pragma in ("ON", "OFF") if args.fast_first else ("OFF", "ON"):
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA case_sensitive_like={pragma}")
        print(f"\nPRAGMA case_sensitive_like={pragma}" + (" (mặc định hiện nay)" if pragma == "OFF" else ""))
        print(f"{'truy vấn':<86} {'kết quả':>9} {'lần đầu':>9} {'trung vị':>9} {'nhanh nhất':>10}")
        for label, fn, plan_qs in cases:
            # The scanning variant runs once: on millions of rows one run says enough.
            result, cold, median, best = timed(fn, args.repeat if pragma == "ON" else 0)
            count = f"{result:,}".replace(",", ".")
            print(f"{label:<86} {count:>9} {cold * 1000:>7.0f}ms {median * 1000:>7.0f}ms {best * 1000:>8.0f}ms")
            if plan_qs is not None:
                print("   kế hoạch:", plan_qs.explain().replace("\n", "\n             "))
    active = Org.objects.filter(status=OrgStatus.ACTIVE).count()
    print(f"Tổ chức đang hoạt động: {active:,}".replace(",", "."))


if __name__ == "__main__":
    main()
