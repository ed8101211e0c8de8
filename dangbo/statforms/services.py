"""Writes of the statistics forms: finalising a form (issue 10, Deliver 5) — scope- and power-checked, refused
while a check printed on the form or one tying it to another form of the set fails, audited."""

from django.db import transaction

from dangbo.accounts import audit
from dangbo.accounts.scope import scope_for
from dangbo.core.exceptions import DomainError
from dangbo.core.periods import Period
from dangbo.core.rules import PowerViolation, Rule
from dangbo.orgs.models import Org
from dangbo.statforms import rules, tables
from dangbo.statforms.models import FormSnapshot

FINALISE = Rule("F-CHOT", "Hướng dẫn 11-HD/BTCTW (13/12/2021): số liệu thống kê tổng hợp từ cơ sở lên; cấp ủy báo "
                          "cáo chịu trách nhiệm về số liệu gửi cấp trên")


def may_finalise(actor, org: Org) -> bool:
    """Whether ``actor`` acts for ``org``'s committee, the one that finalises and sends its forms."""
    return scope_for(actor).may_decide_for(org.path)


@transaction.atomic
def form_finalise(*, actor, org: Org, code: str, period: Period) -> FormSnapshot:
    """Freeze the form ``code`` of ``org`` for ``period`` as the system computes it now (through the actor's
    scope). Refused, nothing written, while a check fails (naming the rows). Finalising again writes a new
    snapshot superseding the last one."""
    scope = scope_for(actor)
    scope.require_path(org.path)
    if not scope.may_decide_for(org.path):
        raise PowerViolation(FINALISE, f"Số liệu thống kê của {org.name} do cấp ủy {org.name} chốt; tài khoản của "
                                       "bạn không có quyền ở cấp đó.")
    table = tables.form_table(user=actor, org=org, code=code, period=period)
    # the form's own checks, and those tying it to another form of the set (Biểu 3 total = Biểu 1 D…)
    others = {row.same_as.partition(":")[0] for row in table.form.rows if row.same_as}
    made = {code: table.figures()} | {other: tables.form_table(user=actor, org=org, code=other, period=period)
                                      .figures() for other in others if other != code}
    broken = table.broken + rules.across(made, table.guidance.forms)
    if broken:
        raise DomainError(f"Chưa thể chốt số liệu {table.form.number} của {org.name} ({period.label}): biểu không "
                          "khớp các phép kiểm tra — " + " ".join(broken), field="form")
    previous = (FormSnapshot.objects.select_for_update().filter(org=org, form=code, start=period.start,
                                                                end=period.end).order_by("-id").first())
    figures = {key: value if isinstance(value, float) else int(value) for key, value in table.figures().items()}
    snapshot = FormSnapshot.objects.create(
        org=org, form=code, guidance=table.guidance.code, period_kind=period.kind, start=period.start,
        end=period.end, period_label=period.label, figures=figures,
        labels={key: table.label_of(key) for key in figures}, number=table.form.number, title=table.form.title,
        finalised_by=actor if getattr(actor, "pk", None) else None, supersedes=previous)
    audit.record(actor=actor, action="form_finalise", instance=snapshot, before=None, org_path=org.path)
    return snapshot
