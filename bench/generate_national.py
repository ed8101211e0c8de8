"""Benchmark: the national synthetic build (≈ 5,5 million members, ≈ 300.000 orgs) into its own SQLite file.

    .venv/bin/python bench/generate_national.py [--data-dir var/bench-national] [--seed 2023] [--scale 1]

Deletes and recreates ``<data-dir>/dangbo.sqlite3``, migrates it, runs ``generate_demo --size national``
and prints the elapsed time of each phase, CPU time, row counts, file size and the machine. The target is
under 30 minutes on the 2-core reference machine.
"""

import argparse
import datetime as dt
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the project root: bench.common, and dangbo once Django is set up

from bench.common import machine  # noqa: E402


def check(sample: int) -> None:
    """Integrity of the built database: treebeard's own checks, and ``member_rebuild`` leaving a sample of
    members unchanged (which also proves the parallel copy attached events and registrations to the right
    members). The rebuilds are rolled back."""
    from django.db import transaction

    from dangbo.members.models import Member, Registration
    from dangbo.members.services import member_rebuild
    from dangbo.orgs.models import Org

    began = time.perf_counter()
    # treebeard's find_problems runs two queries per node (hours for 300.000 orgs): the same five checks,
    # set-based, over the whole tree; then treebeard's own on one district.
    steplen, alphabet = Org.steplen, set(Org.alphabet)
    rows = list(Org.objects.values_list("id", "path", "depth", "numchild"))
    paths = {path for _, path, _, _ in rows}
    children: dict[str, int] = {}
    for _, path, _, _ in rows:
        if len(path) > steplen:
            children[path[:-steplen]] = children.get(path[:-steplen], 0) + 1
    bad = [pk for pk, path, depth, numchild in rows
           if set(path) - alphabet or len(path) % steplen or depth != len(path) // steplen
           or (depth > 1 and path[:-steplen] not in paths) or numchild != children.get(path, 0)]
    print(f"Kiểm tra cây ({len(rows):,} tổ chức): {len(bad)} lỗi ({time.perf_counter() - began:.0f} s)"
          .replace(",", "."))
    district = Org.objects.filter(type__code="dang_bo_huyen").order_by("path").first()
    problems = Org.objects.find_problems(parent=district)
    print(f"find_problems({district.name}): {'không có lỗi' if not any(problems) else problems}")
    last = Member.objects.order_by("-id").values_list("id", flat=True).first()
    ids = list(range(1, last + 1, max(1, last // sample)))
    changed = 0
    with transaction.atomic():
        for member in Member.objects.filter(id__in=ids):
            regs = lambda m: sorted(Registration.objects.filter(member=m).values_list(  # noqa: E731
                "org_id", "kind", "is_probationary", "valid_from", "valid_to"))
            before = (member.status, member.org_id, member.is_exempt, member.admitted_on, member.official_on,
                      member.left_on, regs(member))
            member_rebuild(member)
            after = (member.status, member.org_id, member.is_exempt, member.admitted_on, member.official_on,
                     member.left_on, regs(member))
            changed += before != after
        transaction.set_rollback(True)
    print(f"member_rebuild trên {len(ids):,} hồ sơ mẫu: {changed} hồ sơ khác phép chiếu đã ghi".replace(",", "."))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", default=str(ROOT / "var" / "bench-national"))
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--check-only", action="store_true", help="chỉ kiểm tra CSDL đã sinh, không sinh lại")
    parser.add_argument("--sample", type=int, default=2000, help="số hồ sơ đối chiếu với member_rebuild")
    args = parser.parse_args()

    data_dir = Path(args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    if not args.check_only:
        for suffix in ("", "-wal", "-shm"):
            (data_dir / f"dangbo.sqlite3{suffix}").unlink(missing_ok=True)
    os.environ["DANGBO_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)  # always SQLite: this measures the embedded default
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from dangbo.demo.generator import generate

    if args.check_only:
        check(args.sample)
        return
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
    check(args.sample)


if __name__ == "__main__":
    main()
