"""Benchmark: the roll-ups of the meeting and admission indicators over one org's tree, read only.

    .venv/bin/python bench/indicator_rollup.py [--data-dir var/bench-national] [--org "Đảng bộ thành phố Hà Nội"]
                                               [--year 2025] [--repeat 5]

Opens the database read only (SQLite ``mode=ro``: nothing can be written, not even a session) and, for ``--org``
and the year: reads once the per-cell tallies and the per-org member figures of its subtree and the map of each
org to the child it lies under, then times (median of ``--repeat``) what turns them into figures — the per-child
sums of the dashboard's ranking and the subtree's total (``meetings.indicators``); and
``admissions.indicators.topmost_total`` against the quadratic scan it replaced (git f076b8b), over a plan for every
org of the subtree and over plans on its cells only (every plan topmost, the scan's worst case; the bench database
has no plans). Last, the nine meeting indicators and their children as the dashboard measures them (reads
included), once.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import machine  # noqa: E402


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def topmost_quadratic(rows) -> int | None:
    total, kept = None, []
    for path, _pk, quota in rows:
        if not any(path.startswith(above) for above in kept):
            kept.append(path)
            total = (total or 0) + quota
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=str(ROOT / "var" / "bench-national"))
    parser.add_argument("--org", default="Đảng bộ thành phố Hà Nội")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data = Path(args.data_dir).resolve()
    os.environ["DANGBO_DATA_DIR"] = str(data)
    os.environ["DATABASE_URL"] = f"sqlite:///{data / 'dangbo.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    import django
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = f"file:{data / 'dangbo.sqlite3'}?mode=ro"
    settings.DATABASES["default"]["OPTIONS"] = {"uri": True, "timeout": 120}
    django.setup()

    from dangbo.admissions.indicators import topmost_total
    from dangbo.core.dates import today
    from dangbo.core.periods import year
    from dangbo.meetings import indicators
    from dangbo.meetings.selectors.member_figures import MemberFigures, figures_by_org
    from dangbo.meetings.selectors.subtree import tally
    from dangbo.orgs.models import Org, OrgPlacement
    from dangbo.orgs.selectors import child_of_on, placement_on
    from dangbo.targets import registry

    print(f"Máy: {machine()}; tải: {os.getloadavg()}")
    org = Org.objects.get(name=args.org)
    period = year(args.year)
    on = registry.as_of(period)
    t0 = time.perf_counter()
    cells = tally(org, period, today())
    members = figures_by_org(org=org, start=period.start, on=on)
    child_of = child_of_on(org=org, on=on)
    print(f"{org.name}, năm {args.year}: {len(cells)} chi bộ, {len(members)} tổ chức có đảng viên, "
          f"{len(child_of)} tổ chức trong cây, {len(set(child_of.values()))} tổ chức trực thuộc; "
          f"đọc {time.perf_counter() - t0:.2f} s")

    for label, values, make in (("chi bộ", cells, indicators._Cells), ("đảng viên", members, MemberFigures)):
        by_child = median_time(lambda: indicators._by_child(values, child_of, make), args.repeat)  # noqa: B023
        total = median_time(lambda: indicators._total(values, make), args.repeat)  # noqa: B023
        print(f"Cộng {label} ({len(values)} dòng): theo tổ chức trực thuộc {by_child * 1000:.1f} ms, "
              f"cả cây {total * 1000:.1f} ms")

    paths = sorted(OrgPlacement.objects.filter(valid_from__lte=on, path__startswith=placement_on(org=org, on=on).path)
                   .exclude(valid_to__lte=on).values_list("path", "org_id"))
    # plans on every org (the root's covers all), and on the cells only (every plan topmost: the quadratic case)
    for label, rows in (("mọi tổ chức", [(path, pk, 1 + pk % 7) for path, pk in paths]),
                        ("chỉ chi bộ", [(path, pk, 1 + pk % 7) for path, pk in paths if pk in cells])):
        assert len(rows) > 5000 or topmost_total(rows) == topmost_quadratic(rows)
        # the scan is timed once, and not past 5.000 plans (Hà Nội's cells: minutes on a shared machine)
        quadratic = median_time(lambda: topmost_quadratic(rows), 1) if len(rows) <= 5000 else float("nan")  # noqa: B023
        linear = median_time(lambda: topmost_total(rows), args.repeat)  # noqa: B023
        scan = "bỏ qua" if quadratic != quadratic else f"{quadratic * 1000:.1f} ms"  # NaN: not timed
        print(f"topmost_total, {len(rows)} kế hoạch ({label}): quét bậc hai {scan}, một lượt {linear * 1000:.1f} ms")

    codes = [code for code, ind in registry.REGISTRY.items() if ind.source == "dangbo.meetings.indicators"]
    kids = list(Org.objects.filter(pk__in=set(child_of.values())))
    t0 = time.perf_counter()
    with registry.shared():
        for code in codes:
            registry.measure(code, org=org, period=period)
            registry.measure_children(code, org=org, period=period, kids=kids)
    print(f"{len(codes)} chỉ tiêu sinh hoạt chi bộ và {len(kids)} tổ chức trực thuộc (đọc dữ liệu gồm cả): "
          f"{time.perf_counter() - t0:.2f} s; tải: {os.getloadavg()}")


if __name__ == "__main__":
    main()
