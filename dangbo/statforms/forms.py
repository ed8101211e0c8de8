"""The choice of a statistics form's period and form (GET): 6 tháng đầu năm Y (1/1–30/6), năm Y (1/1–31/12) or a
chosen range from–to (dd/mm/yyyy); the org is chosen with the org picker. Only parsing and the period's checks."""

from django import forms

from dangbo.core import periods
from dangbo.core.dates import today
from dangbo.core.exceptions import DomainError
from dangbo.orgs.forms import date_field
from dangbo.statforms import tables
from dangbo.statforms.definitions import guidances

KINDS = [("half", "6 tháng đầu năm"), ("year", "Năm"), ("range", "Khoảng thời gian (từ ngày – đến ngày)")]


def form_choices() -> list[tuple[str, str]]:
    """Every form of every guidance, by code (the latest guidance's title for a code)."""
    out: dict[str, str] = {}
    for guidance in guidances():
        for code, form in guidance.forms.items():
            out[code] = f"{form.number}: {form.title.capitalize()}"
    return sorted(out.items())


class PeriodForm(forms.Form):
    bieu = forms.ChoiceField(label="Biểu mẫu", choices=form_choices)
    ky = forms.ChoiceField(label="Kỳ báo cáo", choices=KINDS, initial="half")
    nam = forms.IntegerField(label="Năm", min_value=1990, max_value=2100, required=False,
                             error_messages={"invalid": "Năm phải là một số, ví dụ 2025.",
                                             "min_value": "Năm phải từ 1990 đến 2100.",
                                             "max_value": "Năm phải từ 1990 đến 2100."})
    tu = date_field("Từ ngày", required=False)
    den = date_field("Đến ngày", required=False)

    def __init__(self, data=None, **kwargs):
        if data is not None and not any(k in data for k in ("bieu", "ky", "nam", "tu", "den")):
            data = None  # the first visit: the defaults, no errors
        super().__init__(data, **kwargs)
        year = today().year
        self.fields["nam"].initial = year
        self.default = {"bieu": form_choices()[0][0], "period": periods.half(year, 1)}

    def clean(self):
        data = super().clean()
        kind = data.get("ky")
        if kind in ("half", "year"):
            year = data.get("nam")
            if year is None:
                if "nam" not in self.errors:
                    self.add_error("nam", "Phải nhập năm của kỳ báo cáo.")
                return data
            data["period"] = periods.half(year, 1) if kind == "half" else periods.year(year)
        elif kind == "range":
            start, end = data.get("tu"), data.get("den")
            for name, value in (("tu", start), ("den", end)):
                if value is None and name not in self.errors:
                    self.add_error(name, "Phải nhập ngày (dd/mm/yyyy) khi chọn khoảng thời gian.")
            if start and end:
                try:
                    data["period"] = tables.checked(start, end, end_field="den")
                except DomainError as exc:
                    self.add_error(exc.field, exc.message)
        return data

    def chosen(self) -> tuple[str, periods.Period] | None:
        """(form code, period) when the choice is valid; the defaults on a first visit; None on bad input."""
        if not self.is_bound:
            return self.default["bieu"], self.default["period"]
        if self.is_valid() and "period" in self.cleaned_data:
            return self.cleaned_data["bieu"], self.cleaned_data["period"]
        return None
