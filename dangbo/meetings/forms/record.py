"""Forms of the cell meeting pages: the full meeting record, the secretary's one-page attendance, guests, the
G2 checks, the scoring sheet, the level, minutes files. They parse; the services decide."""

import datetime as dt
import re

from django import forms

from dangbo.core.dates import format_date
from dangbo.meetings import rules
from dangbo.meetings.choices import ConclusionKind, MeetingKind, MeetingLevel, Presence
from dangbo.orgs.forms import date_field

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
MONTH = re.compile(r"^(\d{1,2})\s*/\s*(\d{4})$")
ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def time_field(label: str) -> forms.TimeField:
    return forms.TimeField(label=label, required=False, widget=TIME_WIDGET, input_formats=["%H:%M", "%H:%M:%S"],
                           error_messages={"invalid": "Giờ phải có dạng hh:mm (ví dụ 19:30)."})


def parse_month(text: str) -> dt.date | None:
    """"07/2026" → 01/07/2026; "2026-07" is accepted too (the cell page's links)."""
    text = (text or "").strip()
    if m := MONTH.match(text):
        month, year = int(m.group(1)), int(m.group(2))
    elif m := ISO_MONTH.match(text):
        year, month = int(m.group(1)), int(m.group(2))
    else:
        return None
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        return None
    return dt.date(year, month, 1)


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class TopicChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"Năm {obj.plan.year}, quý {obj.quarter}: {obj.title}"


class MeetingForm(forms.Form):
    """Every field of a meeting record (create and edit). The topics offered are those of the cell's plans of
    the years around the meeting; the preparer is one of the cell's members on its day."""

    kind = forms.ChoiceField(label="Loại sinh hoạt", choices=MeetingKind.choices)
    date = date_field("Ngày họp")
    month = forms.CharField(label="Tính cho kỳ sinh hoạt tháng (mm/yyyy)", required=False, max_length=7,
                            help_text="Để trống: tháng của ngày họp. Kỳ tháng trước họp đầu tháng sau thì ghi tháng trước.",
                            widget=forms.TextInput(attrs={"placeholder": "mm/yyyy", "inputmode": "numeric"}))
    starts_at = time_field("Bắt đầu")
    ends_at = time_field("Kết thúc")
    place = forms.CharField(label="Địa điểm", required=False, max_length=200)
    group_name = forms.CharField(label="Tổ đảng (sinh hoạt tổ đảng)", required=False, max_length=120)
    agenda = forms.CharField(label="Nội dung", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    documents_posted_on = date_field("Ngày gửi tài liệu cho đảng viên", required=False)
    topic = TopicChoiceField(label="Chuyên đề (theo kế hoạch chuyên đề của chi bộ)", queryset=None, required=False,
                             empty_label="— không —")
    combined_session = forms.BooleanField(label="Chuyên đề và thường kỳ họp chung một buổi", required=False)
    preparer = MemberChoiceField(label="Người chuẩn bị nội dung", queryset=None, required=False,
                                 empty_label="— chưa ghi —")
    has_draft_resolution = forms.BooleanField(label="Có dự thảo nghị quyết", required=False)
    conclusion_kind = forms.ChoiceField(label="Hình thức", required=False,
                                        choices=[("", "—"), *ConclusionKind.choices])
    conclusion = forms.CharField(label="Nghị quyết, kết luận", required=False,
                                 widget=forms.Textarea(attrs={"rows": 5}))

    WIDE = ("agenda", "conclusion")

    def __init__(self, *args, topics, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics
        self.fields["preparer"].queryset = members

    def clean_month(self):
        text = self.cleaned_data.get("month", "")
        if not text.strip():
            return None
        month = parse_month(text)
        if month is None:
            raise forms.ValidationError("Kỳ sinh hoạt ghi dạng mm/yyyy, ví dụ 07/2026.")
        return month

    def service_data(self) -> dict:
        return dict(self.cleaned_data)

    @staticmethod
    def initial_from(meeting) -> dict:
        data = {f: getattr(meeting, f) for f in ("kind", "date", "starts_at", "ends_at", "place", "group_name",
                                                 "agenda", "documents_posted_on", "topic", "combined_session",
                                                 "preparer", "has_draft_resolution", "conclusion_kind", "conclusion")}
        data["month"] = f"{meeting.month:%m/%Y}"
        return data


class RecordForm(forms.Form):
    """The secretary's phone page: the day and times, one answer per member called, the conclusion.
    Members exempt on the day (M13) get no field: they are shown as "Miễn" and recorded as such."""

    date = date_field("Ngày họp")
    starts_at = time_field("Bắt đầu")
    ends_at = time_field("Kết thúc")
    conclusion_kind = forms.ChoiceField(label="Hình thức", required=False,
                                        choices=[("", "—"), *ConclusionKind.choices])
    conclusion = forms.CharField(label="Nghị quyết, kết luận của kỳ họp", required=False,
                                 widget=forms.Textarea(attrs={"rows": 5}))

    ANSWERS = [(Presence.PRESENT, "Có mặt"), (Presence.EXCUSED, "Vắng có lý do"),
               (Presence.UNEXCUSED, "Vắng không lý do")]

    def __init__(self, *args, roster, recorded, **kwargs):
        """``roster``: [(member, exempt)]; ``recorded``: member id → (status, reason) already saved."""
        super().__init__(*args, **kwargs)
        self.roster = roster
        for member, exempt in roster:
            if exempt:
                continue
            status, reason = recorded.get(member.pk, (Presence.PRESENT, ""))
            if status == Presence.EXEMPT:
                status = Presence.PRESENT
            self.fields[f"attendance-{member.pk}"] = forms.ChoiceField(
                label=member.full_name, choices=self.ANSWERS, initial=status, widget=forms.RadioSelect,
                error_messages={"required": f"Chưa điểm danh {member.full_name}."})
            self.fields[f"reason-{member.pk}"] = forms.CharField(
                label=f"Lý do vắng của {member.full_name}", required=False, max_length=200, initial=reason)

    def clean(self):
        data = super().clean()
        for member, exempt in self.roster:
            if not exempt and data.get(f"attendance-{member.pk}") == Presence.EXCUSED \
                    and not (data.get(f"reason-{member.pk}") or "").strip():
                self.add_error(f"reason-{member.pk}", f"{member.full_name} vắng có lý do: cần ghi lý do.")
        return data

    def rows(self):
        """Per member of the roster: the member, exempt or not, and its two bound fields."""
        out = []
        for member, exempt in self.roster:
            if exempt:
                out.append({"member": member, "exempt": True})
            else:
                out.append({"member": member, "exempt": False, "status": self[f"attendance-{member.pk}"],
                            "reason": self[f"reason-{member.pk}"]})
        return out

    def entries(self) -> dict[int, tuple[str, str]]:
        d = self.cleaned_data
        return {m.pk: (d[f"attendance-{m.pk}"], d.get(f"reason-{m.pk}", "")) for m, exempt in self.roster
                if not exempt}

    def meeting_data(self) -> dict:
        d = self.cleaned_data
        return {k: d[k] for k in ("date", "starts_at", "ends_at", "conclusion_kind", "conclusion")}


class GuestsForm(forms.Form):
    members = forms.TypedMultipleChoiceField(label="Cấp ủy viên cấp trên dự sinh hoạt", coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, seats, **kwargs):
        """``seats``: committee seats above the cell on the meeting's day (one choice per member)."""
        super().__init__(*args, **kwargs)
        labels: dict[int, list[str]] = {}
        names: dict[int, str] = {}
        for seat in seats:
            names[seat.member_id] = seat.member.full_name
            labels.setdefault(seat.member_id, []).append(
                f"{seat.get_post_display()} {seat.committee.term.org.name}")
        self.fields["members"].choices = [(pk, f"{names[pk]} — {', '.join(labels[pk])}") for pk in names]


class ChecksForm(forms.Form):
    """The G2 checks no field of the record can show, ticked after the meeting."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, (group, label) in rules.MANUAL_CHECKS.items():
            self.fields[code] = forms.BooleanField(label=label, required=False)
            self.fields[code].group = group

    def grouped(self):
        groups: dict[str, list] = {}
        for code, field in self.fields.items():
            groups.setdefault(field.group, []).append(self[code])
        return sorted(groups.items())


class ScoreForm(forms.Form):
    """A scoring sheet (G3): one box per criterion, "7,5" or "7.5"; the rule checks each against its maximum."""

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        for c in sheet.criteria:
            must = " — phải đạt tối đa để xếp Tốt" if c.get("must_full") else ""
            self.fields[c["code"]] = forms.CharField(
                label=f"{c['name']} (tối đa {c['points']}{must})", max_length=8,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
                error_messages={"required": f"Chưa chấm tiêu chí “{c['name']}”."})

    def points(self) -> dict:
        return {code: value.strip() for code, value in self.cleaned_data.items()}


class LevelForm(forms.Form):
    level = forms.ChoiceField(label="Xếp loại ghi trong biên bản", choices=MeetingLevel.choices)


class FileForm(forms.Form):
    file = forms.FileField(label="Biên bản, tài liệu (PDF, Word, ODT, JPG, PNG; tối đa "
                                 f"{rules.MAX_FILE_BYTES // 1024 // 1024} MB)",
                           error_messages={"required": "Hãy chọn tệp biên bản.", "empty": "Tệp rỗng.",
                                           "invalid": "Không đọc được tệp."})


class CellSearchForm(forms.Form):
    q = forms.CharField(label="Tìm chi bộ theo tên (không cần dấu)", required=False, max_length=100)


def describe_plan(plan) -> str:
    if plan.approved_on:
        ref = f" ({plan.approved_ref})" if plan.approved_ref else ""
        return f"Kế hoạch chuyên đề năm {plan.year}: đã được cấp trên duyệt ngày {format_date(plan.approved_on)}{ref}."
    return f"Kế hoạch chuyên đề năm {plan.year}: chưa được cấp trên duyệt."
