"""Benchmark: the target dashboard of the demo district (``targets:dashboard``), as its user sees it.

    DANGBO_DATA_DIR=/tmp/targets-demo .venv/bin/python manage.py migrate
    DANGBO_DATA_DIR=/tmp/targets-demo .venv/bin/python manage.py demo_setup
    .venv/bin/python bench/target_dashboard.py --data-dir /tmp/targets-demo [--user bantochuc]
                                               [--document 03-CTr/HU] [--as-of 29/11/2026] [--repeat 5] [--profile]

Renders the whole page through Django's test client (session, scope, the dashboard dataset, the template, the
inline charts) logged in as ``--user``, for the document ``--document`` over its scope org: once cold, then
``--repeat`` times warm, with the number of SQL queries of one render. ``--profile`` prints the functions that
took the most cumulative time in one warm render (cProfile).
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the project root: bench.common, and dangbo once Django is set up

from bench.common import machine  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=str(ROOT / "var"))
    parser.add_argument("--user", default="bantochuc")
    parser.add_argument("--document", default="03-CTr/HU")
    parser.add_argument("--as-of", default="", help="dd/mm/yyyy (default: today)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    os.environ["DANGBO_DATA_DIR"] = str(Path(args.data_dir).resolve())
    os.environ.pop("DATABASE_URL", None)  # always SQLite: this measures the embedded default
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from dangbo.targets.models import Document

    print(f"Máy: {machine()}")
    print(f"CSDL: {Path(args.data_dir).resolve() / 'dangbo.sqlite3'}")
    user = get_user_model().objects.get(username=args.user)
    document = Document.objects.get(reference=args.document)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = reverse("targets:dashboard", args=[document.pk])
    query = {"as_of": args.as_of} if args.as_of else {}

    def render() -> int:
        response = client.get(url, query)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        return len(response.content)

    t0 = time.perf_counter()
    size = render()
    cold = time.perf_counter() - t0
    queries = []
    with connection.execute_wrapper(lambda execute, sql, params, many, context: (
            queries.append(sql), execute(sql, params, many, context))[1]):
        render()
    times, cpus = [], []
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        render()
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    print(f"Trang theo dõi chỉ tiêu {document.reference} ({document.scope_org.name}), người dùng {args.user}: "
          f"{document.targets.count()} chỉ tiêu, trang {size / 1024:.0f} KiB, {len(queries)} truy vấn SQL")
    print(f"  lần đầu {cold:.2f} s; {args.repeat} lần sau: trung vị {statistics.median(times):.2f} s, "
          f"nhanh nhất {min(times):.2f} s; CPU (trung vị) {statistics.median(cpus):.2f} s; "
          f"load average lúc đo {os.getloadavg()[0]:.1f}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        render()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
