"""Benchmark (issue 14, Deliver 8): the period's inspection, supervision and discipline figures (K10,
``inspection.figures.compute``) for one province and for the whole country, on the national database.

    .venv/bin/python bench/inspection_figures.py [--data-dir var/bench-national] [--year 2025]
                                                 [--province "Đảng bộ tỉnh Bình Định"] [--repeat 3] [--seed 14]

On a database built by ``bench/generate_national.py``: ``migrate`` runs only for the ``inspection`` app (never the
whole project: SQLite's foreign-key check over 9 GB takes tens of minutes), and only when one of its migrations is
missing. The first run then adds synthetic inspection records for the term 2021–2025 (idempotent: nothing is added
when the file already holds cases), at rates of the order the reports give, seeded:

- per grassroots org (đảng ủy, chi bộ cơ sở) and year, ~2 checks or supervisions (compliance, supervisions, a
  few checks on signs of violation and finance checks, some by advisory bodies), each with 1–3 subjects (cells of
  the org or members of it), the decision, the steps of its phases and, for a third, a follow-up;
- per grassroots org and year, ~0,12 denunciations (a third anonymous, not handled; most resolved) and ~0,03
  discipline complaints (against the file's discipline decisions).

Every write is ``bulk_create`` in batches, inside ONE transaction (WAL: readers of the file are not blocked). Then
it times ``figures.compute`` for the province and for the country (the 63 orgs at the top of the tree, summed),
cold (first run) then the median of ``--repeat`` runs, with the CPU time of the process, the load average and the
machine (``bench.common``).
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import cpu_probe, machine  # noqa: E402

YEARS = range(2021, 2026)
BATCH = 5000


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms".replace(",", ".") if seconds < 1 else f"{seconds:.2f} s".replace(".", ",")


def num(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def load() -> str:
    return f"{os.getloadavg()[0]:.1f}".replace(".", ",")


def timed(fn, repeat: int):
    """(result, cold seconds, median wall of ``repeat`` more runs, median CPU of those runs)."""
    began, cpu = time.perf_counter(), time.process_time()
    result = fn()
    cold, cold_cpu = time.perf_counter() - began, time.process_time() - cpu
    walls, cpus = [], []
    for _ in range(repeat):
        began, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - began)
        cpus.append(time.process_time() - cpu)
    return result, cold, (statistics.median(walls) if walls else cold), (statistics.median(cpus) if cpus else cold_cpu)


def populate(seed: int) -> None:
    """The synthetic records of a term, in one transaction; nothing when the file already holds cases."""
    import datetime as dt

    from django.db import connection, transaction

    from dangbo.inspection.choices import STEP_PHASE, DenunciationStatus, Step
    from dangbo.inspection.models import (
        Case,
        CaseStep,
        CaseSubject,
        Denunciation,
        DisciplineComplaint,
        FollowUp,
    )
    from dangbo.members.models import DisciplineDecision
    from dangbo.orgs.models import Org

    have = Case.objects.count()
    if have:
        print(f"Đã có {num(have)} cuộc kiểm tra, giám sát: không thêm dữ liệu.")
        return
    rnd = random.Random(seed)
    began = time.perf_counter()
    grassroots = list(Org.objects.filter(type__is_grassroots=True).values_list("id", "path"))
    step = Org.steplen
    # the cells under each grassroots org, and a sample of members (1 in 40) of each grassroots org
    root_of = {path: pk for pk, path in grassroots}
    cells: dict[int, list[int]] = {}
    for pk, path in Org.objects.filter(type__is_cell=True, type__is_grassroots=False).values_list("id", "path"):
        for n in range(len(path) - step, 0, -step):
            if path[:n] in root_of:
                cells.setdefault(root_of[path[:n]], []).append(pk)
                break
    members: dict[int, list[int]] = {}
    with connection.cursor() as cur:
        cur.execute("SELECT m.id, o.path FROM members_member m JOIN orgs_org o ON o.id = m.org_id WHERE m.id % 40 = 0")
        for pk, path in cur.fetchall():
            for n in range(len(path), 0, -step):
                if path[:n] in root_of:
                    members.setdefault(root_of[path[:n]], []).append(pk)
                    break
    decisions = list(DisciplineDecision.objects.values_list("id", flat=True))
    print(f"Đọc {num(len(grassroots))} tổ chức cơ sở, {num(sum(map(len, cells.values())))} chi bộ trực thuộc, "
          f"{num(sum(map(len, members.values())))} đảng viên mẫu: {fmt(time.perf_counter() - began)}", flush=True)

    kinds = (["compliance"] * 45 + ["sup_continuous"] * 20 + ["sup_thematic"] * 15 + ["violation"] * 10
             + ["finance"] * 7 + ["lower_work"] * 3)
    case_rows, subjects, steps, follow = [], [], [], []
    letters, complaints = [], []
    for org_id, _path in grassroots:
        org_cells, org_members = cells.get(org_id, []), members.get(org_id, [])
        for y in YEARS:
            for _ in range(rnd.choice((1, 2, 2, 3))):
                kind = rnd.choice(kinds)
                if kind in ("finance", "lower_work", "violation"):
                    body = "commission" if (kind != "violation" or rnd.random() < 0.6) else "standing"
                else:
                    body = rnd.choice(("committee", "standing", "commission", "advisory"))
                decided = dt.date(y, 1, 1) + dt.timedelta(rnd.randrange(350))
                concluded = decided + dt.timedelta(rnd.randrange(20, 90)) if decided.year < 2025 or rnd.random() < .5 \
                    else None
                case = Case(org_id=org_id, body=body, kind=kind, origin="ad_hoc",
                            topic="Kiểm tra, giám sát (dữ liệu đo tốc độ)", decision_number=f"{rnd.randrange(1, 300)}-QĐ",
                            decided_on=decided, concluded_on=concluded,
                            conclusion="Kết luận (dữ liệu đo tốc độ)" if concluded else "",
                            violation_found=(rnd.random() < 0.3) if concluded else None)
                picked_orgs = rnd.sample(org_cells, min(len(org_cells), rnd.choice((0, 1, 1, 2))))
                picked_members = rnd.sample(org_members, min(len(org_members), rnd.choice((0, 1, 1, 2, 3))))
                if not picked_orgs and not picked_members:  # at least one subject: a member, else the org itself
                    picked_members = org_members[:1]
                    picked_orgs = [] if picked_members else [org_id]
                case_rows.append((case, picked_orgs, picked_members))
            if rnd.random() < 0.12:
                anonymous = rnd.random() < 0.33
                received = dt.date(y, 1, 1) + dt.timedelta(rnd.randrange(360))
                subject = rnd.choice(org_members) if org_members else None
                if anonymous:
                    letters.append(Denunciation(org_id=org_id, received_on=received, anonymous=True,
                                                subject_member_id=subject, subject_org_id=None if subject else org_id,
                                                content="(dữ liệu đo tốc độ)", status=DenunciationStatus.NOT_HANDLED,
                                                not_handled_reason="anonymous"))
                else:
                    done = received + dt.timedelta(rnd.randrange(30, 120))
                    finished = done <= dt.date(2025, 12, 31) and rnd.random() < 0.85
                    letters.append(Denunciation(
                        org_id=org_id, received_on=received, denouncer_name="Người tố cáo", denouncer_address="Thôn 1",
                        subject_member_id=subject, subject_org_id=None if subject else org_id,
                        content="(dữ liệu đo tốc độ)", due_on=received + dt.timedelta(90),
                        status=DenunciationStatus.RESOLVED if finished else DenunciationStatus.SCREENED,
                        resolved_on=done if finished else None, outcome="false" if finished else "",
                        outcome_note="(dữ liệu đo tốc độ)" if finished else ""))
            if decisions and rnd.random() < 0.03:
                received = dt.date(y, 1, 1) + dt.timedelta(rnd.randrange(360))
                complaints.append(DisciplineComplaint(
                    decision_id=rnd.choice(decisions), org_id=org_id, received_on=received, accepted=True,
                    due_on=received + dt.timedelta(90), result="upheld",
                    result_note="(dữ liệu đo tốc độ)", resolved_on=received + dt.timedelta(rnd.randrange(20, 90))))
    built = time.perf_counter()
    with transaction.atomic():
        cases = [row[0] for row in case_rows]
        for i in range(0, len(cases), BATCH):
            Case.objects.bulk_create(cases[i:i + BATCH], batch_size=BATCH)
        counts = {CaseSubject: 0, CaseStep: 0, FollowUp: 0}

        def flush(model, rows, force=False):
            if rows and (force or len(rows) >= BATCH):
                model.objects.bulk_create(rows, batch_size=BATCH)
                counts[model] += len(rows)
                rows.clear()

        for case, picked_orgs, picked_members in case_rows:
            flush(CaseSubject, subjects)
            flush(CaseStep, steps)
            flush(FollowUp, follow)
            subjects += [CaseSubject(case_id=case.pk, org_id=o) for o in picked_orgs]
            subjects += [CaseSubject(case_id=case.pk, member_id=m) for m in picked_members]
            steps.append(CaseStep(case_id=case.pk, phase=STEP_PHASE[Step.DECISION], step=Step.DECISION,
                                  date=case.decided_on))
            steps.append(CaseStep(case_id=case.pk, phase=STEP_PHASE[Step.PLAN], step=Step.PLAN,
                                  date=case.decided_on + dt.timedelta(3)))
            if case.concluded_on:
                steps.append(CaseStep(case_id=case.pk, phase=STEP_PHASE[Step.CONCLUSION_NOTICE], step=Step.CONCLUSION_NOTICE,
                                      date=case.concluded_on))
                if rnd.random() < 0.33:
                    target = picked_orgs[0] if picked_orgs else None
                    follow.append(FollowUp(case_id=case.pk, recommendation="Khắc phục (dữ liệu đo tốc độ)",
                                           org_id=target, member_id=None if target else picked_members[0],
                                           due_on=case.concluded_on + dt.timedelta(60),
                                           done_on=case.concluded_on + dt.timedelta(45) if rnd.random() < .8
                                           else None))
        for model, rows in ((CaseSubject, subjects), (CaseStep, steps), (FollowUp, follow)):
            flush(model, rows, force=True)
        for model, rows in ((Denunciation, letters), (DisciplineComplaint, complaints)):
            for i in range(0, len(rows), BATCH):
                model.objects.bulk_create(rows[i:i + BATCH], batch_size=BATCH)
    wrote = time.perf_counter()
    print(f"Thêm dữ liệu kiểm tra nhiệm kỳ {YEARS[0]}–{YEARS[-1]}: {num(len(cases))} cuộc, {num(counts[CaseSubject])} "
          f"đối tượng, {num(counts[CaseStep])} bước, {num(counts[FollowUp])} kiến nghị theo dõi, {num(len(letters))} đơn tố cáo, "
          f"{num(len(complaints))} đơn khiếu nại kỷ luật — dựng {fmt(built - began)}, ghi (một giao dịch) "
          f"{fmt(wrote - built)}", flush=True)


def total(found: list):
    """The country's figures: the top-level orgs' figures summed."""
    from dataclasses import fields

    from dangbo.inspection.figures import Letters

    first = found[0]
    out = {}
    for f in fields(first):
        if f.name in ("org", "period"):
            continue
        values = [getattr(x, f.name) for x in found]
        if isinstance(values[0], dict):
            out[f.name] = {k: sum((v[k] for v in values[1:]), values[0][k]) for k in values[0]}
        elif isinstance(values[0], Letters):
            out[f.name] = Letters(*(sum(getattr(v, n.name) for v in values) for n in fields(Letters)))
        else:
            out[f.name] = sum(values[1:], values[0])
    return out


def summary(f) -> str:
    from dangbo.inspection.figures import Tally

    checks = sum(f["checks"].values(), Tally()) if isinstance(f, dict) else f.all_checks
    sups = sum(f["supervisions"].values(), Tally()) if isinstance(f, dict) else f.all_supervisions
    get = (lambda k: f[k]) if isinstance(f, dict) else (lambda k: getattr(f, k))
    d = get("denunciations")
    return (f"kiểm tra {num(checks.cases)} cuộc ({num(checks.orgs)} lượt tổ chức, {num(checks.members)} lượt đảng "
            f"viên), giám sát {num(sups.cases)} cuộc; tố cáo nhận {num(d.received)}, giải quyết xong {num(d.resolved)};"
            f" khiếu nại nhận {num(get('complaints_received'))}; kỷ luật {num(sum(get('members_disciplined').values()))}"
            f" đảng viên")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=str(ROOT / "var" / "bench-national"))
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--province", default="Đảng bộ tỉnh Bình Định")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()

    os.environ["DANGBO_DATA_DIR"] = str(Path(args.data_dir).resolve())
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DANGBO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from dangbo.core.periods import half, year
    from dangbo.inspection import figures
    from dangbo.orgs.models import Org

    print(f"Máy: {machine()}")
    print(f"CSDL: {connection.settings_dict['NAME']}")
    executor = MigrationExecutor(connection)
    targets = [node for node in executor.loader.graph.leaf_nodes() if node[0] == "inspection"]
    if executor.migration_plan(targets):
        print("migrate inspection (có migration chưa chạy)…", flush=True)
        call_command("migrate", "inspection", verbosity=0)
    populate(args.seed)

    province = Org.objects.get(name=args.province, depth=1)
    tops = list(Org.objects.filter(depth=1).order_by("path"))
    print(f"Đo tốc độ CPU (vòng lặp Python cố định, ≈ 0,2 s khi máy rảnh): {fmt(cpu_probe())}, load {load()}")
    for period in (year(args.year), half(args.year, 1)):
        print(f"\n== {period.label} ({period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}) ==", flush=True)
        found, cold, median, cpu = timed(lambda period=period: figures.compute(org=province, period=period),
                                         args.repeat)
        print(f"  {province.name}: lần đầu {fmt(cold)}, trung vị {fmt(median)}, CPU {fmt(cpu)}; load {load()}\n"
              f"    {summary(found)}", flush=True)
        found, cold, median, cpu = timed(
            lambda period=period: total([figures.compute(org=o, period=period) for o in tops]), args.repeat)
        print(f"  toàn quốc ({len(tops)} tổ chức trực thuộc Trung ương, cộng lại): lần đầu {fmt(cold)}, "
              f"trung vị {fmt(median)}, CPU {fmt(cpu)}; load {load()}\n    {summary(found)}", flush=True)
    print(f"\nĐo tốc độ CPU sau: {fmt(cpu_probe())}, load {load()}")


if __name__ == "__main__":
    main()
