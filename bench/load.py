"""Load test (issue 12): logged-in users, each with their own scope, through one or more running app servers.

    .venv/bin/python bench/load.py --host http://127.0.0.1:8100 [--host http://127.0.0.1:8101]
        [--users 20] [--think 1-3] [--duration 60] [--cells 8] [--no-setup]

Needs the ``bench`` extra (locust: ``pip install -e ".[bench]"``). First, in a child process on the database the
environment points at (DANGBO_DATA_DIR or DATABASE_URL: the servers' own, with the demo data of ``make run``), it
creates the bench accounts if missing — ``bench-huyen`` (the district's organisation commission, the district
admin) and ``bench-bithu-NN`` (the secretaries of the first ``--cells`` cells) — and lists what each may open.
Then locust runs headless for ``--duration`` seconds: each simulated user logs in as one of those accounts (its own
session) and, with ``--think`` seconds between requests, opens org pages, searches members, opens member pages,
saves the review entry sheet of a cell (the form posted back as a browser would) and downloads a statistics form
(XLSX). A few users open only the login page: the reference throughput of the same server in the same run.
Several ``--host`` values spread the users over several app servers (round robin).
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


def prepare(cells: int) -> dict:
    """(child process) The bench accounts and, for each, what it may open: run with Django set up."""
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
    User = get_user_model()

    def account(username: str, role: str, org: Org) -> None:
        user, made = User.objects.get_or_create(username=username)
        if made or not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            user.save()
        Grant.objects.get_or_create(user=user, role=role, org=org)

    review_year = (Assessment.objects.filter(member__org__path__startswith=district.path)
                   .order_by("-year").values_list("year", flat=True).first())
    form = PeriodForm(None)
    report = {"bieu": form.default["bieu"], "ky": "half", "nam": form.default["period"].start.year, "tai": "xlsx"}
    cell_orgs = list(Org.objects.filter(path__startswith=district.path, type__is_cell=True, status=OrgStatus.ACTIVE,
                                        members__status__in=ACTIVE_STATUSES).distinct().order_by("path")[:cells])

    def members_of(path: str, n: int) -> list[tuple[int, str]]:
        rows = (Member.objects.filter(org__path__startswith=path, status__in=ACTIVE_STATUSES)
                .order_by("sort_key", "id").values_list("pk", "full_name")[:n])
        return [(pk, name.rsplit(" ", 1)[-1]) for pk, name in rows]

    plans = []
    account("bench-huyen", Role.ORG_COMMISSION, district)
    found = members_of(district.path, 200)
    plans.append({"username": "bench-huyen", "scope": district.name, "report_org": district.pk,
                  "orgs": list(Org.objects.filter(path__startswith=district.path).order_by("path")
                               .values_list("pk", flat=True)[:60]),
                  "members": [pk for pk, _ in found], "names": sorted({n for _, n in found})[:30],
                  "review": [review_year, cell_orgs[0].pk] if review_year and cell_orgs else None})
    for i, cell in enumerate(cell_orgs):
        name = f"bench-bithu-{i:02d}"
        account(name, Role.CELL_SECRETARY, cell)
        found = members_of(cell.path, 50)
        plans.append({"username": name, "scope": cell.name, "report_org": cell.pk, "orgs": [cell.pk],
                      "members": [pk for pk, _ in found], "names": sorted({n for _, n in found})[:10],
                      "review": [review_year, cell.pk] if review_year else None})
    return {"accounts": plans, "report": report}


def load_plan(cells: int) -> dict:
    done = subprocess.run([sys.executable, __file__, "--prepare-child", str(cells)], cwd=ROOT, check=True,  # noqa: S603
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
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

        @task
        def login_page(self):
            self.client.get(LOGIN, name="chỉ trang đăng nhập (tham chiếu)")

    errors: list[str] = []

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
    gevent.spawn_later(args.duration, runner.quit)
    runner.greenlet.join()
    took = time.time() - began
    load = os.getloadavg()

    def fmt(x: float, digits: int = 1) -> str:
        return f"{x:,.{digits}f}".replace(",", "X").replace(".", ",").replace("X", ".")

    print(f"{args.users} người dùng, nghỉ {args.think} s giữa hai yêu cầu, {fmt(took, 0)} s, máy chủ: "
          f"{', '.join(args.host)}")
    print(f"{'yêu cầu':34} {'số lượt':>8} {'lỗi':>5} {'lượt/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
    rows = sorted(env.stats.entries.values(), key=lambda e: e.name)
    total: StatsEntry = env.stats.total
    for e in [*rows, total]:
        name = "TỔNG" if e is total else e.name
        print(f"{name:34} {e.num_requests:>8} {e.num_failures:>5} {fmt(e.num_requests / took):>8} "
              f"{e.get_response_time_percentile(0.5) or 0:>8.0f} {e.get_response_time_percentile(0.95) or 0:>8.0f}")
    print(f"load average lúc kết thúc: {fmt(load[0], 2)} / {fmt(load[1], 2)} / {fmt(load[2], 2)}")
    for line in errors:
        print("LỖI", line)
    return 1 if total.num_failures else 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", action="append", help="app server base URL (repeat for several)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--think", default="1-3", help="seconds between a user's requests: MIN-MAX or N")
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--cells", type=int, default=8, help="cell secretaries among the bench accounts")
    parser.add_argument("--prepare-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare_child is not None:
        print(json.dumps(prepare(args.prepare_child)))
        return
    args.host = [h.rstrip("/") for h in (args.host or ["http://127.0.0.1:8000"])]
    sys.path.insert(0, str(ROOT))
    from bench.common import machine

    print(machine(), flush=True)
    plan = load_plan(args.cells)
    print("tài khoản: " + "; ".join(f"{a['username']} ({a['scope']})" for a in plan["accounts"]), flush=True)
    sys.exit(run(args, plan))


if __name__ == "__main__":
    main()
