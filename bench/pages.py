"""Benchmark: the main pages one user at a time on the national database (issue 12, "pages bounded by what they
show") — the tree, org pages (a ward, a district, a province), the member list, a member search (over the whole
country and within a province) and a member page, as an administrator.

    .venv/bin/python bench/pages.py [--data-dir var/bench-national] [--province "Đảng bộ tỉnh Bình Định"]
                                    [--repeat 5] [--q "nguyen van an"]

The database is opened READ ONLY (``mode=ro`` and ``PRAGMA query_only``): no migration, no session, no user saved.
Each page is the view function called with a ``RequestFactory`` request whose user is an unsaved administrator
(its scope set in memory, as ``bench/statforms_set.py`` does). For each page: the first (cold) run, the median of
``--repeat`` more, the number of queries and the size of the HTML. Prints the machine and the load average.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the project root: bench.common, and dangbo once Django is set up

from bench.common import cpu_probe, machine  # noqa: E402


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms".replace(",", ".") if seconds < 1 else f"{seconds:.2f} s".replace(".", ",")


def kb(n: int) -> str:
    return f"{n / 1024:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".") + " KB"


def load() -> str:
    return f"{os.getloadavg()[0]:.1f}".replace(".", ",")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=str(ROOT / "var" / "bench-national"))
    parser.add_argument("--province", default="Đảng bộ tỉnh Bình Định")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--q", default="nguyen van an")
    parser.add_argument("--only", default="", help="chỉ đo các trang có tên chứa chuỗi này")
    parser.add_argument("--database-url", default="",
                        help="PostgreSQL (bench/national_to_postgres.py), đọc với default_transaction_read_only")
    args = parser.parse_args()

    database = Path(args.data_dir).resolve() / "dangbo.sqlite3"
    os.environ["DANGBO_DATA_DIR"] = str(Path(args.data_dir).resolve())
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DANGBO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    import django
    from django.conf import settings

    django.setup()
    db = settings.DATABASES["default"]
    if args.database_url:  # read only there too: PostgreSQL refuses any write in this session
        db["OPTIONS"] = {**db.get("OPTIONS", {}), "options": "-c default_transaction_read_only=on"}
        database = f"PostgreSQL {db['HOST']}:{db['PORT']}/{db['NAME']}"
    else:
        # Read only, whatever the code under test does: SQLite refuses any write on this connection.
        db["NAME"] = f"file:{database}?mode=ro"
        db["OPTIONS"] = {**db.get("OPTIONS", {}), "uri": True,
                         "init_command": "PRAGMA query_only=ON; PRAGMA case_sensitive_like=ON;"}
        db["OPTIONS"].pop("transaction_mode", None)

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from dangbo.accounts.scope import Scope
    from dangbo.members import views as member_views
    from dangbo.members.models import Member
    from dangbo.orgs import views as org_views
    from dangbo.orgs.models import Org

    print(f"Máy: {machine()}")
    print(f"CSDL: {database} (chỉ đọc)")
    user = get_user_model()(username="bench", is_superuser=True)  # never saved
    user._dangbo_scope = Scope(user_id=0, is_admin=True)

    province = Org.objects.get(name=args.province, depth=1)
    district = Org.objects.filter(path__startswith=province.path, depth=2).order_by("path").first()
    ward = (Org.objects.filter(path__startswith=district.path, depth=3, type__is_cell=False)
            .order_by("path").first())
    member = Member.objects.filter(org_id__in=Org.objects.filter(path__startswith=ward.path).values("id"),
                                   status="official").order_by("id").first()
    print(f"Tỉnh: {province.name}; huyện: {district.name}; xã: {ward.name}; đảng viên #{member.pk}")
    pages = [
        ("cây tổ chức", org_views.tree_view, "/", {}),
        (f"trang tổ chức xã ({ward.name})", org_views.org_detail, "/", {"pk": ward.pk}),
        (f"trang tổ chức huyện ({district.name})", org_views.org_detail, "/", {"pk": district.pk}),
        (f"trang tổ chức tỉnh ({province.name})", org_views.org_detail, "/", {"pk": province.pk}),
        (f"trang tổ chức tỉnh, tìm “{args.q}”", org_views.org_detail, f"/?q={args.q}", {"pk": province.pk}),
        ("danh sách đảng viên (cả nước)", member_views.member_list, "/", {}),
        (f"tìm đảng viên “{args.q}” (cả nước)", member_views.member_list, f"/?q={args.q}", {}),
        (f"tìm đảng viên “{args.q}” trong tỉnh", member_views.member_list, f"/?q={args.q}&org={province.pk}", {}),
        ("danh sách đảng viên của tỉnh", member_views.member_list, f"/?org={province.pk}", {}),
        ("trang đảng viên", member_views.member_detail, "/", {"pk": member.pk}),
    ]
    factory = RequestFactory()
    print(f"Đo tốc độ CPU (vòng lặp Python cố định, ≈ 0,2 s khi máy rảnh): {fmt(cpu_probe())}, load {load()}")
    for name, view, url, kwargs in pages:
        if args.only and args.only not in name:
            continue

        def run(view=view, url=url, kwargs=kwargs, name=name):
            request = factory.get(url)
            request.user = user
            response = view(request, **kwargs)
            assert response.status_code == 200, (name, response.status_code)
            return response

        began = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            response = run()
        cold = time.perf_counter() - began
        runs = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            run()
            runs.append(time.perf_counter() - began)
        warm = (f"trung vị {fmt(statistics.median(runs))} (nhanh nhất {fmt(min(runs))})" if runs
                else "không đo lại (--repeat 0)")
        print(f"  {name}: lần đầu {fmt(cold)}, {warm}, {len(ctx.captured_queries)} truy vấn, "
              f"HTML {kb(len(response.content))}; load {load()}", flush=True)
    print(f"load average lúc kết thúc: {load()}")


if __name__ == "__main__":
    main()
