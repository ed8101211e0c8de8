"""A term of inspection work in the demo district (issue 14, Deliver 7; RULES.md K2–K10), done by the demo
inspection account (``kiemtra``, the district's inspection commission) through ``inspection.services`` — every
row audited as a user's work would be — and named on every case and letter it handles.

- Programmes: the district commission's programme for the 2020–2025 term and its plan for the year, and the same
  for three grassroots committees (the first ones of the district, by path, that stood through the term).
- A dozen cases of every kind: the commission's planned checks (compliance, finance, lower inspection work) and a
  thematic supervision of the grassroots committees, a check on signs of violation and two denunciation cases on
  members; the grassroots committees' planned checks of their cells and supervisions of members; a cell's check
  of three of its members. Each with its steps; most concluded, with recommendations followed up — some done, some
  overdue on the demo's day; two still running.
- Letters: an anonymous one (not handled, K5), one resolved (tố cáo đúng một phần) and one in progress; a
  discipline complaint against the cảnh cáo, settled (upheld).
- Discipline: a cảnh cáo and a khiển trách proposed from the cases, voted by the members' cells and decided — the
  one ``members.DisciplineDecision`` each, written by the inspection service.

The year of the work is the last full year before the demo's day, no later than 2024 (the district level ended
in 2025). Members and cells are drawn with a seeded generator among those that stood through that year:
deterministic by seed; a district whose commission already has a programme is left alone. About 150 service
calls: a second or two."""

import datetime as dt

from django.contrib.auth import get_user_model

from dangbo.demo.meetings import demo_day
from dangbo.demo.people import FastRandom
from dangbo.inspection import services
from dangbo.inspection.models import Programme
from dangbo.members.choices import MemberStatus
from dangbo.members.models import Member
from dangbo.orgs.models import Org, OrgStatus
from dangbo.orgs.selectors import subtree_org_ids_on

SEED = 2023
USERNAME = "kiemtra"
D = dt.date
STEPS = [("plan", 3), ("notice", 6), ("self_report", 20), ("verification", 35), ("team_report", 50),
         ("meeting", 60), ("conclusion_notice", 65)]


def _short(name: str) -> str:
    return name.removeprefix("Đảng bộ ").removeprefix("Chi bộ ").strip()


class Work:
    def __init__(self, actor, district: Org, year: int):
        self.actor, self.district, self.year = actor, district, year
        self.made: dict[str, int] = {}

    def count(self, what: str, n: int = 1) -> None:
        self.made[what] = self.made.get(what, 0) + n

    # --- programmes -------------------------------------------------------------------------------------------

    def programmes(self, org: Org, body: str, items: list[dict]) -> list:
        who = "Ủy ban Kiểm tra Huyện ủy" if body == "commission" else f"Đảng ủy {_short(org.name)}"
        services.programme_save(actor=self.actor, org=org, data={
            "body": body, "kind": "term", "first_year": 2020, "last_year": 2025, "adopted_on": D(2020, 12, 10),
            "title": f"Chương trình kiểm tra, giám sát nhiệm kỳ 2020 - 2025 của {who}",
            "document_number": "01-CTr/UBKT" if body == "commission" else "01-CTr/ĐU"})
        plan = services.programme_save(actor=self.actor, org=org, data={
            "body": body, "kind": "year", "year": self.year, "adopted_on": D(self.year, 1, 12),
            "title": f"Kế hoạch kiểm tra, giám sát năm {self.year} của {who}",
            "document_number": f"{self.year % 100:02d}-KH/UBKT" if body == "commission" else "02-KH/ĐU"})
        self.count("programme", 2)
        out = [services.plan_item_save(actor=self.actor, programme=plan, data=item) for item in items]
        self.count("plan_item", len(out))
        return out

    # --- cases ------------------------------------------------------------------------------------------------

    def case(self, org: Org, body: str, kind: str, topic: str, day: dt.date, *, item=None, orgs=(), members=(),
             steps: int = len(STEPS), conclusion: str = "", violation: bool = False, follow_ups=()):
        number = f"{self.made.get('case', 0) + 1:02d}-QĐ/{'UBKT' if body == 'commission' else 'ĐU'}"
        case = services.case_open(actor=self.actor, org=org, orgs=orgs, members=members, data={
            "body": body, "kind": kind, "origin": "planned" if item else "ad_hoc", "plan_item": item,
            "topic": topic, "decision_number": number, "decided_on": day,
            "team": "Đồng chí Trần Văn Bình, Ủy viên Ủy ban Kiểm tra Huyện ủy (trưởng đoàn) và 02 thành viên"})
        services.access_grant(actor=self.actor, user=self.actor, case=case)
        self.count("case")
        for step, after in STEPS[:steps]:
            services.case_step_add(actor=self.actor, case=case, step=step, date=day + dt.timedelta(after))
            self.count("step")
        if conclusion:
            concluded = day + dt.timedelta(STEPS[-1][1])
            services.case_conclude(actor=self.actor, case=case, conclusion=conclusion, concluded_on=concluded,
                                   violation_found=violation)
            for recommendation, months, who, done in follow_ups:
                row = services.follow_up_add(actor=self.actor, case=case, recommendation=recommendation,
                                             due_on=concluded + dt.timedelta(30 * months),
                                             **({"member": who} if isinstance(who, Member) else {"org": who}))
                self.count("follow_up")
                if done:
                    services.follow_up_close(actor=self.actor, follow_up=row,
                                             done_on=concluded + dt.timedelta(30 * months - 5),
                                             note="Đã báo cáo kết quả khắc phục")
        return case

    def discipline(self, case, member: Member, form: str, reason: str, day: dt.date, ref: str):
        proposal = services.proposal_create(
            actor=self.actor, case=case, member=member, form=form, reason=reason, deciding_org=member.org,
            body="cell", violation_from=day - dt.timedelta(200), proposed_on=day)
        eligible = max(3, Member.objects.filter(org=member.org, status=MemberStatus.OFFICIAL).count())
        services.proposal_vote(actor=self.actor, proposal=proposal, voted_on=day + dt.timedelta(5),
                               votes_for=eligible - 1, votes_against=1, eligible=eligible)
        proposal = services.proposal_decide(actor=self.actor, proposal=proposal, decided_on=day + dt.timedelta(6),
                                            decision_ref=ref)
        self.count("discipline")
        return proposal.decision

    # --- letters ----------------------------------------------------------------------------------------------

    def letter(self, subject: Member, day: dt.date, content: str, *, name: str = "", address: str = ""):
        row = services.denunciation_receive(actor=self.actor, org=self.district, data={
            "received_on": day, "anonymous": not name, "denouncer_name": name, "denouncer_address": address,
            "subject_member": subject, "content": content})
        services.access_grant(actor=self.actor, user=self.actor, denunciation=row, may_see_denouncer=bool(name))
        self.count("denunciation")
        return services.denunciation_screen(actor=self.actor, denunciation=row, on=day + dt.timedelta(3))


def _standing_orgs(district: Org, year: int) -> tuple[list[Org], list[Org]]:
    """Grassroots committees and cells of the district that stood from 2020 through ``year`` and stand today."""
    through = set(subtree_org_ids_on(org=district, on=D(2020, 12, 1)).values_list("org_id", flat=True)) & set(
        subtree_org_ids_on(org=district, on=D(year, 12, 31)).values_list("org_id", flat=True))
    orgs = list(Org.objects.filter(pk__in=through, status=OrgStatus.ACTIVE).exclude(pk=district.pk)
                .select_related("type").order_by("path"))
    grassroots = [o for o in orgs if o.type.is_grassroots and not o.type.is_cell]
    cells = [o for o in orgs if o.type.is_cell and not o.type.is_grassroots]
    return grassroots, cells


def create(*, actor=None, district: Org, as_of: dt.date | None = None, seed: int = SEED) -> dict:
    """Idempotent: a district whose commission has a programme is left alone. ``actor``: the demo inspection
    account (found by its username when not given). Returns how many rows of each kind were written."""
    actor = actor or get_user_model().objects.filter(username=USERNAME).first()
    if actor is None or Programme.objects.filter(org=district, body="commission").exists():
        return {}
    as_of = as_of or demo_day(district)
    year = min(2024, as_of.year - 1)
    rng = FastRandom(f"dangbo-demo:{seed}:inspection")
    grassroots, cells = _standing_orgs(district, year)
    under = {g.pk: [c for c in cells if c.path.startswith(g.path)] for g in grassroots}
    chosen = [g for g in grassroots if len(under[g.pk]) >= 2][:3]
    if len(chosen) < 3:
        return {}
    pool = {c.pk: list(Member.objects.filter(org=c, status=MemberStatus.OFFICIAL, admitted_on__lt=D(year - 1, 1, 1))
                       .order_by("pk")) for g in chosen for c in under[g.pk][:2]}
    people = [m for ms in pool.values() for m in ms]
    if len(people) < 10 or len(pool[under[chosen[0].pk][0].pk]) < 3:
        return {}
    picked: list[Member] = []
    while len(picked) < 4:
        m = rng.choice(people)
        if m not in picked:
            picked.append(m)
    w = Work(actor, district, year)
    y = year
    a, b, c = chosen
    cell_a, cell_b = under[a.pk][0], under[b.pk][0]
    # the commission's term programme and year plan
    items = w.programmes(district, "commission", [
        {"kind": "compliance", "org": a, "quarter": 1,
         "topic": "Chấp hành nguyên tắc tập trung dân chủ, quy chế làm việc của cấp ủy"},
        {"kind": "finance", "org": b, "quarter": 2, "topic": "Thu, nộp, quản lý và sử dụng đảng phí"},
        {"kind": "sup_thematic", "org": c, "quarter": 2,
         "topic": "Lãnh đạo thực hiện Chỉ thị 10-CT/TW về nâng cao chất lượng sinh hoạt chi bộ"},
        {"kind": "lower_work", "org": a, "quarter": 3, "topic": "Thực hiện nhiệm vụ kiểm tra, giám sát của cấp ủy"},
    ])
    w.case(district, "commission", "compliance", items[0].topic, D(y, 2, 20), item=items[0], orgs=[a],
           conclusion="Đảng ủy chấp hành tốt nguyên tắc tập trung dân chủ; còn chậm ban hành quy chế làm việc "
           "nhiệm kỳ.", follow_ups=[("Bổ sung quy chế làm việc của Đảng ủy", 2, a, True)])
    w.case(district, "commission", "finance", items[1].topic, D(y, 4, 8), item=items[1], orgs=[b],
           conclusion="Một số chi bộ thu đảng phí chưa đúng mức quy định; sổ sách chưa đầy đủ.", violation=True,
           follow_ups=[("Truy thu đảng phí còn thiếu, hoàn thiện sổ sách", 3, b, False),
                       ("Rà soát mức đóng đảng phí của đảng viên", 2, cell_b, True)])
    w.case(district, "commission", "sup_thematic", items[2].topic, D(y, 5, 6), item=items[2], orgs=[c],
           conclusion="Sinh hoạt chi bộ cơ bản đúng định kỳ; nội dung sinh hoạt chuyên đề còn đơn điệu.",
           follow_ups=[("Xây dựng kế hoạch sinh hoạt chuyên đề hằng quý", 2, c, False)])
    w.case(district, "commission", "lower_work", items[3].topic, D(y, 7, 15), item=items[3], orgs=[a],
           conclusion="Ủy ban kiểm tra Đảng ủy thực hiện tương đối đầy đủ nhiệm vụ.",
           follow_ups=[("Kiện toàn hồ sơ kiểm tra, giám sát", 1, a, True)])
    warned = w.case(district, "commission", "violation", "Kiểm tra khi có dấu hiệu vi phạm trong quản lý đất đai",
                    D(y, 6, 3), members=[picked[0]], violation=True,
                    conclusion="Đảng viên vi phạm quy định về những điều đảng viên không được làm.",
                    follow_ups=[("Kiểm điểm trước chi bộ", 1, picked[0], True)])
    # letters: one resolved, one anonymous, one in progress
    resolved = w.letter(picked[1], D(y, 5, 6), "Sử dụng đất công sai mục đích", name="Nguyễn Văn Tường",
                        address=f"Thôn 2, {_short(a.name)}")
    w.letter(picked[2], D(y, 3, 4), "Đơn không ký tên phản ánh lối sống")
    running = w.letter(picked[3], D(y, 11, 4), "Không trung thực trong kê khai tài sản, thu nhập",
                       name="Lê Thị Hạnh", address=f"Thôn 5, {_short(b.name)}")
    partly = w.case(district, "commission", "denunciation", "Giải quyết tố cáo đối với đảng viên", D(y, 5, 20),
                    members=[picked[1]], violation=True, conclusion="Tố cáo đúng một phần.",
                    follow_ups=[("Khắc phục việc sử dụng đất sai mục đích", 4, picked[1], False)])
    services.denunciation_assign(actor=actor, denunciation=resolved, case=partly)
    services.denunciation_resolve(actor=actor, denunciation=resolved, resolved_on=D(y, 7, 25), outcome="partly",
                                  outcome_note="Tố cáo đúng một phần; đề nghị chi bộ xem xét kỷ luật.",
                                  notified_on=D(y, 7, 30))
    open_case = w.case(district, "commission", "denunciation", "Giải quyết tố cáo đối với đảng viên",
                       D(y, 11, 20), members=[picked[3]], steps=3)
    services.denunciation_assign(actor=actor, denunciation=running, case=open_case)
    # the discipline that followed, and the complaint against the cảnh cáo
    warning = w.discipline(warned, picked[0], "warning", "Vi phạm quy định về những điều đảng viên không được làm",
                           D(y, 8, 10), "05-QĐ/CB")
    w.discipline(partly, picked[1], "reprimand", "Sử dụng đất công sai mục đích", D(y, 8, 20), "06-QĐ/CB")
    complaint = services.complaint_receive(actor=actor, org=district, decision=warning,
                                           received_on=D(y, 8, 30), decision_received_on=warning.date)
    services.complaint_decide(actor=actor, complaint=complaint, result="upheld", resolved_on=D(y, 10, 25),
                              note="Giữ nguyên hình thức kỷ luật cảnh cáo.")
    w.count("complaint")
    # the grassroots committees' own programmes and cases
    taken = set(picked[:4])
    for g, done in ((a, True), (b, False), (c, None)):
        cell = under[g.pk][0]
        member = next(m for cid in [x.pk for x in under[g.pk][:2]] for m in pool[cid] if m not in taken)
        taken.add(member)
        found = w.programmes(g, "committee", [
            {"kind": "compliance", "org": cell, "quarter": 2, "topic": "Thực hiện nghị quyết của Đảng ủy"},
            {"kind": "sup_continuous", "member": member, "quarter": 3,
             "topic": "Thực hiện chức trách, nhiệm vụ được giao và giữ gìn đạo đức, lối sống"}])
        if done is None:  # still running on the demo's day
            w.case(g, "committee", "compliance", found[0].topic, D(y, 12, 2), item=found[0], orgs=[cell], steps=2)
            continue
        w.case(g, "standing", "compliance", found[0].topic, D(y, 4, 15), item=found[0], orgs=[cell],
               conclusion="Chi bộ thực hiện cơ bản đầy đủ nghị quyết; một số chỉ tiêu còn chậm.",
               follow_ups=[("Đề ra giải pháp thực hiện các chỉ tiêu còn chậm", 3, cell, done)])
        w.case(g, "committee", "sup_continuous", found[1].topic, D(y, 9, 2), item=found[1], members=[member],
               conclusion="Đảng viên thực hiện tốt chức trách, nhiệm vụ.")
    # a cell checks three of its members
    own = pool[cell_a.pk][:3]
    w.case(cell_a, "cell", "compliance", "Kiểm tra đảng viên chấp hành Điều lệ Đảng", D(y, 10, 7), members=own,
           conclusion="Các đảng viên chấp hành nghiêm Điều lệ Đảng.")
    return dict(sorted(w.made.items()))
