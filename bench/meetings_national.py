"""Benchmark: a year of cell meetings at national scale — the compliance alerts of one province and the nine
meeting indicators of the whole country, set-based, against the same done one cell at a time.

    .venv/bin/python bench/meetings_national.py [--data-dir var/bench-national] [--year 2025]
                                                [--province "Đảng bộ tỉnh Bình Định"] [--sample 40] [--repeat 3]

On a database built by ``bench/generate_national.py``: migrates it and, when the year has no meetings yet, writes
them set-based in SQLite (``INSERT … SELECT`` over the cells and the registrations, no Python loop per row; the
tables' secondary indexes dropped during the load and rebuilt once after it): per cell a schedule-following
regular meeting each month (some late, outside the window, or missing), a thematic meeting per quarter (some
missing), a preparation meeting before most regular meetings of cells with a chi ủy, levels and conclusions with
gaps; attendance of every official member of the cell at each regular meeting (≈ 66 million rows: 93% present,
5% excused, 2% unexcused); a superior attendee assigned to 30% of the cells (most came once); tasks, yearly
papers and residence contacts for most members. Schedules: every province "tuần cuối hằng tháng, chậm nhất
ngày 10 tháng sau", one district in ten "từ ngày 20, chậm nhất ngày 5 tháng sau" (the nearest rule wins).

Then times, cold (first run) and the median / best of ``--repeat`` warm runs:

- ``selectors.alerts.alerts`` for the province (the year, as of 31/01 of the next year);
- the nine indicators of the whole country (the 63 provinces measured in one ``registry.shared()`` block each
  and summed — the country has no single root org);
- the baseline: one cell at a time with the per-cell selectors a cell page uses (``window_of`` per month, the
  cell's meetings, its absences, its assignments; its members with ``exempt_on``), timed on ``--sample`` cells of
  the province and extrapolated to the province's (alerts) and the country's (indicators) cells. Each sampled
  cell's figures are checked against the set-based ones: the two must agree.
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
sys.path.insert(0, str(ROOT))  # the project root: bench.common, and dangbo once Django is set up

from bench.common import cpu_probe, machine  # noqa: E402

HASH = "((({a}) * 2654435761 + ({b}) * 40503 + {seed}) % 1000003) % 1000"  # a stable pseudo-random 0…999


def h(a: str, b: str, seed: int) -> str:
    return HASH.format(a=a, b=b, seed=seed)


TABLES = ("meetings_meeting", "meetings_attendance", "meetings_meetingguest", "meetings_attendanceassignment",
          "meetings_membertask", "meetings_yearlypaper", "meetings_residenceliaison", "meetings_schedulerule")


def synthesize(year: int, seed: int, progress) -> None:
    """The year of meetings and of the cell's work with its members, straight into the tables."""
    from django.db import connection

    y, end = f"{year:04d}", f"{year:04d}-12-31"
    now = f"{year + 1:04d}-01-15 08:00:00"
    connection.ensure_connection()
    cur = connection.connection.cursor()  # the raw sqlite3 cursor: "?" parameters, printf's "%" left alone
    cur.execute("PRAGMA journal_mode=OFF")
    cur.execute("PRAGMA synchronous=OFF")
    cur.execute("PRAGMA threads=4")
    cur.execute("PRAGMA cache_size=-2000000")
    indexes = cur.execute(f"SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL AND "
                          f"tbl_name IN ({','.join('?' * len(TABLES))})", TABLES).fetchall()
    for name, _sql in indexes:
        cur.execute(f'DROP INDEX "{name}"')
    progress(f"bỏ {len(indexes)} chỉ mục thứ cấp của các bảng sinh hoạt")

    cur.execute("DROP TABLE IF EXISTS temp.bench_cells")
    cur.execute(f"""CREATE TEMP TABLE bench_cells AS
        SELECT p.org_id AS id, p.parent_id AS parent_id, o.founded_on AS founded_on, o.ended_on AS ended_on
        FROM orgs_orgplacement p JOIN orgs_org o ON o.id = p.org_id JOIN orgs_orgtype t ON t.id = o.type_id
        WHERE t.is_cell AND p.valid_from <= '{end}' AND (p.valid_to IS NULL OR p.valid_to > '{end}')""")
    cells = cur.execute("SELECT count(*) FROM bench_cells").fetchone()[0]
    progress(f"{cells:,} chi bộ trong cây ngày {end}".replace(",", "."))

    # schedules: every province a window to the 10th of the next month; one district in ten its own
    cur.execute("""INSERT INTO meetings_schedulerule (org_id, kind, start_day, end_day, ends_next_month,
                        valid_from, valid_to, decision_ref, note)
        SELECT o.id, 'window', -7, 10, 1, '2020-01-01', NULL, '', '' FROM orgs_org o WHERE o.depth = 1""")
    cur.execute(f"""INSERT INTO meetings_schedulerule (org_id, kind, start_day, end_day, ends_next_month,
                        valid_from, valid_to, decision_ref, note)
        SELECT o.id, 'window', 20, 5, 1, '2020-01-01', NULL, '', '' FROM orgs_org o JOIN orgs_orgtype t
        ON t.id = o.type_id WHERE o.depth = 2 AND t.code = 'dang_bo_huyen' AND {h('o.id', '7', seed)} < 100""")

    months = "WITH RECURSIVE m(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM m WHERE n < 12)"
    first = f"printf('{y}-%02d-01', m.n)"
    x = h("c.id", "m.n", seed)
    # regular: 3% missing, 2% on the 15th (outside the window), 5% on the 4th of the next month (in the window),
    # the rest on the 25th–28th; levels 85% Tốt, 12% Khá, 1,5% TB, 0,5% Yếu, 1% not rated; 3% no conclusion
    cur.execute(f"""{months} INSERT INTO meetings_meeting (org_id, kind, month, date, starts_at, ends_at, place,
            group_name, agenda, documents_posted_on, topic_id, combined_session, preparer_id, has_draft_resolution,
            conclusion_kind, conclusion, checks, level, score, present, excused, unexcused, exempt, created_by_id,
            created_at)
        SELECT c.id, 'regular', {first},
            CASE WHEN {x} < 50 THEN printf('{y}-%02d-15', m.n)
                 WHEN {x} < 100 THEN date({first}, '+1 month', '+3 days')
                 ELSE printf('{y}-%02d-%02d', m.n, 25 + {x} % 4) END,
            '07:30:00', '09:30:00', '', '', 'Sinh hoạt định kỳ', NULL, NULL, 0, NULL, 1,
            CASE WHEN {x} % 100 < 3 THEN '' ELSE 'resolution' END,
            CASE WHEN {x} % 100 < 3 THEN '' ELSE 'Chi bộ thống nhất nghị quyết tháng.' END, '{{}}',
            CASE WHEN {x} % 200 < 2 THEN '' WHEN {x} % 200 < 172 THEN 'good' WHEN {x} % 200 < 196 THEN 'fair'
                 WHEN {x} % 200 < 199 THEN 'average' ELSE 'poor' END,
            NULL, 0, 0, 0, 0, NULL, '{now}'
        FROM bench_cells c, m
        WHERE {x} < 970 AND c.founded_on <= {first}
              AND (c.ended_on IS NULL OR c.ended_on > date({first}, '+1 month', '+10 days'))""")
    progress(f"kỳ sinh hoạt định kỳ: {cur.execute('SELECT changes()').fetchone()[0]:,}".replace(",", "."))
    q = h("c.id", "m.n + 100", seed)
    cur.execute(f"""{months} INSERT INTO meetings_meeting (org_id, kind, month, date, starts_at, ends_at, place,
            group_name, agenda, documents_posted_on, topic_id, combined_session, preparer_id, has_draft_resolution,
            conclusion_kind, conclusion, checks, level, score, present, excused, unexcused, exempt, created_by_id,
            created_at)
        SELECT c.id, 'thematic', {first}, printf('{y}-%02d-16', m.n), '14:00:00', '16:00:00', '', '',
            'Sinh hoạt chuyên đề', NULL, NULL, 0, NULL, 0,
            CASE WHEN {q} < 100 THEN '' ELSE 'conclusion' END,
            CASE WHEN {q} < 100 THEN '' ELSE 'Kết luận chuyên đề.' END, '{{}}', '', NULL, 0, 0, 0, 0, NULL, '{now}'
        FROM bench_cells c, m
        WHERE m.n IN (2, 5, 8, 11) AND {q} >= 50 AND c.founded_on <= {first}
              AND (c.ended_on IS NULL OR c.ended_on > {first})""")
    progress(f"kỳ sinh hoạt chuyên đề: {cur.execute('SELECT changes()').fetchone()[0]:,}".replace(",", "."))
    p = h("r.id", "11", seed)
    cur.execute(f"""INSERT INTO meetings_meeting (org_id, kind, month, date, starts_at, ends_at, place,
            group_name, agenda, documents_posted_on, topic_id, combined_session, preparer_id, has_draft_resolution,
            conclusion_kind, conclusion, checks, level, score, present, excused, unexcused, exempt, created_by_id,
            created_at)
        SELECT r.org_id, 'preparation', r.month, date(r.date, CASE WHEN {p} < 50 THEN '+1 day' ELSE '-2 days' END),
            '07:30:00', '08:30:00', '', '', 'Chi ủy họp chuẩn bị', NULL, NULL, 0, NULL, 0, '', '', '{{}}', '', NULL,
            0, 0, 0, 0, NULL, '{now}'
        FROM meetings_meeting r
        WHERE r.kind = 'regular' AND r.month BETWEEN '{y}-01-01' AND '{end}' AND {p} >= 50
          AND EXISTS (SELECT 1 FROM orgs_term t JOIN orgs_committee cm ON cm.term_id = t.id
                      WHERE t.org_id = r.org_id AND t.starts_on <= r.date
                        AND (t.ends_on IS NULL OR t.ends_on >= r.date))""")
    progress(f"chi ủy họp chuẩn bị: {cur.rowcount:,}".replace(",", "."))

    a = h("mt.id", "r.member_id", seed)
    cur.execute(f"""INSERT INTO meetings_attendance (meeting_id, member_id, status, reason, org_id, date)
        SELECT mt.id, r.member_id, CASE WHEN {a} < 930 THEN 'P' WHEN {a} < 980 THEN 'E' ELSE 'U' END,
            CASE WHEN {a} >= 930 AND {a} < 980 THEN 'Đi công tác' ELSE '' END, mt.org_id, mt.date
        FROM meetings_meeting mt JOIN members_registration r
          ON r.org_id = mt.org_id AND r.kind = 'official' AND r.valid_from <= mt.date
             AND (r.valid_to IS NULL OR r.valid_to > mt.date)
        WHERE mt.kind = 'regular' AND mt.month BETWEEN '{y}-01-01' AND '{end}'""")
    progress(f"điểm danh: {cur.rowcount:,} dòng".replace(",", "."))

    s = h("c.id", "17", seed)
    cur.execute(f"""INSERT INTO meetings_attendanceassignment (org_id, cell_id, member_id, valid_from, valid_to)
        SELECT c.parent_id, c.id, (SELECT s.member_id FROM orgs_committeeseat s
              JOIN orgs_committee cm ON cm.id = s.committee_id JOIN orgs_term t ON t.id = cm.term_id
              WHERE t.org_id = c.parent_id AND s.starts_on <= '{y}-01-01'
                AND (s.ends_on IS NULL OR s.ends_on >= '{y}-01-01') ORDER BY s.id LIMIT 1) AS member_id,
            '{y}-01-01', NULL
        FROM bench_cells c WHERE {s} < 300 AND member_id IS NOT NULL""")
    progress(f"phân công dự sinh hoạt: {cur.rowcount:,}".replace(",", "."))
    cur.execute(f"""INSERT INTO meetings_meetingguest (meeting_id, member_id, role)
        SELECT mt.id, aa.member_id, 'Cấp ủy viên cấp trên' FROM meetings_attendanceassignment aa
        JOIN meetings_meeting mt ON mt.org_id = aa.cell_id AND mt.kind = 'regular' AND mt.month = '{y}-05-01'
        WHERE {h('aa.id', '5', seed)} < 800""")
    progress(f"cấp ủy viên cấp trên dự họp: {cur.rowcount:,}".replace(",", "."))

    mid = f"{y}-06-30"
    members = f"""FROM members_registration r WHERE r.kind = 'official' AND r.valid_from <= '{mid}'
                  AND (r.valid_to IS NULL OR r.valid_to > '{mid}')"""
    cur.execute(f"""INSERT INTO meetings_membertask (member_id, org_id, assigned_on, title, due_on, result, done_on)
        SELECT r.member_id, r.org_id, '{y}-03-01', 'Phụ trách hộ gia đình', NULL, '', NULL {members}
        AND {h('r.member_id', '1', seed)} < 850""")
    progress(f"nhiệm vụ phân công: {cur.rowcount:,}".replace(",", "."))
    for kind, share in (("commitment", 900), ("plan", 800)):
        cur.execute(f"""INSERT INTO meetings_yearlypaper (member_id, org_id, year, kind, signed_on, content)
            SELECT r.member_id, max(r.org_id), {year}, '{kind}', '{y}-01-15', '' {members}
            AND {h('r.member_id', '2' if kind == 'plan' else '3', seed)} < {share} GROUP BY r.member_id""")
        progress(f"{kind}: {cur.rowcount:,}".replace(",", "."))
    cur.execute(f"""INSERT INTO meetings_residenceliaison (member_id, org_id, year, residence_cell_id,
            residence_cell_name, introduced_on, confirmed_on, comment)
        SELECT r.member_id, max(r.org_id), {year}, NULL, 'Chi bộ khu dân cư nơi cư trú', '{y}-02-01',
            CASE WHEN {h('r.member_id', '4', seed)} < 800 THEN '{y}-12-10' END, 'Gương mẫu nơi cư trú'
        FROM members_registration r JOIN members_member mb ON mb.id = r.member_id
        WHERE r.kind = 'official' AND r.valid_from <= '{mid}' AND (r.valid_to IS NULL OR r.valid_to > '{mid}')
          AND mb.category IN ('cbccvc', 'llvt', 'cong_nhan', 'lao_dong_dn') AND {h('r.member_id', '5', seed)} < 750
        GROUP BY r.member_id""")
    progress(f"giữ mối liên hệ nơi cư trú: {cur.rowcount:,}".replace(",", "."))

    for name, sql in indexes:
        began = time.perf_counter()
        cur.execute(sql)
        progress(f"dựng lại chỉ mục {name} ({time.perf_counter() - began:.0f} s)")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")


def timed(fn, repeat: int):
    began = time.perf_counter()
    result = fn()
    cold = time.perf_counter() - began
    warm = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        warm.append(time.perf_counter() - began)
    return result, cold, (statistics.median(warm) if warm else cold), (min(warm) if warm else cold)


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms".replace(",", ".") if seconds < 10 else f"{seconds:,.1f} s".replace(
        ",", "X").replace(".", ",").replace("X", ".")


def naive_cell(cell, period, as_of):
    """One cell at a time, as a cell page would: ``window_of`` per month, then the cell's own meetings, absences,
    assignments and members. Returns the alert counts by kind and the cell's indicator figures."""
    from django.db.models import Count, Q

    from dangbo.meetings import rules
    from dangbo.meetings.choices import CELL_SESSIONS, MeetingKind
    from dangbo.meetings.models import (
        Attendance,
        AttendanceAssignment,
        Meeting,
        MeetingGuest,
        MemberTask,
        ResidenceLiaison,
        YearlyPaper,
    )
    from dangbo.meetings.selectors import subtree as st
    from dangbo.meetings.selectors import window_of
    from dangbo.meetings.selectors.member_figures import WORKING
    from dangbo.members.models import Registration
    from dangbo.members.selectors import exempt_on
    from dangbo.orgs.models import Term

    months, quarters = st.months_of(period), st.quarters_of(period)
    counts = dict.fromkeys(("no_regular", "outside_window", "no_thematic", "no_preparation", "no_conclusion",
                            "repeat_absentee", "absent_attendee"), 0)
    figures = dict.fromkeys(("months_due", "months_met", "quarters_due", "quarters_met", "with_committee",
                             "prepared", "sessions", "concluded", "good", "rated"), 0)
    mine = Meeting.objects.filter(org=cell, month__gte=months[0], month__lte=months[-1], date__lte=as_of)
    regular = {m: (pk, d) for pk, m, d in mine.filter(st.REGULAR_Q).values_list("id", "month", "date")}
    c = st.Cell(cell.pk, cell.path, cell.name, cell.founded_on, cell.ended_on)
    for m in months:
        start, end, _rule = window_of(org=cell, month_first=m)
        held = regular.get(m)
        if held and not start <= held[1] <= end:
            counts["outside_window"] += 1
        if end < as_of and c.lived(start, end):
            figures["months_due"] += 1
            figures["months_met"] += bool(held and start <= held[1] <= end)
            counts["no_regular"] += not held
    thematic = set(mine.filter(st.THEMATIC_Q).values_list("month", flat=True))
    for q in st.due_quarters(c, quarters, as_of):
        met = any(q <= m <= st.quarter_end(q) for m in thematic)
        figures["quarters_due"] += 1
        figures["quarters_met"] += met
        counts["no_thematic"] += not met
    terms = list(Term.objects.filter(org=cell, committee__isnull=False).values_list("starts_on", "ends_on"))
    preps = list(mine.filter(kind=MeetingKind.PREPARATION).values_list("month", "date"))
    for m, (_pk, d) in regular.items():
        if any(s <= d and (e is None or e >= d) for s, e in terms):
            figures["with_committee"] += 1
            ok = any(pm == m and pd <= d for pm, pd in preps)
            figures["prepared"] += ok
            counts["no_preparation"] += not ok
    sessions = mine.filter(kind__in=CELL_SESSIONS)
    figures["sessions"] = sessions.count()
    figures["concluded"] = sessions.exclude(conclusion="").count()
    counts["no_conclusion"] = figures["sessions"] - figures["concluded"]
    levels = dict(mine.filter(st.REGULAR_Q).exclude(level="").values_list("level").annotate(n=Count("id")))
    figures["good"], figures["rated"] = levels.get("good", 0), sum(levels.values())
    first, last = rules.absence_window(as_of)
    counts["repeat_absentee"] = (Attendance.objects.filter(org=cell, status="U", date__gte=first, date__lte=last)
                                 .filter(Q(member__left_on__isnull=True) | Q(member__left_on__gt=as_of))
                                 .values("member_id").annotate(n=Count("id")).filter(n__gte=3).count())
    start, end = period.start, min(period.end, as_of)
    for a in AttendanceAssignment.objects.filter(cell=cell, valid_from__lte=end).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=start)):
        until = a.valid_to or end + dt.timedelta(days=1)
        held = Meeting.objects.filter(org=cell, kind__in=CELL_SESSIONS, date__gte=max(start, a.valid_from),
                                      date__lte=end, date__lt=until)
        came = MeetingGuest.objects.filter(member=a.member_id, meeting__in=held.values("id"))
        counts["absent_attendee"] += held.exists() and not came.exists()
    on = st.tree_day(period, as_of)
    regs = Registration.objects.filter(org=cell, kind="official", valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on))
    ids = set(regs.values_list("member_id", flat=True)) - exempt_on(list(regs.values_list("member_id", flat=True)),
                                                                    on)
    figures["members"] = len(ids)
    figures["tasked"] = MemberTask.objects.filter(member_id__in=ids, assigned_on__gte=period.start,
                                                  assigned_on__lte=on).values("member_id").distinct().count()
    papers = YearlyPaper.objects.filter(member_id__in=ids, year=on.year)
    figures["committed"] = papers.filter(kind="commitment").count()
    figures["planned"] = papers.filter(kind="plan").count()
    # a member of a village cell lives where they meet: no residence to keep in touch with
    residential = cell.kind is not None and cell.kind.is_residential
    working = [] if residential else regs.filter(member_id__in=ids, member__category__in=WORKING).values_list(
        "member_id", flat=True)
    figures["working"] = len(set(working))
    figures["liaised"] = ResidenceLiaison.objects.filter(member_id__in=set(working), year=on.year,
                                                         confirmed_on__isnull=False).count()
    return counts, figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=str(ROOT / "var" / "bench-national"))
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--province", default="Đảng bộ tỉnh Bình Định")
    parser.add_argument("--sample", type=int, default=40, help="số chi bộ đo theo cách từng chi bộ một")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-national", action="store_true", help="không đo chín chỉ số toàn quốc (vài phút)")
    args = parser.parse_args()

    os.environ["DANGBO_DATA_DIR"] = str(Path(args.data_dir).resolve())
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from dangbo.core.periods import year as year_period
    from dangbo.meetings import indicators  # noqa: F401 - registers the nine
    from dangbo.meetings.models import Attendance, Meeting
    from dangbo.meetings.selectors import alerts as al
    from dangbo.meetings.selectors import subtree as st
    from dangbo.meetings.selectors.member_figures import figures_by_org
    from dangbo.orgs.models import Org
    from dangbo.targets import registry

    print(f"Máy: {machine()}")
    began = time.perf_counter()

    def progress(message: str) -> None:
        print(f"[{time.perf_counter() - began:8.1f} s] {message}", flush=True)

    call_command("migrate", verbosity=0)
    period = year_period(args.year)
    as_of = dt.date(args.year + 1, 1, 31)
    if not Meeting.objects.filter(month__gte=period.start, month__lte=period.end).exists():
        synthesize(args.year, args.seed, progress)
        # counting 64 million rows takes minutes: only after writing them
        progress(f"sinh dữ liệu xong; điểm danh: {Attendance.objects.count():,}".replace(",", "."))
    progress(f"kỳ sinh hoạt năm {args.year}: "
             f"{Meeting.objects.filter(month__gte=period.start, month__lte=period.end).count():,}".replace(",", "."))

    # the closed year's tally, as the nightly ``meeting_year_tally`` leaves it: only missing rows are written
    t0 = time.perf_counter()
    call_command("meeting_year_tally", year=[args.year])
    progress(f"chốt số liệu năm {args.year} (YearTally, phần còn thiếu): {fmt(time.perf_counter() - t0)}")

    province = Org.objects.get(name=args.province, depth=1)
    print(f"Đo tốc độ CPU (vòng lặp Python cố định, ≈ 0,2 s khi máy rảnh): {fmt(cpu_probe())}")
    found, cold, alerts_median, best = timed(lambda: al.alerts(org=province, period=period, as_of=as_of),
                                             args.repeat)
    kinds = {}
    for a in found:
        kinds[a.kind] = kinds.get(a.kind, 0) + 1
    cells = st.cells_on(st.root_path(province, period.end), period.end)
    print(f"\nCảnh báo — {province.name}, {len(cells):,} chi bộ: {len(found):,} cảnh báo".replace(",", "."))
    print("  " + "; ".join(f"{k} {n:,}".replace(",", ".") for k, n in kinds.items()))
    print(f"  tập hợp: lần đầu {fmt(cold)}, trung vị {fmt(alerts_median)}, nhanh nhất {fmt(best)}")
    print(f"  tốc độ CPU sau phép đo: {fmt(cpu_probe())}")

    provinces = list(Org.objects.filter(depth=1).order_by("path"))
    codes = [c for c, ind in registry.REGISTRY.items() if ind.source == "dangbo.meetings.indicators"]

    def national():
        sums = {code: [0, 0] for code in codes}
        for p in provinces:
            with registry.shared():
                for code in codes:
                    m = registry.measure(code, org=p, period=period)
                    sums[code][0] += m.numerator
                    sums[code][1] += m.denominator
        return sums

    national_cells = sum(len(st.cells_on(st.root_path(p, period.end), period.end)) for p in provinces)
    if args.skip_national:
        sums, cold, national_median, best = {}, float("nan"), float("nan"), float("nan")
    else:
        sums, cold, national_median, best = timed(national, max(1, args.repeat - 1))
    print(f"\nChín chỉ số — toàn quốc ({len(provinces)} tỉnh, ≈ {national_cells:,} chi bộ):".replace(",", "."))
    for code, (n, d) in sums.items():
        print(f"  {code:34} {n:>12,}/{d:<12,}".replace(",", "."))
    print(f"  tập hợp: lần đầu {fmt(cold)}, trung vị {fmt(national_median)}, nhanh nhất {fmt(best)}")

    # baseline: one cell at a time, checked against the set-based figures
    rng = random.Random(args.seed)
    sample = rng.sample(sorted(cells), min(args.sample, len(cells)))
    tallies = st.tally(province, period, dt.date.today())
    members = figures_by_org(org=province, start=period.start, on=period.end)
    by_cell: dict[int, dict] = {}
    for a in al.alerts(org=province, period=period, as_of=as_of):
        by_cell.setdefault(a.cell_id, {}).setdefault(a.kind, 0)
        by_cell[a.cell_id][a.kind] += 1
    spent_alerts = spent_all = 0.0
    mismatches = []
    for pk in sample:
        cell = Org.objects.get(pk=pk)
        t0 = time.perf_counter()
        counts, figures = naive_cell(cell, period, as_of)
        spent_alerts += time.perf_counter() - t0
        t1 = time.perf_counter()
        _, figures = naive_cell(cell, period, dt.date.today())
        spent_all += time.perf_counter() - t1
        mine = {k: v for k, v in counts.items() if v}
        if mine != by_cell.get(pk, {}):
            mismatches.append((pk, "alerts", mine, by_cell.get(pk, {})))
        t, mf = tallies[pk], members.get(pk)
        expected = {"months_due": t.months_due, "months_met": t.months_met, "quarters_due": t.quarters_due,
                    "quarters_met": t.quarters_met, "with_committee": t.regular_with_committee,
                    "prepared": t.prepared, "sessions": t.sessions, "concluded": t.concluded,
                    "good": t.levels.get("good", 0), "rated": t.rated}
        if mf is not None:
            expected.update(members=mf.members, tasked=mf.tasked, committed=mf.committed, planned=mf.planned,
                            working=mf.working, liaised=mf.liaised)
        got = {k: figures[k] for k in expected}
        if got != expected:
            mismatches.append((pk, "figures", got, expected))
    per_cell_alerts, per_cell_all = spent_alerts / len(sample), spent_all / len(sample)
    print(f"\nTừng chi bộ một ({len(sample)} chi bộ mẫu của {province.name}): {fmt(per_cell_alerts)} mỗi chi bộ")
    ratio = f"{per_cell_alerts * len(cells) / alerts_median:,.0f}".replace(",", ".")
    print(f"  cảnh báo của tỉnh ước tính: {fmt(per_cell_alerts * len(cells))} (gấp {ratio} lần cách tập hợp)")
    total = per_cell_all * national_cells
    ratio = "?" if national_median != national_median else f"{total / national_median:,.0f}".replace(",", ".")
    print(f"  chín chỉ số toàn quốc ước tính: {fmt(total)} (gấp {ratio} lần cách tập hợp)")
    print(f"  đối chiếu {len(sample)} chi bộ mẫu: {len(mismatches)} khác biệt")
    for row in mismatches[:5]:
        print("   ", row)


if __name__ == "__main__":
    main()
