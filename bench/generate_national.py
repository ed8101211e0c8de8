"""Benchmark: the national synthetic build (≈ 5,5 million members, ≈ 300.000 orgs) into its own SQLite file.

    .venv/bin/python bench/generate_national.py [--data-dir var/bench-national] [--seed 2023] [--scale 1]

Deletes and recreates ``<data-dir>/dangbo.sqlite3``, migrates it, runs ``generate_demo --size national``
and prints the elapsed time of each phase, CPU time, row counts, file size and the machine. The target is
under 30 minutes on the 2-core reference machine.
"""

import argparse
import datetime as dt
import os
import platform
import resource
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def machine() -> str:
    cpu = "?"
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as fh:
        mem_kb = int(fh.readline().split()[1])
    load = os.getloadavg()
    return (f"{os.cpu_count()} CPU ({cpu}), {mem_kb / 1024 / 1024:.0f} GiB RAM, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}, load average lúc bắt đầu {load[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", default=str(ROOT / "var" / "bench-national"))
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    data_dir = Path(args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        (data_dir / f"dangbo.sqlite3{suffix}").unlink(missing_ok=True)
    os.environ["DANGBO_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)  # always SQLite: this measures the embedded default
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from dangbo.demo.generator import generate

    print(f"Máy: {machine()}")
    print(f"CSDL: {data_dir / 'dangbo.sqlite3'}")
    began = time.perf_counter()

    def progress(message: str) -> None:
        print(f"[{time.perf_counter() - began:8.1f} s] {message}", flush=True)

    call_command("migrate", verbosity=0)
    progress("migrate xong")
    stats = generate(size="national", seed=args.seed, as_of=dt.date(2026, 11, 23), scale=args.scale,
                     workers=args.workers, progress=progress)
    elapsed = time.perf_counter() - began
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print()
    print(f"Tổng thời gian (gồm migrate): {elapsed / 60:.1f} phút ({elapsed:.0f} s); sinh dữ liệu: {stats['seconds']:.0f} s")
    print(f"CPU: tiến trình chính {own.ru_utime + own.ru_stime:.0f} s, tiến trình con {children.ru_utime + children.ru_stime:.0f} s")
    print(f"Tổ chức: {stats['orgs']:,}; hồ sơ đảng viên: {stats['members']:,}; đang sinh hoạt: {stats['active']:,}"
          .replace(",", "."))
    for label, count in stats["rows"].items():
        print(f"  {label:32} {count:>12,}".replace(",", "."))
    size = (data_dir / "dangbo.sqlite3").stat().st_size
    print(f"Kích thước tệp: {size / 1024**3:.2f} GiB")


if __name__ == "__main__":
    main()
