"""Benchmark: subtree queries on the national database built by ``bench/generate_national.py``.

    .venv/bin/python bench/subtree_queries.py [--data-dir var/bench-national] [--repeat 3]

Two variants of each query, on the same data:

* "hiện nay": the app's selectors as they are (``member_list``, ``status_counts``, ``members_on``,
  ``subtree_counts``), with an admin user, SQLite as configured today. Run once: they scan.
* "đề xuất": ``PRAGMA case_sensitive_like=ON`` (so ``path LIKE 'prefix%'`` becomes an index range: paths are
  0-9A-Z, the answer is the same), members picked by ``org_id IN (ids of the subtree)`` instead of a join
  filtered on ``org__path``, and counts grouped by org then rolled up in Python (otherwise SQLite walks the
  status index, i.e. every member). Not the app's code: a measured proposal. Repeated ``--repeat`` times;
  median and best are printed.
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
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-current", action="store_true", help="bỏ qua biến thể hiện nay (quét toàn bảng)")
    args = parser.parse_args()
    os.environ["DANGBO_DATA_DIR"] = str(Path(args.data_dir).resolve())
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count, Q

    from dangbo.members.choices import ACTIVE_STATUSES
    from dangbo.members.models import Member
    from dangbo.members.selectors import member_list, members_on
    from dangbo.orgs.models import Org, OrgStatus
    from dangbo.orgs.selectors import org_children, subtree_counts

    admin, _ = get_user_model().objects.get_or_create(username="bench-admin", defaults={"is_superuser": True})
    hanoi = Org.objects.get(depth=1, name="Đảng bộ thành phố Hà Nội")
    province = Org.objects.get(depth=1, name="Đảng bộ tỉnh Bình Định")
    district = Org.objects.filter(path__startswith=province.path, type__code="dang_bo_huyen").order_by("path").first()
    commune = Org.objects.filter(path__startswith=district.path, kind__code__in=["xa", "phuong", "thi_tran"]) \
        .order_by("path").first()
    orgs, members = (f"{n:,}".replace(",", ".") for n in (Org.objects.count(), Member.objects.count()))
    print(f"CSDL: {connection.settings_dict['NAME']} — {orgs} tổ chức, {members} hồ sơ đảng viên")
    past = dt.date(2018, 6, 30)

    def subtree_ids(org):
        return Org.objects.filter(path__startswith=org.path).values("id")

    def proposed_count(org):
        return lambda: Member.objects.filter(org_id__in=subtree_ids(org), status__in=ACTIVE_STATUSES).count()

    def proposed_counts(org):
        """GROUP BY org in the database, roll up to the children in Python (ARCHITECTURE.md, principle 7):
        grouping by status or by a path prefix lets SQLite pick the status index and read every member."""
        length = (org.depth + 1) * Org.steplen

        def run():
            below = Org.objects.filter(path__startswith=org.path, depth__gt=org.depth)
            top = {pk: path[:length] for pk, path in below.values_list("id", "path")}
            rows = (Member.objects.filter(org_id__in=below.values("id"), status__in=ACTIVE_STATUSES)
                    .values("org_id", "status").annotate(n=Count("id"), exempt=Count("id", filter=Q(is_exempt=True))))
            totals: dict[str, int] = {}
            for r in rows:
                totals[top[r["org_id"]]] = totals.get(top[r["org_id"]], 0) + r["n"]
            return sum(totals.values())
        return run

    def current_counts(org):
        children = list(org_children(user=admin, org=org))
        return lambda: sum(c["members"] for c in subtree_counts(parent=org, children=children).values())

    # (label, current selector or None, proposal)
    cases = [
        (f"Đảng viên đang sinh hoạt — tỉnh ({hanoi.name})", None, proposed_count(hanoi)),
        (f"Đảng viên đang sinh hoạt — tỉnh ({province.name})",
         lambda: member_list(user=admin, org=province).count(), proposed_count(province)),
        (f"Đảng viên đang sinh hoạt — huyện ({district.name})", None, proposed_count(district)),
        (f"Đảng viên đang sinh hoạt — xã ({commune.name})",
         lambda: member_list(user=admin, org=commune).count(), proposed_count(commune)),
        (f"status_counts — tỉnh ({province.name})", None, lambda: Member.objects.filter(
            org_id__in=subtree_ids(province)).values("status").annotate(n=Count("id")).count()),
        (f"members_on {past:%d/%m/%Y} — tỉnh ({province.name})",
         lambda: members_on(user=admin, org=province, on=past).count(),
         lambda: members_on(user=admin, org=province, on=past).count()),
        (f"members_on {past:%d/%m/%Y} — tỉnh ({hanoi.name})", None,
         lambda: members_on(user=admin, org=hanoi, on=past).count()),
        (f"members_on {past:%d/%m/%Y} — huyện ({district.name})", None,
         lambda: members_on(user=admin, org=district, on=past).count()),
        (f"subtree_counts (trang tổ chức) — tỉnh ({province.name})", current_counts(province),
         proposed_counts(province)),
        (f"subtree_counts (trang tổ chức) — tỉnh ({hanoi.name})", None, proposed_counts(hanoi)),
        (f"subtree_counts (trang tổ chức) — huyện ({district.name})", None, proposed_counts(district)),
    ]

    def pragma(value: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA case_sensitive_like={value}")

    header = f"{'truy vấn':<82} {'kết quả':>9} {'lần đầu':>9} {'trung vị':>9} {'nhanh nhất':>10}"

    def show(label, result, cold, median, best):
        count = f"{result:,}".replace(",", ".")
        print(f"{label:<82} {count:>9} {cold * 1000:>7.0f}ms {median * 1000:>7.0f}ms {best * 1000:>8.0f}ms",
              flush=True)

    print("\nĐề xuất (case_sensitive_like=ON, org_id IN cây con)")
    print(header)
    pragma("ON")
    for label, _current, proposal in cases:
        show(label, *timed(proposal, args.repeat))
    if not args.skip_current:
        print("\nHiện nay (selector của ứng dụng, cấu hình SQLite hiện tại), chạy một lần")
        print(header)
        pragma("OFF")
        for label, current, _proposal in cases:
            if current is not None:
                show(label, *timed(current, 0))
    active = Org.objects.filter(status=OrgStatus.ACTIVE).count()
    print(f"\nTổ chức đang hoạt động: {active:,}".replace(",", "."))


if __name__ == "__main__":
    main()
