"""Forms of the review workflow. The sheets are one Django form per row (prefix ``a<pk>``), so what the user
typed comes back bound, with the message, when a service refuses the whole batch."""

from copy import copy
from decimal import Decimal, InvalidOperation

from django import forms

from dangbo.orgs.forms import OrgChoiceField, date_field
from dangbo.orgs.models import Org
from dangbo.reviews.choices import LEVEL_ORDER, LEVEL_SHORT, Exclusion, Mark, Status, Subject
from dangbo.reviews.services import QuotaExceptionInput

SHORT_LEVELS = [("", "—"), *[(lv.value, LEVEL_SHORT[lv]) for lv in LEVEL_ORDER]]
LONG_LEVELS = [("", "—"), *[(lv.value, f"{LEVEL_SHORT[lv]} — {lv.label}") for lv in LEVEL_ORDER]]
MARKS = [("", "—"), *Mark.choices]
NUMBER = {"inputmode": "numeric", "class": "num"}


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=999, widget=forms.TextInput(NUMBER),
                              error_messages={"invalid": f"{label}: phải là số nguyên.",
                                              "min_value": f"{label}: không được âm.",
                                              "max_value": f"{label}: quá lớn."})


class CampaignOpenForm(forms.Form):
    year = forms.IntegerField(label="Năm đánh giá", min_value=2018, max_value=2100,
                              error_messages={"min_value": "Chỉ đánh giá theo quy định từ năm 2018.",
                                              "invalid": "Năm phải là số.", "required": "Phải nhập năm."})
    org = OrgChoiceField(label="Phạm vi (tổ chức và các tổ chức trực thuộc)", queryset=Org.objects.none())
    opens_on = date_field("Ngày bắt đầu")
    cell_deadline = date_field("Hạn chi bộ đề xuất", required=False)
    grassroots_deadline = date_field("Hạn cấp cơ sở quyết định", required=False)
    superior_deadline = date_field("Hạn cấp trên quyết định tổ chức cơ sở", required=False)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs

    def clean(self):
        data = super().clean()
        days = [data.get(k) for k in ("cell_deadline", "grassroots_deadline", "superior_deadline")]
        set_days = [d for d in days if d]
        if set_days != sorted(set_days):
            raise forms.ValidationError("Các hạn phải theo thứ tự: chi bộ → cấp cơ sở → cấp trên.")
        return data


class SheetForm(forms.Form):
    """Holds the batch's own message (the service names the member and the rule)."""


class AssessmentRowForm(forms.Form):
    """One line of the cell secretary's sheet: the marks (132, 124) or the score and tasks (366), the
    conditions that cap the level, and the proposed level."""

    level = forms.ChoiceField(label="Đề xuất", choices=SHORT_LEVELS, required=False)

    def __init__(self, *args, assessment, reg, disciplined: bool = False, suggested: str | None = None, **kwargs):
        a = self.assessment = assessment
        self.reg = reg
        initial = {"level": a.proposed_level or suggested or ""}
        super().__init__(*args, prefix=f"a{a.pk}", initial=initial, **kwargs)
        self.criteria = a.criteria_set.criteria if a.criteria_set_id else []
        if reg.method == "marks":
            for c in self.criteria:
                name = f"m_{c['code']}"
                self.fields[name] = forms.ChoiceField(label=c["name"], choices=MARKS, required=False)
                self.initial[name] = (a.marks or {}).get(c["code"], "")
        else:
            self.fields["score"] = forms.CharField(label="Điểm", required=False, max_length=6, widget=forms.TextInput(
                {"inputmode": "decimal", "class": "num"}))
            self.initial["score"] = f"{a.score:g}".replace(".", ",") if a.score is not None else ""
            for name, label in (("tasks_total", "Số nhiệm vụ"), ("tasks_on_time", "Đúng hạn"),
                                ("tasks_exceeding", "Vượt"), ("shortcomings_total", "Hạn chế"),
                                ("shortcomings_fixed", "Đã khắc phục")):
                self.fields[name] = _count(label)
                self.initial[name] = getattr(a, name)
        if reg.sick_leave_cap_months:
            self.fields["sick_leave_months"] = _count("Nghỉ ốm (tháng)")
            self.initial["sick_leave_months"] = a.sick_leave_months
        if reg.min_targets_share is not None:
            self.fields["targets_met_pct"] = _count("% chỉ tiêu đạt")
            self.initial["targets_met_pct"] = a.targets_met_pct
        if disciplined and reg.self_corrected_discipline_exempts:
            self.fields["discipline_self_corrected"] = forms.BooleanField(
                label="Tự phát hiện, khắc phục vi phạm", required=False)
            self.initial["discipline_self_corrected"] = a.discipline_self_corrected
        if a.subject == Subject.ORG:
            self.fields["disunity"] = forms.BooleanField(label="Mất đoàn kết, suy thoái", required=False)
            self.initial["disunity"] = a.disunity
        who = a.member or a.subject_org
        for f in self.fields.values():
            # the table has one header for many rows: each input carries its member's name for screen readers
            f.widget.attrs["aria-label"] = f"{who}: {f.label}"

    @property
    def locked(self) -> bool:
        return self.assessment.status == Status.APPROVED

    def mark_cells(self, columns: list[dict]) -> list[tuple[dict, forms.BoundField | None]]:
        """One cell per column of the table; None where this member's criteria set has no such criterion."""
        return [(c, self[f"m_{c['code']}"] if f"m_{c['code']}" in self.fields else None) for c in columns]

    def mark_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in self.fields if n.startswith("m_")]

    def count_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("score", "tasks_total", "tasks_on_time", "tasks_exceeding", "shortcomings_total",
                                  "shortcomings_fixed") if n in self.fields]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("sick_leave_months", "targets_met_pct", "discipline_self_corrected", "disunity")
                if n in self.fields]

    def wants_saving(self) -> bool:
        """A row is sent when it has a level and something changed, or it was never proposed."""
        level = self.cleaned_data.get("level")
        return bool(level) and (self.has_changed() or self.assessment.status != Status.PROPOSED)

    def service_row(self) -> dict:
        d = self.cleaned_data
        row = {"level": d.get("level") or ""}
        if self.reg.method == "marks":
            row["marks"] = {c["code"]: d.get(f"m_{c['code']}") or "" for c in self.criteria}
        for name in ("score", "tasks_total", "tasks_on_time", "tasks_exceeding", "shortcomings_total",
                     "shortcomings_fixed", "sick_leave_months"):
            if name in self.fields:
                row[name] = d.get(name) if name == "score" else (d.get(name) or 0)
        for name in ("targets_met_pct", "discipline_self_corrected", "disunity"):
            if name in self.fields:
                row[name] = d.get(name)
        return row

    def preview(self):
        """An unsaved copy of the assessment carrying what was typed, to suggest a level from it."""
        a = copy(self.assessment)
        if not hasattr(self, "cleaned_data"):
            return a
        row = self.service_row()
        if "marks" in row:
            a.marks = {k: v for k, v in row["marks"].items() if v}
        for key, value in row.items():
            if key in ("marks", "level"):
                continue
            if key == "score":
                try:
                    value = Decimal(str(value).replace(",", ".")) if value not in (None, "") else None
                except InvalidOperation:
                    value = None
            setattr(a, key, value)
        return a


class ApprovalForm(forms.Form):
    """The approver's level per pending row (the proposal unless overridden), and the exception that lets a
    decision above the HTXSNV share through (R4): reason, the committee's decision number and date."""

    exception_reason = forms.CharField(label="Lý do vượt tỷ lệ (thành tích nổi trội)", required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    exception_number = forms.CharField(label="Số quyết định của cấp ủy có thẩm quyền", required=False,
                                       max_length=60)
    exception_date = date_field("Ngày quyết định", required=False)

    def __init__(self, *args, pending, **kwargs):
        super().__init__(*args, **kwargs)
        self.pending = pending
        for a in pending:
            self.fields[f"l{a.pk}"] = forms.ChoiceField(label=str(a.member or a.subject_org), required=False,
                                                        choices=SHORT_LEVELS[1:], initial=a.proposed_level)

    def row(self, a):
        return self[f"l{a.pk}"]

    def chosen(self) -> dict[int, str]:
        return {a.pk: self.cleaned_data.get(f"l{a.pk}") or a.proposed_level for a in self.pending}

    def exception(self):
        """The recorded exception, or None when the approver filled none of its fields."""
        d = self.cleaned_data
        if not (d.get("exception_reason") or d.get("exception_number") or d.get("exception_date")):
            return None
        return QuotaExceptionInput(d.get("exception_reason") or "", d.get("exception_number") or "",
                                   d.get("exception_date"))

    def overrides(self) -> dict[int, str]:
        return {pk: lv for pk, lv in self.chosen().items() if lv != next(
            a.proposed_level for a in self.pending if a.pk == pk)}


class ReopenForm(forms.Form):
    reason = forms.CharField(label="Lý do mở lại", widget=forms.Textarea(attrs={"rows": 2}))


class PointedForm(forms.Form):
    note = forms.CharField(label="Nội dung cấp trên gợi ý kiểm điểm", widget=forms.Textarea(attrs={"rows": 3}))


class ExcludeForm(forms.Form):
    exclusion = forms.ChoiceField(label="Không đánh giá, xếp loại vì",
                                  choices=[("", "— Đưa lại vào diện xếp loại —"), *Exclusion.choices], required=False)


class SelfForm(forms.Form):
    level = forms.ChoiceField(label="Tự xếp loại", choices=LONG_LEVELS[1:])
    self_comment = forms.CharField(label="Tự nhận xét (ưu điểm, hạn chế, hướng khắc phục)", required=False,
                                   widget=forms.Textarea(attrs={"rows": 5}))


class RegistrationForm(forms.Form):
    """Đăng ký phấn đấu of one cell: ``m<pk>`` per member and the cell's own ``org_level``."""

    registered_on = date_field("Ngày đăng ký")
    org_level = forms.ChoiceField(label="Chi bộ đăng ký", choices=LONG_LEVELS, required=False)

    def __init__(self, *args, members, regs, own, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        self.initial.setdefault("org_level", own.level if own else "")
        for m in members:
            self.fields[f"m{m.pk}"] = forms.ChoiceField(label=m.full_name, choices=SHORT_LEVELS, required=False,
                                                        initial=regs[m.pk].level if m.pk in regs else "")

    def rows(self, regs):
        return [(m, self[f"m{m.pk}"], regs.get(m.pk)) for m in self.members]

    def levels(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data.get(f"m{m.pk}") or "" for m in self.members}

