"""Concurrency check (issue 11): an import of N members running while U users log in and edit, through the real
server — no error allowed.

    .venv/bin/python bench/concurrency.py [--members 4000] [--users 20] [--min-seconds 30]
                                          [--data-dir var/bench-concurrency] [--base var/bench-import/base.sqlite3]

Copies the demo district (``base.sqlite3`` of bench/import_members.py, built there if missing) into a scratch data
directory, migrates it, creates U users of the district's organisation commission, starts ``waitress-serve
--threads=8`` as ``make run`` does (DANGBO_DEBUG=0), then at once
- one process imports N members in one transaction (it holds SQLite's write lock for seconds);
- U threads, each with a fresh cookie jar per round, GET the login page, POST the password with the CSRF token,
  GET a member's edit page and POST it back with the occupation changed,
for as long as the import runs and at least ``--min-seconds``. Any 5xx, any "database is locked" in a body, any
connection error or unexpected status is a failure; the exit status is 1 then.
"""

import argparse
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import machine  # noqa: E402
from bench.import_members import BASE, build_base, checkpoint, fresh_copy, workbook  # noqa: E402

PASSWORD = "matkhau-dong-thoi-123"  # noqa: S105 — a scratch database's users
LOGIN = "/tai-khoan/dang-nhap/"
BIN = Path(sys.executable).parent


class FormFields(HTMLParser):
    """The values a browser would send for each POST form of a page (inputs, selected options, textareas)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._form: dict[str, str] | None = None
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form[name] = a.get("value") or "on"
            elif kind not in ("submit", "button", "file"):
                self._form[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self._form.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self._form[self._select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self._form[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._form = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form[self._textarea] += data


def form_fields(html: str, field: str) -> dict[str, str]:
    """The page's POST form that holds ``field`` (the header's logout form is one too)."""
    parser = FormFields()
    parser.feed(html)
    return next(f for f in parser.forms if field in f)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses: Counter = Counter()
        self.failures: list[str] = []
        self.latency: dict[str, list[tuple[float, float]]] = {"login": [], "edit": []}  # (wall-clock end, s)

    def fail(self, message: str) -> None:
        with self.lock:
            self.failures.append(message)


def request(opener, tally: Tally, url: str, data: dict | None = None) -> tuple[int, str, float]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    began = time.perf_counter()
    try:
        with opener.open(url, body, timeout=120) as resp:
            status, text = resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        status, text = exc.code, exc.read().decode("utf-8", "replace")
    took = time.perf_counter() - began
    with tally.lock:
        tally.statuses[status] += 1
    if status >= 500 or "database is locked" in text:
        raise RuntimeError(f"{status} {'database is locked ' if 'database is locked' in text else ''}{url}")
    return status, text, took


def user_loop(base: str, username: str, member_ids: list[int], tally: Tally, stop: threading.Event) -> None:
    round_ = 0
    while not stop.is_set():
        member = member_ids[round_ % len(member_ids)]
        round_ += 1
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
        try:
            _, page, _ = request(opener, tally, base + LOGIN)
            token = form_fields(page, "username")["csrfmiddlewaretoken"]
            status, page, took = request(opener, tally, base + LOGIN, {"csrfmiddlewaretoken": token,
                                                                     "username": username, "password": PASSWORD})
            if status != 302:
                raise RuntimeError(f"đăng nhập {username}: {status}")
            tally.latency["login"].append((time.time(), took))
            edit = f"{base}/dang-vien/{member}/sua/"
            status, page, _ = request(opener, tally, edit)
            if status != 200:
                raise RuntimeError(f"mở trang sửa {member}: {status}")
            fields = form_fields(page, "full_name")
            fields["occupation"] = f"Nông dân ({username}, lượt {round_})"
            status, page, took = request(opener, tally, edit, fields)
            if status != 302:
                errors = re.findall(r'class="errorlist"[^>]*>(.*?)</ul>', page, re.S)
                raise RuntimeError(f"lưu {member}: {status} {' '.join(errors)[:300]}")
            tally.latency["edit"].append((time.time(), took))
        except Exception as exc:  # noqa: BLE001 — every error counts, whatever its kind
            tally.fail(f"{username}: {type(exc).__name__}: {exc}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(base: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"máy chủ dừng với mã {server.returncode}")
        try:
            urllib.request.urlopen(base + LOGIN, timeout=5).read()  # noqa: S310 — http://127.0.0.1 only
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("máy chủ không trả lời sau 60 s")


def prepare(data_dir: Path, base_db: Path, users: int, members: int) -> tuple[list[str], list[int], Path]:
    """Scratch database, users, the workbook to import; returns usernames, member ids to edit, the file."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from dangbo.accounts.models import Grant, Role
    from dangbo.members.choices import MemberStatus
    from dangbo.members.models import Member
    from dangbo.orgs.models import Org

    if not (data_dir / BASE).exists():
        if base_db.exists():
            shutil.copyfile(base_db, data_dir / BASE)
        else:
            build_base(data_dir, 1.0)
    fresh_copy(data_dir)
    call_command("migrate", verbosity=0)
    district = Org.objects.filter(depth=2).order_by("path").first()  # the demo's district, under its province
    User = get_user_model()
    names = []
    for i in range(users):
        user = User.objects.create_user(username=f"btc{i:02d}", password=PASSWORD)
        Grant.objects.create(user=user, role=Role.ORG_COMMISSION, org=district)
        names.append(user.username)
    ids = list(Member.objects.filter(status=MemberStatus.OFFICIAL, org__path__startswith=district.path)
               .order_by("pk").values_list("pk", flat=True)[: users * 5])
    importer, _ = User.objects.get_or_create(username="bench-import", defaults={"is_superuser": True,
                                                                                "is_staff": True})
    path = data_dir / "import.xlsx"
    if members:
        path.write_bytes(workbook(members))
    checkpoint()
    return names, ids, path


def import_child(path: str) -> None:
    """The import, in its own process as the worker would run it."""
    from django.contrib.auth import get_user_model

    from dangbo.members import imports

    user = get_user_model().objects.get(username="bench-import")
    began = time.time()
    result = imports.import_members(path, user=user)
    print(f"IMPORTED {result.members} {began} {time.time()}", flush=True)


def pct(values: list[float], q: float) -> str:
    if not values:
        return "—"
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(q * len(ordered)))]:.2f}".replace(".", ",")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=4000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--min-seconds", type=float, default=30)
    parser.add_argument("--data-dir", default=str(ROOT / "var" / "bench-concurrency"))
    parser.add_argument("--base", default=str(ROOT / "var" / "bench-import" / BASE))
    parser.add_argument("--import-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    data_dir = Path(args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DANGBO_DATA_DIR": str(data_dir), "DANGBO_DEBUG": "0",
           "DJANGO_SETTINGS_MODULE": "dangbo.settings", "PYTHONPATH": str(ROOT)}
    for name in ("DATABASE_URL", "DANGBO_HTTPS"):
        env.pop(name, None)
        os.environ.pop(name, None)
    os.environ.update(env)
    import django

    django.setup()
    if args.import_child:
        import_child(args.import_child)
        return
    print(machine(), flush=True)
    users, member_ids, xlsx = prepare(data_dir, Path(args.base), args.users, args.members)
    from django.db import connection

    connection.close()
    log = (data_dir / "server.log").open("w")  # waitress's "Task queue depth" warnings, kept out of the table
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 — our own command line
        [str(BIN / "waitress-serve"), "--threads=8", "--host=127.0.0.1", f"--port={port}", "dangbo.wsgi:application"],
        cwd=ROOT, env=env, stderr=log, stdout=log)
    try:
        wait_for(base, server)
        tally, stop = Tally(), threading.Event()
        threads = [threading.Thread(target=user_loop, args=(base, name, member_ids[i::len(users)], tally, stop))
                   for i, name in enumerate(users)]
        began = time.perf_counter()
        for t in threads:
            t.start()
        time.sleep(2)  # the users are at work when the import starts
        imported = None
        if args.members:  # --members 0: the same load without an import, to compare
            child = subprocess.Popen(  # noqa: S603 — our own command line
                [sys.executable, __file__, "--data-dir", str(data_dir), "--import-child", str(xlsx)],
                cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
            out, _ = child.communicate()
            imported = next((line.split() for line in out.splitlines() if line.startswith("IMPORTED")), None)
            if child.returncode != 0 or imported is None:
                tally.fail(f"nhập dữ liệu: mã {child.returncode}")
        remaining = args.min_seconds - (time.perf_counter() - began)
        if remaining > 0:
            time.sleep(remaining)
        stop.set()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
    errors = (data_dir / "server.log").read_text().count("Traceback")
    if errors:
        tally.fail(f"{errors} lỗi trong nhật ký máy chủ ({data_dir / 'server.log'})")
    start, end = (float(imported[2]), float(imported[3])) if imported else (0.0, -1.0)
    print(f"\n{args.users} người dùng trong {elapsed:.0f} s; nhập {args.members} đảng viên: "
          + (f"{end - start:.1f} s ({imported[1]} đã ghi)".replace(".", ",") if imported else "không chạy"))
    print(f"{'':32}{'số lượt':>9}{'p50 (s)':>9}{'p95 (s)':>9}{'max (s)':>9}")
    for label, key in (("đăng nhập", "login"), ("sửa hồ sơ", "edit")):
        # a request that overlapped the import may have waited for its write lock
        for when, keep in (("tất cả", lambda overlaps: True), ("chồng lên lúc nhập", lambda overlaps: overlaps),
                           ("ngoài lúc nhập", lambda overlaps: not overlaps)):
            values = [took for t, took in tally.latency[key] if keep(t - took <= end and t >= start)]
            top = f"{max(values):.2f}".replace(".", ",") if values else "—"
            print(f"{label + ', ' + when:32}{len(values):>9}{pct(values, 0.5):>9}{pct(values, 0.95):>9}{top:>9}")
    print("mã trả lời: " + ", ".join(f"{k}: {v}" for k, v in sorted(tally.statuses.items())))
    print(f"lỗi: {len(tally.failures)}")
    for line in tally.failures[:20]:
        print("  " + line)
    sys.exit(1 if tally.failures else 0)


if __name__ == "__main__":
    main()
