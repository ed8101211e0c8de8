"""Benchmark: a month of party dues at national scale — every member's amount, the month's collection recorded
through the audited service, the remittances up the tree and the books (S02/ĐP, B01/ĐP) of one province and of
the country.

    .venv/bin/python bench/dues_national.py [--data-dir var/bench-national] [--month 2026-10]
                                            [--province "Đảng bộ tỉnh Bình Định"] [--sample 20] [--repeat 3]
                                            [--skip-national]

On a database built by ``bench/generate_national.py``: creates the dues tables when missing (the migration's own
SQL, recorded as applied: ``migrate`` on SQLite runs ``PRAGMA foreign_key_check`` over the 19 GB after each
migration) and, once, every member's declaration (by their category: salary, pension, student, other with a
region; 0,3% none; one salaried member in ten raised from 10/2026) and a few reliefs (0,4% cut, 0,1% exempt,
0,1% deferred, 07–12/2026), straight by ``INSERT … SELECT``. A re-run deletes the month's payments, remittances
and their audit entries first, and reuses the declarations.

Then times, cold (first run) and the median of ``--repeat`` warm runs:
(a) ``month_selectors.month_dues`` of the province (the 01-QĐ/TW month and, once, the same month of 2025 under
342-QĐ/TW), against ``selectors.cell_dues`` one cell at a time on ``--sample`` cells (figures checked equal);
(b) ``services.record_collection`` of the province (96% of members paid, 1 in 20 of them more than due), then
``services.remit_subtree``; (c) S02/ĐP of the province, of each of its districts and grassroots orgs, B01/ĐP of
the quarter, with their invariants. The country: (a), (b) province by province, then S02/ĐP of the 63 provinces.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import cpu_probe, machine  # noqa: E402

HASH = "((({a}) * 2654435761 + ({b}) * 40503 + {seed}) % 1000003) % 1000"  # a stable pseudo-random 0…999
SALARIED = "('cbccvc', 'llvt', 'cong_nhan', 'lao_dong_dn', 'chu_dn')"


def h(a: str, b: str, seed: int) -> str:
    return HASH.format(a=a, b=b, seed=seed)


def n(value) -> str:
    return f"{value:,}".replace(",", ".")


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms".replace(",", ".") if seconds < 10 else f"{seconds:,.1f} s".replace(
        ",", "X").replace(".", ",").replace("X", ".")


def timed(fn, repeat: int):
    began = time.perf_counter()
    result = fn()
    cold = time.perf_counter() - began
    warm = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        warm.append(time.perf_counter() - began)
    return result, cold, (statistics.median(warm) if warm else cold)


def create_tables(progress) -> None:
    """The dues migration's SQL, without the whole-file foreign key check of ``migrate`` on SQLite."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder

    loader = MigrationLoader(connection)
    if ("dues", "0001_initial") in loader.applied_migrations:
        return
    migration = loader.get_migration("dues", "0001_initial")
    state = loader.project_state(("dues", "0001_initial"), at_end=False)
    editor = connection.schema_editor(collect_sql=True, atomic=False)  # never entered: its exit runs the check
    editor.collected_sql, editor.deferred_sql = [], []
    migration.apply(state, editor, collect_sql=True)
    with connection.cursor() as cur:
        for sql in editor.collected_sql + [str(s) + ";" for s in editor.deferred_sql]:
            if not sql.startswith("--"):
                cur.execute(sql.rstrip(";"))
    MigrationRecorder(connection).record_applied("dues", "0001_initial")
    progress("tạo các bảng đảng phí (SQL của migration dues 0001)")


def synthesize(seed: int, progress) -> None:
    from django.db import connection

    connection.ensure_connection()
    cur = connection.connection.cursor()
    now = "2025-01-05 08:00:00"
    current = "EXISTS (SELECT 1 FROM members_registration r WHERE r.member_id = m.id AND r.kind = 'official')"
    x = h("m.id", "1", seed)
    cur.execute(f"""INSERT INTO dues_declaration (member_id, category, basis, region, valid_from, note,
            created_by_id, created_at)
        SELECT m.id,
            CASE WHEN m.category IN {SALARIED} THEN 'salary' WHEN m.category = 'huu_tri' THEN 'pension'
                 WHEN m.category = 'hssv' THEN 'student' ELSE 'other' END,
            CASE WHEN m.category IN {SALARIED} THEN 4680000 + ({x}) * 11000
                 WHEN m.category = 'huu_tri' THEN 2500000 + ({x}) * 8000 END,
            CASE WHEN m.category NOT IN {SALARIED} AND m.category NOT IN ('huu_tri', 'hssv') THEN 1 + ({x}) % 4 END,
            '2025-01-01', '', NULL, '{now}'
        FROM members_member m WHERE {h('m.id', '2', seed)} >= 3 AND {current}""")
    progress(f"kê khai căn cứ: {n(cur.rowcount)}")
    cur.execute(f"""INSERT INTO dues_declaration (member_id, category, basis, region, valid_from, note,
            created_by_id, created_at)
        SELECT d.member_id, 'salary', d.basis * 107 / 100, NULL, '2026-10-01', 'Nâng lương', NULL, '{now}'
        FROM dues_declaration d WHERE d.category = 'salary' AND {h('d.member_id', '3', seed)} < 100""")
    progress(f"kê khai nâng lương từ 10/2026: {n(cur.rowcount)}")
    r = h("m.id", "4", seed)
    cur.execute(f"""INSERT INTO dues_relief (member_id, kind, percent, from_month, to_month, decision_ref,
            decided_on, reason, created_by_id, created_at)
        SELECT m.id, CASE WHEN {r} < 4 THEN 'reduce' WHEN {r} < 5 THEN 'exempt' ELSE 'defer' END,
            CASE WHEN {r} < 4 THEN 30 + 20 * (m.id % 3) END, '2026-07-01', '2026-12-01', '15-QĐ/ĐU', '2026-06-20',
            'Hoàn cảnh khó khăn', NULL, '{now}'
        FROM members_member m WHERE {r} < 6 AND {current}""")
    progress(f"miễn, giảm, chậm đóng: {n(cur.rowcount)}")


def clean(month: dt.date, progress) -> None:
    """The month this bench wrote, payments and remittances with their audit entries: a re-run starts afresh."""
    from django.db import connection

    with connection.cursor() as cur:
        for table, model in (("dues_payment", "dues.Payment"), ("dues_remittance", "dues.Remittance")):
            cur.execute(f"""DELETE FROM accounts_auditentry WHERE model = %s AND object_id IN
                            (SELECT CAST(id AS TEXT) FROM {table} WHERE month = %s)""", [model, month])
            audit = cur.rowcount
            cur.execute(f"DELETE FROM {table} WHERE month = %s", [month])
            if cur.rowcount:
                progress(f"xóa {n(cur.rowcount)} dòng {table} tháng {month:%m/%Y} và {n(audit)} mục nhật ký")


def entries_of(rows, seed: int) -> list[tuple[int, int, int]]:
    """Who paid: 96% of the members with an amount due, 1 in 20 of them rounded up to the next 10.000 đ."""
    out = []
    for r in rows:
        if not r.amount:
            continue
        x = (r.member_id * 2654435761 + seed) % 1000
        if x < 40:
            continue
        out.append((r.member_id, r.org_id, -(-r.amount // 10_000) * 10_000 if x >= 950 else r.amount))
    return out


def main() -> None:  # noqa: C901, PLR0915 - one printout, in order
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=str(ROOT / "var" / "bench-national"))
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--province", default="Đảng bộ tỉnh Bình Định")
    parser.add_argument("--sample", type=int, default=20, help="số chi bộ đo theo cách từng chi bộ một")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-national", action="store_true", help="chỉ đo một tỉnh")
    args = parser.parse_args()

    os.environ["DANGBO_DATA_DIR"] = str(Path(args.data_dir).resolve())
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DANGBO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from dangbo.accounts.scope import Scope
    from dangbo.dues import book_selectors, books, month_selectors, selectors, services
    from dangbo.dues.models import Declaration, Payment
    from dangbo.orgs.models import Org

    print(f"Máy: {machine()}")
    print(f"CSDL: {connection.settings_dict['NAME']}")
    began = time.perf_counter()

    def progress(message: str) -> None:
        print(f"[{time.perf_counter() - began:8.1f} s] {message}", flush=True)

    create_tables(progress)
    if not Declaration.objects.exists():
        synthesize(args.seed, progress)
    year, number = map(int, args.month.split("-"))
    month = dt.date(year, number, 1)
    clean(month, progress)
    user = get_user_model()(username="bench", is_superuser=True)  # never saved; passes every scope check
    user._dangbo_scope = Scope(user_id=0, is_admin=True)

    province = Org.objects.select_related("type", "kind").get(name=args.province, depth=1)
    print(f"Đo tốc độ CPU (vòng lặp Python cố định, ≈ 0,2 s khi máy rảnh): {fmt(cpu_probe())}")

    # (a) amounts
    rows, cold, median = timed(lambda: month_selectors.month_dues(path=province.path, month=month), args.repeat)
    known = [r for r in rows if r.amount is not None]
    print(f"\n(a) Số phải đóng tháng {month:%m/%Y} — {province.name}: {n(len(rows))} đảng viên, "
          f"{n(len(known))} tính được, {n(sum(r.amount == 0 for r in known))} miễn, "
          f"tổng {n(sum(r.amount for r in known))} đ")
    print(f"  tập hợp: lần đầu {fmt(cold)}, trung vị {fmt(median)} ({n(round(len(rows) / median))} đảng viên/s)")
    old = dt.date(year - 1, number, 1)
    old_rows, old_cold, _m = timed(lambda: month_selectors.month_dues(path=province.path, month=old), 0)
    print(f"  tháng {old:%m/%Y} (342-QĐ/TW): {n(len(old_rows))} đảng viên, "
          f"tổng {n(sum(r.amount or 0 for r in old_rows))} đ, {fmt(old_cold)}")
    cells = sorted({r.org_id for r in rows})
    sample = random.Random(args.seed).sample(cells, min(args.sample, len(cells)))
    by_pair = {(r.member_id, r.org_id): (r.amount, r.exempt, r.paid) for r in rows}
    spent, mismatches = 0.0, 0
    for pk in sample:
        cell = Org.objects.get(pk=pk)
        t0 = time.perf_counter()
        found = selectors.cell_dues(user=user, org=cell, month=month)
        spent += time.perf_counter() - t0
        mismatches += sum(by_pair.get((d.member.pk, pk)) != (d.due.amount, d.due.exempt, d.paid) for d in found)
    per_cell = spent / len(sample)
    print(f"  từng chi bộ một ({len(sample)} chi bộ mẫu, ``cell_dues``): {fmt(per_cell)} mỗi chi bộ; cả tỉnh "
          f"({n(len(cells))} chi bộ) ước tính {fmt(per_cell * len(cells))}; {mismatches} khác biệt")

    # (b) collection and remittances
    entries = entries_of(rows, args.seed)
    paid_on = month.replace(day=25)
    times = []
    for attempt in range(max(1, args.repeat - 1)):
        if attempt:
            clean(month, lambda _m: None)
        t0 = time.perf_counter()
        services.record_collection(actor=user, org=province, month=month, entries=entries, paid_on=paid_on)
        times.append(time.perf_counter() - t0)
    print(f"\n(b) Thu đảng phí — {province.name}: {n(len(entries))} khoản thu "
          f"({100 * len(entries) / max(1, len(known)):.1f}".replace(".", ",") + "% đảng viên có số phải đóng), "
          f"tổng {n(sum(e[2] for e in entries))} đ")
    print(f"  ``record_collection`` (kèm {n(len(entries))} mục nhật ký): lần đầu {fmt(times[0])}, trung vị "
          f"{fmt(statistics.median(times))} ({n(round(len(entries) / statistics.median(times)))} khoản/s)")
    t0 = time.perf_counter()
    sent = services.remit_subtree(actor=user, org=province, month=month, sent_on=dt.date(year, number, 28))
    print(f"  ``remit_subtree``: {n(sent)} lần nộp lên cấp trên, {fmt(time.perf_counter() - t0)}")

    # (c) books of the province
    levels = list(Org.objects.filter(path__startswith=province.path, type__is_cell=False)
                  .select_related("type", "kind").order_by("path"))

    def province_books():
        out = [book_selectors.s02(user=user, org=o, year=year) for o in levels]
        quarter = (number - 1) // 3 + 1
        return out, books.b01(out[0].part_two(), quarter)

    (made, report), cold, median = timed(province_books, args.repeat)
    problems = sum(len(b.problems) for b in made)
    top = made[0].months[number - 1]
    collected = sum(Payment.objects.filter(org_id__in=cells, month=month).values_list("amount", flat=True))
    print(f"\n(c) Sổ S02/ĐP — {province.name} và {n(len(levels) - 1)} cấp ủy cấp dưới (trên chi bộ): "
          f"{problems} lỗi bất biến")
    print(f"  tỉnh tháng {month:%m/%Y}: nhận {n(top.received)} đ, giữ lại {n(top.kept)} đ, phải nộp "
          f"{n(top.to_send)} đ; các chi bộ đã thu {n(collected)} đ; B01/ĐP {len(report)} dòng")
    print(f"  lần đầu {fmt(cold)}, trung vị {fmt(median)}")

    provinces = list(Org.objects.filter(depth=1).select_related("type", "kind").order_by("path"))

    def national():
        made = [book_selectors.s02(user=user, org=p, year=year) for p in provinces]
        return made, sum(b.months[number - 1].received for b in made), sum(len(b.problems) for b in made)

    if args.skip_national:
        (made, received, problems), cold, median = timed(national, args.repeat)
        print(f"  S02/ĐP cấp tỉnh của {len(provinces)} tỉnh (chỉ {province.name} đã ghi tháng {month:%m/%Y}): "
              f"{problems} lỗi bất biến; lần đầu {fmt(cold)}, trung vị {fmt(median)}")
        return
    spent = {"amounts": 0.0, "collection": 0.0, "remit": 0.0}
    members = payments = total = 0
    for p in provinces:
        t0 = time.perf_counter()
        found = month_selectors.month_dues(path=p.path, month=month)
        spent["amounts"] += time.perf_counter() - t0
        members += len(found)
        if p.pk != province.pk:
            mine = entries_of(found, args.seed)
            t0 = time.perf_counter()
            services.record_collection(actor=user, org=p, month=month, entries=mine, paid_on=paid_on)
            spent["collection"] += time.perf_counter() - t0
            t0 = time.perf_counter()
            services.remit_subtree(actor=user, org=p, month=month, sent_on=dt.date(year, number, 28))
            spent["remit"] += time.perf_counter() - t0
        else:
            mine = entries
        payments += len(mine)
        total += sum(e[2] for e in mine)
        progress(f"{p.name}: {n(len(found))} đảng viên, {n(len(mine))} khoản thu")
    print(f"\nToàn quốc ({len(provinces)} tỉnh): {n(members)} đảng viên, {n(payments)} khoản thu, {n(total)} đ")
    print(f"  (a) số phải đóng: {fmt(spent['amounts'])} ({n(round(members / spent['amounts']))} đảng viên/s)")
    print(f"  (b) ghi thu 62 tỉnh còn lại: {fmt(spent['collection'])}; nộp lên cấp trên: {fmt(spent['remit'])}")

    (made, received, problems), cold, median = timed(national, args.repeat)
    print(f"  (c) S02/ĐP của {len(provinces)} tỉnh: các tỉnh nhận {n(received)} đ tháng {month:%m/%Y}, "
          f"{problems} lỗi bất biến; lần đầu {fmt(cold)}, trung vị {fmt(median)}")


if __name__ == "__main__":
    main()
