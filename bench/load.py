"""Load test (issue 12): logged-in users, each with their own scope, through one or more running app servers.

    .venv/bin/python bench/load.py --host http://127.0.0.1:8100 [--host http://127.0.0.1:8101]
        [--users 20] [--think 1-3] [--duration 60] [--cells 8] [--scale district|province] [--warmup 0]
        [--no-reset-stats]

Needs the ``bench`` extra (locust: ``pip install -e ".[bench]"``). First, in a child process on the database the
environment points at (DANGBO_DATA_DIR or DATABASE_URL: the servers' own, with the demo data of ``make run``), it
creates the bench accounts if missing — ``bench-huyen`` (the district's organisation commission, the district
admin) and ``bench-bithu-NN`` (the secretaries of the first ``--cells`` cells); with ``--scale province`` (on
``generate_demo --size province``) also ``bench-tinh``, the province's commission, and the cells are spread over the
whole province — and lists what each may open.
Then locust runs headless for ``--duration`` seconds: each simulated user logs in as one of those accounts (its own
session) and, with ``--think`` seconds between requests, opens org pages, searches members, opens member pages,
saves the review entry sheet of a cell (the form posted back as a browser would) and downloads a statistics form
(XLSX). A few users open only the login page: the reference throughput of the same server in the same run.
Several ``--host`` values spread the users over several app servers (round robin); ``bench/two_servers.sh`` puts two
behind one address (nginx) instead.
The figures count only what happens once every user has logged in (the PBKDF2 logins of all users at once, plus
``--warmup`` seconds, are printed apart as the login phase); ``--no-reset-stats`` counts everything from the start.
Prints requests/s, p50/p95 and errors per kind of request, and the load average; exit 1 on any error.
"""

import argparse
import itertools
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "matkhau-tai-thu-123"  # noqa: S105 — bench accounts of a scratch or demo database
LOGIN = "/tai-khoan/dang-nhap/"
LOGIN_PAGE = "chỉ trang đăng nhập (tham chiếu)"


def prepare(cells: int, scale: str = "district") -> dict:
    """(child process) The bench accounts and, for each, what it may open: run with Django set up.

    ``district``: the demo district's commission and its first ``cells`` cells (the data of ``make run``).
    ``province``: the province commission (``bench-tinh``), the demo district's commission (``bench-huyen``) and
    the secretaries of ``cells`` cells spread over the whole province (``generate_demo --size province``)."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    django.setup()
    from django.contrib.auth import get_user_model

    from dangbo.accounts.models import Grant, Role
    from dangbo.demo.users import demo_district
    from dangbo.members.choices import ACTIVE_STATUSES
    from dangbo.members.models import Member
    from dangbo.orgs.models import Org, OrgStatus
    from dangbo.reviews.models import Assessment
    from dangbo.statforms.forms import PeriodForm

    district = demo_district()
    if district is None:
        raise SystemExit("Không có dữ liệu mẫu: chạy `make demo` (hoặc `make run`) trước.")
    province = None
    if scale == "province":
        province = (Org.objects.filter(type__code="dang_bo_tinh", status=OrgStatus.ACTIVE).order_by("path").first())
        if province is None or Org.objects.filter(path__startswith=province.path, depth=province.depth + 1).count() < 2:
            raise SystemExit("Không có dữ liệu cấp tỉnh: `manage.py generate_demo --size province` trước.")
    User = get_user_model()

    def account(username: str, role: str, org: Org) -> None:
        user, made = User.objects.get_or_create(username=username)
        if made or not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            user.save()
        Grant.objects.get_or_create(user=user, role=role, org=org)

    top = province or district
    review_year = (Assessment.objects.filter(member__org__path__startswith=top.path)
                   .order_by("-year").values_list("year", flat=True).first())
    form = PeriodForm(None)
    report = {"bieu": form.default["bieu"], "ky": "half", "nam": form.default["period"].start.year, "tai": "xlsx"}

    def spread(rows: list, n: int) -> list:
        """n rows evenly spaced over the whole list: a province's first rows in path order are all one district."""
        if len(rows) <= n:
            return rows
        return [rows[i * len(rows) // n] for i in range(n)]

    active_cells = Org.objects.filter(type__is_cell=True, status=OrgStatus.ACTIVE,
                                      members__status__in=ACTIVE_STATUSES).distinct().order_by("path")
    if province is None:
        cell_orgs = list(active_cells.filter(path__startswith=district.path)[:cells])
    else:
        cell_orgs = spread(list(active_cells.filter(path__startswith=province.path)), cells)

    def members_of(path: str, n: int) -> list[tuple[int, str]]:
        rows = (Member.objects.filter(org__path__startswith=path, status__in=ACTIVE_STATUSES)
                .order_by("sort_key", "id").values_list("pk", "full_name"))
        rows = spread(list(rows), n) if province is not None else rows[:n]
        return [(pk, name.rsplit(" ", 1)[-1]) for pk, name in rows]

    def orgs_of(org: Org, n: int) -> list[int]:
        rows = Org.objects.filter(path__startswith=org.path).order_by("path").values_list("pk", flat=True)
        if province is None:
            return list(rows[:n])
        # the org itself and its direct children (the heaviest pages), then the rest spread over the subtree
        upper = list(Org.objects.filter(path__startswith=org.path, depth__lte=org.depth + 1).order_by("path")
                     .values_list("pk", flat=True))
        seen = set(upper)
        return upper + [pk for pk in spread(list(rows), n) if pk not in seen]

    plans = []
    commissions = [("bench-tinh", province), ("bench-huyen", district)] if province else [("bench-huyen", district)]
    for username, org in commissions:
        account(username, Role.ORG_COMMISSION, org)
        found = members_of(org.path, 200)
        inside = [c for c in cell_orgs if c.path.startswith(org.path)]
        plans.append({"username": username, "scope": org.name, "report_org": org.pk, "orgs": orgs_of(org, 60),
                      "members": [pk for pk, _ in found], "names": sorted({n for _, n in found})[:30],
                      "review": [review_year, inside[0].pk] if review_year and inside else None})
    for i, cell in enumerate(cell_orgs):
        name = f"bench-bithu-{i:02d}"
        account(name, Role.CELL_SECRETARY, cell)
        found = members_of(cell.path, 50)
        plans.append({"username": name, "scope": cell.name, "report_org": cell.pk, "orgs": [cell.pk],
                      "members": [pk for pk, _ in found], "names": sorted({n for _, n in found})[:10],
                      "review": [review_year, cell.pk] if review_year else None})
    return {"accounts": plans, "report": report}


def load_plan(cells: int, scale: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--prepare-child", str(cells), "--scale", scale],  # noqa: S603
                          cwd=ROOT, check=True, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(args, plan: dict) -> int:
    # locust patches the standard library with gevent when imported: only here, never in the Django child
    import gevent
    from locust import HttpUser, between, events, task
    from locust.env import Environment
    from locust.stats import StatsEntry

    from bench.concurrency import FormFields, form_fields

    low, _, high = args.think.partition("-")
    wait = between(float(low), float(high or low))
    hosts = itertools.cycle(args.host)
    accounts = itertools.cycle(plan["accounts"])
    report = plan["report"]
    started: list = []  # users whose on_start (the login) is done

    class Scoped(HttpUser):
        weight = 9
        wait_time = wait
        host = args.host[0]

        def on_start(self):
            self.client.base_url = next(hosts)
            self.me = next(accounts)
            page = self.client.get(LOGIN, name="đăng nhập (GET)")
            token = form_fields(page.text, "username")["csrfmiddlewaretoken"]
            with self.client.post(LOGIN, {"csrfmiddlewaretoken": token, "username": self.me["username"],
                                          "password": PASSWORD}, name="đăng nhập (POST)", allow_redirects=False,
                                  catch_response=True) as r:
                if r.status_code != 302:
                    r.failure(f"đăng nhập {self.me['username']}: {r.status_code}")
            started.append(self)

        @task(4)
        def org_page(self):
            self.client.get(f"/to-chuc/{random.choice(self.me['orgs'])}/", name="trang tổ chức")

        @task(3)
        def search(self):
            self.client.get("/dang-vien/", params={"q": random.choice(self.me["names"])}, name="tìm đảng viên",
                            headers={"HX-Request": "true"})

        @task(4)
        def member_page(self):
            self.client.get(f"/dang-vien/{random.choice(self.me['members'])}/", name="trang đảng viên")

        @task(1)
        def review_save(self):
            if not self.me["review"]:
                return
            year, cell = self.me["review"]
            url = f"/danh-gia/nam/{year}/chi-bo/{cell}/"
            page = self.client.get(url, name="phiếu đánh giá (GET)")
            parser = FormFields()
            parser.feed(page.text)
            if not parser.forms:
                return
            fields = max(parser.forms, key=len)  # the sheet: the page's largest POST form (not the logout one)
            with self.client.post(url, fields, name="phiếu đánh giá (lưu)", allow_redirects=False,
                                  catch_response=True) as r:
                if r.status_code not in (200, 302):
                    r.failure(f"lưu phiếu: {r.status_code}")

        @task(1)
        def report_download(self):
            with self.client.get("/bieu-mau-thong-ke/", params={"org": self.me["report_org"], **report},
                                 name="tải biểu thống kê (XLSX)", catch_response=True) as r:
                if r.ok and "spreadsheet" not in r.headers.get("Content-Type", ""):
                    r.failure("không phải tệp XLSX")

    class LoginPage(HttpUser):
        weight = 1
        wait_time = wait
        host = args.host[0]

        def on_start(self):
            self.client.base_url = next(hosts)
            started.append(self)

        @task
        def login_page(self):
            self.client.get(LOGIN, name=LOGIN_PAGE)

    errors: list[str] = []

    def fmt(x: float, digits: int = 1) -> str:
        return f"{x:,.{digits}f}".replace(",", "X").replace(".", ",").replace("X", ".")

    def table(stats) -> list[tuple]:
        """(name, requests, failures, p50, p95) per kind of request, then the total: a copy, kept over a reset."""
        total: StatsEntry = stats.total
        rows = sorted(stats.entries.values(), key=lambda e: e.name)
        return [("TỔNG" if e is total else e.name, e.num_requests, e.num_failures,
                 e.get_response_time_percentile(0.5) or 0, e.get_response_time_percentile(0.95) or 0)
                for e in [*rows, total]]

    def show(rows: list[tuple], seconds: float) -> None:
        print(f"{'yêu cầu':34} {'số lượt':>8} {'lỗi':>5} {'lượt/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
        for name, requests, failures, p50, p95 in rows:
            if not requests and name != "TỔNG":
                continue  # the logins, once the statistics were reset after them
            print(f"{name:34} {requests:>8} {failures:>5} {fmt(requests / seconds):>8} {p50:>8.0f} {p95:>8.0f}")

    @events.request.add_listener
    def _keep(request_type, name, response, exception, **kwargs):
        if exception is not None and len(errors) < 20:
            errors.append(f"{request_type} {name}: {exception}")
        elif response is not None and response.status_code >= 500 and len(errors) < 20:
            errors.append(f"{request_type} {name}: {response.status_code}")

    env = Environment(user_classes=[Scoped, LoginPage], events=events)
    runner = env.create_local_runner()
    began = time.time()
    runner.start(args.users, spawn_rate=max(1, args.users / 5))
    login_phase = None
    if args.reset_stats:
        # the PBKDF2 logins of every user at once are a burst no steady state has: measured apart, then forgotten
        while len(started) < args.users and time.time() - began < args.login_timeout:
            gevent.sleep(0.2)
        gevent.sleep(args.warmup)
        login_phase = (time.time() - began, len(started), table(env.stats))
        env.stats.reset_all()
        began = time.time()
    counts: dict[str, int] = {}

    def finish():
        counts.update(runner.user_classes_count)  # before quit, which stops (and uncounts) every user
        runner.quit()

    gevent.spawn_later(args.duration, finish)
    runner.greenlet.join()
    took = time.time() - began
    load = os.getloadavg()

    if login_phase is not None:
        spent, logged_in, rows = login_phase
        print(f"giai đoạn đăng nhập (không tính vào kết quả): {logged_in}/{args.users} người dùng sẵn sàng sau "
              f"{fmt(spent, 0)} s (gồm {fmt(args.warmup, 0)} s khởi động)")
        show(rows, spent)
        print()
    print(f"{args.users} người dùng, nghỉ {args.think} s giữa hai yêu cầu, {fmt(took, 0)} s đo"
          f"{' sau khi mọi người dùng đã đăng nhập' if login_phase else ''}, máy chủ: {', '.join(args.host)}")
    rows = table(env.stats)
    show(rows, took)
    reference = next((r[1] for r in rows if r[0] == LOGIN_PAGE), 0)
    mixed = sum(r[1] for r in rows[:-1] if r[0] not in (LOGIN_PAGE, "đăng nhập (GET)", "đăng nhập (POST)"))
    if reference and counts.get("Scoped") and counts.get("LoginPage"):
        share = (mixed / counts["Scoped"]) / (reference / counts["LoginPage"])
        print(f"hỗn hợp so với trang đăng nhập, mỗi người dùng: {fmt(100 * share)}% ({counts['Scoped']} người dùng "
              f"hỗn hợp {fmt(mixed / took)} lượt/s, {counts['LoginPage']} chỉ trang đăng nhập "
              f"{fmt(reference / took)} lượt/s)")
    print(f"load average lúc kết thúc: {fmt(load[0], 2)} / {fmt(load[1], 2)} / {fmt(load[2], 2)}")
    for line in errors:
        print("LỖI", line)
    failed = rows[-1][2] + (login_phase[2][-1][2] if login_phase else 0)
    return 1 if failed or (login_phase and login_phase[1] < args.users) else 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", action="append", help="app server base URL (repeat for several)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--think", default="1-3", help="seconds between a user's requests: MIN-MAX or N")
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--cells", type=int, default=8, help="cell secretaries among the bench accounts")
    parser.add_argument("--scale", choices=["district", "province"], default="district",
                        help="district: the demo district (make run); province: generate_demo --size province")
    parser.add_argument("--reset-stats", action=argparse.BooleanOptionalAction, default=True,
                        help="measure only once every user has logged in (the login phase printed apart)")
    parser.add_argument("--warmup", type=float, default=0, help="seconds more after the logins, before measuring")
    parser.add_argument("--login-timeout", type=float, default=300, help=argparse.SUPPRESS)
    parser.add_argument("--prepare-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare_child is not None:
        print(json.dumps(prepare(args.prepare_child, args.scale)))
        return
    args.host = [h.rstrip("/") for h in (args.host or ["http://127.0.0.1:8000"])]
    sys.path.insert(0, str(ROOT))
    from bench.common import machine

    print(machine(), flush=True)
    plan = load_plan(args.cells, args.scale)
    print("tài khoản: " + "; ".join(f"{a['username']} ({a['scope']})" for a in plan["accounts"]), flush=True)
    sys.exit(run(args, plan))


if __name__ == "__main__":
    main()
