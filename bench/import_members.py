"""Benchmark: the XLSX import of N new members (validate + commit) against openpyxl only reading the same file.

    .venv/bin/python bench/import_members.py [--members 4000 100000] [--data-dir var/bench-import] [--scale 1]

Builds the demo district once (``generate_demo --size district``, ≈ 4.200 members, kept as ``base.sqlite3`` in the
data directory) and, for each N, starts again from a copy of it: writes a workbook of N members spread over the
district's active cells (names, dates, CCCD, cell code, admission and recognition dates; one in twenty admitted
outside the system, one in fifty over 60 at admission, so flagged), then times in one run

- (a) openpyxl in read-only mode reading every row of the file, nothing else (the yardstick of issue 11);
- (a') the import's own reader (``core.xlsx_read.open_book``: calamine, with its scan for formula cells) reading
  every row, nothing else;
- (b) ``members.imports.import_members``: read, validate every row, commit in one transaction;
- (c) of (b), the write transaction alone (``members_bulk_create``): how long SQLite's write lock is held;

and prints both, their ratio, and the members per second — in wall-clock time and in the process's CPU time
(``time.process_time``), which other processes sharing the cores disturb far less. Targets (issue 11): 4.000
members in under 5 s; 100.000 (``imports.MAX_ROWS``, the most one file holds) in at most 3 × (a). ``--profile``
prints the import's 30 costliest functions (``BENCH_SORT=cumulative``, ``BENCH_LINES=N`` to change).
"""

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the project root: bench.common, and dangbo once Django is set up

from bench.common import cpu_probe, machine  # noqa: E402

DB = "dangbo.sqlite3"
BASE = "base.sqlite3"
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "K'")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Long", "Mai", "Nam", "Phúc",
         "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến")
HEADERS = ["Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số CCCD", "Chi bộ (mã hoặc tên)", "Ngày vào Đảng",
           "Ngày chính thức", "Tổ chức kết nạp ngoài hệ thống", "Nghề nghiệp"]


def checkpoint() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def fresh_copy(data_dir: Path) -> None:
    """The district as generated, without the members an earlier run imported."""
    from django.db import connection

    connection.close()
    for suffix in ("", "-wal", "-shm"):
        (data_dir / f"{DB}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(data_dir / BASE, data_dir / DB)


def build_base(data_dir: Path, scale: float) -> None:
    from django.core.management import call_command

    from dangbo.demo.generator import generate

    if (data_dir / BASE).exists():
        return
    print("Tạo cơ sở dữ liệu huyện mẫu (một lần)…", flush=True)
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    generate(size="district", seed=2023, scale=scale, progress=lambda message: None)
    print(f"  xong trong {time.perf_counter() - began:.0f} s", flush=True)
    checkpoint()
    shutil.copyfile(data_dir / DB, data_dir / BASE)


def workbook(n: int, seed: int = 11) -> bytes:
    """N members over the district's active cells, every row valid."""
    from openpyxl import Workbook

    from dangbo.core.dates import today
    from dangbo.members.models import Member
    from dangbo.orgs.models import Org, OrgStatus

    rng = random.Random(seed)
    now = today()
    cells = list(Org.objects.filter(type__is_cell=True, status=OrgStatus.ACTIVE).exclude(code="")
                 .values_list("code", "founded_on"))
    taken = set(Member.objects.exclude(cccd=None).values_list("cccd", flat=True))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Đảng viên")
    ws.append(HEADERS)
    serial = 0
    for i in range(n):
        code, founded = cells[i % len(cells)]
        over_60 = i % 50 == 7
        born = dt.date(rng.randint(1945, 1958) if over_60 else rng.randint(1960, 2003), rng.randint(1, 12),
                       rng.randint(1, 28))
        gender = "F" if rng.random() < 0.4 else "M"
        while True:
            serial += 1
            cccd = f"001{(born.year // 100 - 19) * 2 + (gender == 'F')}{born.year % 100:02d}{serial % 1_000_000:06d}"
            if cccd not in taken:
                break
        earliest = max(founded, dt.date(born.year + 18 if not over_60 else born.year + 61, born.month, born.day))
        latest = now - dt.timedelta(days=30)
        admitted = earliest + dt.timedelta(days=rng.randint(0, max(0, (latest - earliest).days)))
        official = admitted + dt.timedelta(days=366)
        if official >= now or rng.random() < 0.1:
            official = None
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        ws.append([name, born.strftime("%d/%m/%Y"), "Nữ" if gender == "F" else "Nam", "Kinh", cccd, code,
                   admitted.strftime("%d/%m/%Y"), official.strftime("%d/%m/%Y") if official else None,
                   "Đảng bộ Quân sự tỉnh" if i % 20 == 3 else None, "Nông dân"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def read_only(data: bytes) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))
    wb.close()
    return rows


def reader_only(data: bytes) -> int:
    """The import's own reader (``core.xlsx_read``: calamine, openpyxl for a file with formulas): every row."""
    from dangbo.core.xlsx_read import open_book

    book = open_book(data)
    rows = sum(1 for name in book.sheetnames for _ in book.rows(name))
    book.close()
    return rows


def run(n: int, data_dir: Path, profile: bool = False) -> dict:
    from django.contrib.auth import get_user_model

    from dangbo.members import imports
    from dangbo.members.models import Member

    fresh_copy(data_dir)
    user, _ = get_user_model().objects.get_or_create(username="bench-import", defaults={"is_superuser": True,
                                                                                        "is_staff": True})
    began = time.perf_counter()
    data = workbook(n)
    built = time.perf_counter() - began
    before = Member.objects.count()
    began, cpu = time.perf_counter(), time.process_time()
    rows = read_only(data)
    read, read_cpu = time.perf_counter() - began, time.process_time() - cpu
    began, cpu = time.perf_counter(), time.process_time()
    own_rows = reader_only(data)
    own, own_cpu = time.perf_counter() - began, time.process_time() - cpu
    locked = []
    write = imports.members_bulk_create

    def timed_write(**kwargs):  # the write transaction: SQLite's write lock is held for this long
        start = time.perf_counter()
        try:
            return write(**kwargs)
        finally:
            locked.append(time.perf_counter() - start)

    imports.members_bulk_create = timed_write
    profiler = cProfile.Profile() if profile else None
    began, cpu = time.perf_counter(), time.process_time()
    try:
        if profiler:
            profiler.enable()
        result = imports.import_members(data, user=user)
    except imports.ImportRejected as exc:
        raise SystemExit("\n".join(str(i) for i in exc.report.issues[:20])) from exc
    finally:
        imports.members_bulk_create = write
        if profiler:
            profiler.disable()
    took, took_cpu = time.perf_counter() - began, time.process_time() - cpu
    if profiler:
        pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "tottime")).print_stats(int(os.environ.get("BENCH_LINES", "30")))
    assert result.members == n and Member.objects.count() == before + n and rows == n + 1 and own_rows == n + 1
    return {"n": n, "size": len(data), "built": built, "read": read, "import": took, "locked": sum(locked),
            "read_cpu": read_cpu, "import_cpu": took_cpu, "own": own, "own_cpu": own_cpu}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, nargs="+", default=[4000, 100_000])
    parser.add_argument("--data-dir", default=str(ROOT / "var" / "bench-import"))
    parser.add_argument("--scale", type=float, default=1.0, help="thu nhỏ huyện mẫu")
    parser.add_argument("--profile", action="store_true", help="in 30 hàm tốn thời gian nhất của lần nhập")
    args = parser.parse_args()
    data_dir = Path(args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["DANGBO_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DANGBO_DEBUG", "0")  # as in production: no log of every query
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    import django

    django.setup()
    print(machine())
    build_base(data_dir, args.scale)
    for n in args.members:
        print(f"CPU probe {cpu_probe():.2f} s", flush=True)
        r = run(n, data_dir, args.profile)
        def num(x, digits=2):
            return f"{x:.{digits}f}".replace(".", ",")

        print(f"{r['n']:,} đảng viên ({num(r['size'] / 1e6, 1)} MB, tạo tệp {num(r['built'], 1)} s): ".replace(",", ".", 1)
              + f"(a) openpyxl chỉ đọc {num(r['read'])} s; (a') bộ đọc của lần nhập (calamine) chỉ đọc "
              f"{num(r['own'])} s; (b) nhập (đọc + kiểm tra + ghi) {num(r['import'])} s; "
              f"(b)/(a) = {num(r['import'] / r['read'])}; {r['n'] / r['import']:.0f} đảng viên/s; "
              f"(c) trong đó giữ khóa ghi {num(r['locked'])} s; thời gian CPU của tiến trình: (a) "
              f"{num(r['read_cpu'])} s, (a') {num(r['own_cpu'])} s, (b) {num(r['import_cpu'])} s, (b)/(a) = {num(r['import_cpu'] / r['read_cpu'])}",
              flush=True)


if __name__ == "__main__":
    main()
