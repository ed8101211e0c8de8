"""Benchmark: the page budgets of issue 12 (Deliver 2) on the national database, one user at a time — the tree,
org pages (a ward, a district, a province), the member list and a member search, a member page, the rating
statistics page, the API lists (``/api/members``, ``/api/orgs``), the targets dashboard and the sơ kết report —
for two users: an administrator (the whole country) and a province commission (``org_commission`` over one
province, the main user).

    .venv/bin/python bench/pages.py [--data-dir var/bench-national] [--province "Đảng bộ tỉnh Bình Định"]
                                    [--repeat 20] [--q "nguyen van an"] [--only chuỗi] [--users admin,tinh]
                                    [--max-seconds 30] [--database-url postgres://…] [--seed-targets]

The database is opened READ ONLY (``mode=ro`` and ``PRAGMA query_only``): no migration, no session, no user saved.
Each page is its view called with a ``RequestFactory`` request whose user is unsaved, its scope set in memory
(``user._dangbo_scope``, as ``scope_for`` caches it). The API views are reached through the API's URL resolver
with a session cookie and the user on the request: ``SessionAuth`` accepts ``request.user`` without reading the
session table. For each page and user: one warm-up run (its query count and response size are reported), then p50
and p95 over ``--repeat`` runs (fewer once a page has taken ``--max-seconds``: the table says how many), against the
budgets of issue 12: p50 ≤ 150 ms and p95 ≤ 300 ms at a province's scale, p95 ≤ 1 s at the country's. Pages
that need rows the dataset lacks (a targets document for the dashboard and the report) are listed as not measured,
with the reason. Prints the machine and the load average.

``--seed-targets`` (PostgreSQL only, ``--database-url``): before measuring, writes the demo's targets documents
(``dangbo.demo.documents``, through the targets services: 05-NQ/TU with its targets on the province, 03-CTr/HU
and 10-KH/HU on its first district) if no document has the demo's references yet, then closes that connection
and measures read only as usual: the dashboard and the sơ kết DOCX of the province's document over the province
and of the district's over the district. Refused on SQLite, which this bench opens read only (the national
SQLite file is never written; seed a copy through ``manage.py`` instead).
"""

import argparse
import math
import os
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


def percentile(runs: list[float], p: float) -> float:
    """Nearest-rank percentile: with 20 runs the p95 is the 19th fastest, never an interpolation."""
    ordered = sorted(runs)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


PROVINCE_BUDGET = (0.150, 0.300)  # p50, p95 at a province's scale
NATIONAL_P95 = 1.0


def verdict(user: str, p50: float, p95: float) -> str:
    if user == "admin":
        return "đạt" if p95 <= NATIONAL_P95 else "KHÔNG ĐẠT (p95 > 1 s)"
    misses = []
    if p50 > PROVINCE_BUDGET[0]:
        misses.append("p50 > 150 ms")
    if p95 > PROVINCE_BUDGET[1]:
        misses.append("p95 > 300 ms")
    return "đạt" if not misses else "KHÔNG ĐẠT (" + ", ".join(misses) + ")"


def load() -> str:
    return f"{os.getloadavg()[0]:.1f}".replace(".", ",")


def seed_targets(province_name: str) -> None:
    """The demo's targets documents on ``province_name`` and its first district (by path, the district this bench
    measures), written by the targets services as ``demo_setup`` writes them; nothing when they exist. Runs
    before the connection is made read only, then closes it."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from dangbo.accounts.scope import Scope
    from dangbo.demo import documents as demo_documents
    from dangbo.orgs.models import Org

    province = Org.objects.get(name=province_name, depth=1)
    district = Org.objects.filter(path__startswith=province.path, depth=2).order_by("path").first()
    actor = get_user_model()(username="bench-seed", is_superuser=True)  # never saved: the audit's actor is empty
    actor._dangbo_scope = Scope(user_id=0, is_admin=True)
    docs = demo_documents.create(actor=actor, province=province, district=district)
    print(f"Văn bản chỉ tiêu (--seed-targets): {', '.join(d.reference for d in docs)} "
          f"trên {province.name} và {district.name}")
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=str(ROOT / "var" / "bench-national"))
    parser.add_argument("--province", default="Đảng bộ tỉnh Bình Định")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--q", default="nguyen van an")
    parser.add_argument("--only", default="", help="chỉ đo các trang có tên chứa chuỗi này")
    parser.add_argument("--max-seconds", type=float, default=30.0,
                        help="ngừng đo lại một trang khi đã tốn chừng ấy giây (trang chậm: ít lần đo hơn --repeat)")
    parser.add_argument("--users", default="admin,tinh", help="admin, tinh hoặc cả hai (cách nhau dấu phẩy)")
    parser.add_argument("--database-url", default="",
                        help="PostgreSQL (bench/national_to_postgres.py), đọc với default_transaction_read_only")
    parser.add_argument("--seed-targets", action="store_true",
                        help="(chỉ PostgreSQL) ghi trước các văn bản chỉ tiêu của bản dùng thử vào tỉnh và một "
                             "huyện của nó nếu chưa có, rồi đo bảng theo dõi chỉ tiêu và báo cáo sơ kết")
    args = parser.parse_args()
    if args.seed_targets and not args.database_url:
        parser.error("--seed-targets ghi vào CSDL: chỉ dùng với --database-url (PostgreSQL); "
                     "SQLite ở đây luôn mở chỉ đọc")

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
    if args.seed_targets:
        seed_targets(args.province)
    if args.database_url:  # read only there too: PostgreSQL refuses any write in this session
        options = f"{db.get('OPTIONS', {}).get('options', '')} -c default_transaction_read_only=on".strip()
        db["OPTIONS"] = {**db.get("OPTIONS", {}), "options": options}  # keeping the settings' own (jit=off)
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
    from django.urls import resolve

    from dangbo.accounts.models import Role
    from dangbo.accounts.scope import Scope
    from dangbo.members import views as member_views
    from dangbo.members.models import Member
    from dangbo.orgs import views as org_views
    from dangbo.orgs.models import Org
    from dangbo.reviews.views import stats as review_stats_views
    from dangbo.targets.models import Document

    print(f"Máy: {machine()}")
    print(f"CSDL: {database} (chỉ đọc)")
    province = Org.objects.get(name=args.province, depth=1)
    district = Org.objects.filter(path__startswith=province.path, depth=2).order_by("path").first()
    ward = (Org.objects.filter(path__startswith=district.path, depth=3, type__is_cell=False)
            .order_by("path").first())
    member = Member.objects.filter(org_id__in=Org.objects.filter(path__startswith=ward.path).values("id"),
                                   status="official").order_by("id").first()
    print(f"Tỉnh: {province.name}; huyện: {district.name}; xã: {ward.name}; đảng viên #{member.pk}")

    users = {}
    admin = get_user_model()(username="bench-admin", is_superuser=True)  # never saved
    admin._dangbo_scope = Scope(user_id=0, is_admin=True)
    users["admin"] = admin
    commission = get_user_model()(username="bench-tinh")  # never saved
    commission._dangbo_scope = Scope(user_id=0, read_paths=(province.path,), write_paths=(province.path,),
                                     roles=(Role.ORG_COMMISSION,))
    users["tinh"] = commission

    def api(path):
        match = resolve(path)
        return lambda request, **kw: match.func(request, *match.args, **match.kwargs)

    pages = [
        ("cây tổ chức", org_views.tree_view, "/", {}),
        ("trang tổ chức xã", org_views.org_detail, "/", {"pk": ward.pk}),
        ("trang tổ chức huyện", org_views.org_detail, "/", {"pk": district.pk}),
        ("trang tổ chức tỉnh", org_views.org_detail, "/", {"pk": province.pk}),
        (f"trang tổ chức tỉnh, tìm “{args.q}”", org_views.org_detail, f"/?q={args.q}", {"pk": province.pk}),
        ("danh sách đảng viên (cả phạm vi)", member_views.member_list, "/", {}),
        (f"tìm đảng viên “{args.q}” (cả phạm vi)", member_views.member_list, f"/?q={args.q}", {}),
        ("danh sách đảng viên của tỉnh", member_views.member_list, f"/?org={province.pk}", {}),
        ("trang đảng viên", member_views.member_detail, "/", {"pk": member.pk}),
        ("thống kê xếp loại (gốc phạm vi)", review_stats_views.stats_page, "/", {}),
        ("thống kê xếp loại của tỉnh", review_stats_views.stats_page, f"/?org={province.pk}", {}),
        ("API /api/members", api("/api/members"), "/api/members", {}),
        (f"API /api/members?q={args.q}", api("/api/members"), f"/api/members?q={args.q}", {}),
        ("API /api/orgs", api("/api/orgs"), "/api/orgs", {}),
    ]
    province_doc = (Document.objects.filter(scope_org=province, targets__isnull=False).distinct()
                    .order_by("id").first())
    district_doc = (Document.objects.filter(scope_org=district, targets__isnull=False).distinct()
                    .order_by("issued_on", "id").first())
    if province_doc is None or district_doc is None:
        skipped = ["bảng theo dõi chỉ tiêu (targets:dashboard)", "báo cáo sơ kết DOCX của huyện",
                   "báo cáo sơ kết DOCX của tỉnh"]
        reason = ("CSDL không có văn bản có chỉ tiêu của tỉnh và của huyện được đo (thêm --seed-targets, "
                  "PostgreSQL)")
    else:
        from dangbo.reports import views as report_views
        from dangbo.targets import views as target_views

        skipped, reason = [], ""
        pages += [
            (f"bảng theo dõi chỉ tiêu huyện {district_doc.reference}", target_views.dashboard, "/",
             {"pk": district_doc.pk}),
            (f"bảng theo dõi chỉ tiêu tỉnh {province_doc.reference}", target_views.dashboard, "/",
             {"pk": province_doc.pk}),
            (f"báo cáo sơ kết DOCX huyện {district_doc.reference}", report_views.document_report,
             f"/?kind=so_ket&format=docx&org={district.pk}", {"pk": district_doc.pk}),
            (f"báo cáo sơ kết DOCX tỉnh {province_doc.reference}", report_views.document_report,
             f"/?kind=so_ket&format=docx&org={province.pk}", {"pk": province_doc.pk}),
        ]
    factory = RequestFactory()
    print(f"Đo tốc độ CPU (vòng lặp Python cố định, ≈ 0,2 s khi máy rảnh): {fmt(cpu_probe())}, load {load()}")
    print(f"{args.repeat} lần đo sau 1 lần chạy làm nóng. Ngân sách: cấp tỉnh p50 ≤ 150 ms, p95 ≤ 300 ms; "
          "cả nước p95 ≤ 1 s.")
    print(f"{'trang':<44} {'người dùng':<10} {'lần':>4} {'p50':>9} {'p95':>9} {'truy vấn':>8} {'cỡ':>10}  ngân sách")
    for who in [u.strip() for u in args.users.split(",") if u.strip()]:
        user = users[who]
        for name, view, url, kwargs in pages:
            if args.only and args.only not in name:
                continue

            def run(view=view, url=url, kwargs=kwargs, name=name, user=user, who=who):
                request = factory.get(url)
                request.COOKIES[settings.SESSION_COOKIE_NAME] = "bench"  # SessionAuth: key present, user set
                request.user = user
                response = view(request, **kwargs)
                assert response.status_code == 200, (name, who, response.status_code, response.content[:300])
                return response

            with CaptureQueriesContext(connection) as ctx:
                response = run()
            runs = []
            for _ in range(args.repeat):
                began = time.perf_counter()
                run()
                runs.append(time.perf_counter() - began)
                if sum(runs) > args.max_seconds:
                    break
            if not runs:
                print(f"{name:<44} {who:<10} (--repeat 0)")
                continue
            p50, p95 = percentile(runs, 50), percentile(runs, 95)
            size = len(response.content) if not getattr(response, "streaming", False) else 0
            print(f"{name:<44} {who:<10} {len(runs):>4} {fmt(p50):>9} {fmt(p95):>9} {len(ctx.captured_queries):>8} "
                  f"{kb(size):>10}  {verdict(who, p50, p95)}; load {load()}", flush=True)
    for name in skipped:
        print(f"{name:<44} {'cả hai':<10} không đo: {reason}")
    print(f"load average lúc kết thúc: {load()}")


if __name__ == "__main__":
    main()
