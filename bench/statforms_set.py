"""Benchmark: the whole set of statistics forms (every form of the guidance in force at the period's end) for one
province and for the whole country, for the year 2025 and the first half of 2025, on the national database.

    .venv/bin/python bench/statforms_set.py [--data-dir var/bench-national] [--year 2025]
                                            [--province "Đảng bộ tỉnh Bình Định"] [--repeat 3] [--skip-national]

On a database built by ``bench/generate_national.py`` (read only; ``migrate`` runs only when a migration of
the apps the forms read is missing). For the province: each form alone (``tables.form_table``, its year-before column included) and the set
(``sets.form_set``), cold (first run) then the median of ``--repeat`` runs. For the country: ``country.country_set``, the
sets of the orgs at the top of the tree summed, on ``--workers`` processes (default: one per core), once per period
(``--national-repeat`` to run it more). Prints the machine, the load average and a CPU probe (``bench.common``) before and after.
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

NEEDED = ("orgs", "members", "reviews", "transfers", "memberwork", "statforms")  # the apps the forms read


def fmt(seconds: float) -> str:
    if seconds != seconds:
        return "—"
    return f"{seconds * 1000:,.0f} ms".replace(",", ".") if seconds < 1 else f"{seconds:.2f} s".replace(".", ",")


CPU: list[float] = []  # CPU seconds of this process for each run ``timed`` made, the last one last


def timed(fn, repeat: int):
    """(result, cold seconds, median of ``repeat`` more runs, best of them); ``CPU`` gets each run's CPU time."""
    began, cpu = time.perf_counter(), time.process_time()
    result = fn()
    cold = time.perf_counter() - began
    CPU[:] = [time.process_time() - cpu]
    runs = []
    for _ in range(repeat):
        began, cpu = time.perf_counter(), time.process_time()
        fn()
        runs.append(time.perf_counter() - began)
        CPU.append(time.process_time() - cpu)
    return result, cold, (statistics.median(runs) if runs else cold), (min(runs) if runs else cold)


def cpu() -> str:
    """The median CPU time of the runs ``timed`` last made (the warm ones when there were)."""
    return fmt(statistics.median(CPU[1:] or CPU))


def load() -> str:
    return f"{os.getloadavg()[0]:.1f}".replace(".", ",")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=str(ROOT / "var" / "bench-national"))
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--province", default="Đảng bộ tỉnh Bình Định")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--national-repeat", type=int, default=0, help="số lần đo lại toàn quốc sau lần đầu")
    parser.add_argument("--skip-national", action="store_true", help="không đo toàn quốc")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="số tiến trình tính các tỉnh của bộ toàn quốc (mặc định: số lõi)")
    parser.add_argument("--period", choices=("both", "year", "half"), default="both")
    parser.add_argument("--skip-forms", action="store_true", help="không đo từng biểu riêng của tỉnh")
    parser.add_argument("--database-url", default="", help="PostgreSQL (bench/national_to_postgres.py)")
    args = parser.parse_args()

    os.environ["DANGBO_DATA_DIR"] = str(Path(args.data_dir).resolve())
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DANGBO_DEBUG", "0")  # as in production: no log of every query
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from dangbo.accounts.scope import Scope
    from dangbo.core.periods import half, year
    from dangbo.orgs.models import Org
    from dangbo.statforms import country, sets, tables

    print(f"Máy: {machine()}")
    print(f"CSDL: {connection.settings_dict['NAME']}")
    # only the apps the forms read: ``migrate`` of the whole project on this file runs SQLite's
    # ``PRAGMA foreign_key_check`` over every table after each migration (tens of minutes on 19 GB)
    executor = MigrationExecutor(connection)
    for app in NEEDED:
        targets = [node for node in executor.loader.graph.leaf_nodes() if node[0] == app]
        if executor.migration_plan(targets):
            print(f"migrate {app} (có migration chưa chạy)…", flush=True)
            call_command("migrate", app, verbosity=0)
            executor = MigrationExecutor(connection)

    # an admin, never saved: the scope check passes for every org without a write to the database
    user = get_user_model()(username="bench", is_superuser=True)
    user._dangbo_scope = Scope(user_id=0, is_admin=True)

    province = Org.objects.get(name=args.province, depth=1)
    periods = {"both": [year(args.year), half(args.year, 1)], "year": [year(args.year)],
               "half": [half(args.year, 1)]}[args.period]
    print(f"Đo tốc độ CPU (vòng lặp Python cố định, ≈ 0,2 s khi máy rảnh): {fmt(cpu_probe())}, load {load()}")

    for period in periods:
        codes = list(tables.guidance_on(period.end).forms)
        print(f"\n== {period.label} ({period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}): "
              f"biểu {', '.join(codes)} ==", flush=True)
        if not args.skip_forms:
            for code in codes:
                table, cold, median, best = timed(
                    lambda code=code, period=period: tables.form_table(user=user, org=province, code=code,
                                                                       period=period),
                    args.repeat)
                figures = table.figures()
                shown = ", ".join(f"{k} {v:,}".replace(",", ".") for k, v in list(figures.items())[:6])
                print(f"  {province.name} — biểu {code}: lần đầu {fmt(cold)}, trung vị {fmt(median)}, "
                      f"nhanh nhất {fmt(best)}, CPU {cpu()} [{shown}…] load {load()}", flush=True)
        tables_, cold, median, best = timed(
            lambda period=period: sets.form_set(user=user, org=province, period=period).tables, args.repeat)
        print(f"  {province.name} — cả bộ ({len(tables_)} biểu): lần đầu {fmt(cold)}, trung vị {fmt(median)}, "
              f"nhanh nhất {fmt(best)}, CPU {cpu()}; load {load()}", flush=True)
        if args.skip_national:
            continue

        def national(period=period):
            return country.country_set(user=user, period=period, workers=args.workers)

        found, cold, median, best = timed(national, args.national_repeat)
        for table in found.tables:
            shown = ", ".join(f"{k} {v:,}".replace(",", ".") for k, v in table.figures().items())
            print(f"  toàn quốc — biểu {table.form.code}: {shown}")
        print(f"  toàn quốc ({len(country.units(period)[0])} tổ chức trực thuộc Trung ương, {args.workers} tiến trình)"
              f" — cả bộ: lần đầu {fmt(cold)}"
              + (f", trung vị {fmt(median)}, nhanh nhất {fmt(best)}" if args.national_repeat else "")
              + f", CPU của tiến trình chính {cpu()}; kiểm tra giữa các biểu: {len(found.across)} lỗi; load {load()}",
              flush=True)
    print(f"\nĐo tốc độ CPU sau: {fmt(cpu_probe())}, load {load()}")


if __name__ == "__main__":
    main()
