"""Thống kê kết nạp: the admissions of ``?org=``'s subtree (404 outside the scope; default the top of the user's
scope) by category, for a year (its first half and the whole year, ``?nam=``) or a term (each of its years and
the whole term, ``?nhiem_ky=``), with the plan, the base of the rate (members at the start of the year) and the
002 sentence of each year. Read only: every figure from ``selectors.admission_counts`` (one grouped read)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dangbo.admissions import paragraphs, selectors
from dangbo.admissions.views.work import T, _base, _org, _year
from dangbo.core.dates import format_date
from dangbo.core.numbers import format_int
from dangbo.core.periods import Period
from dangbo.core.periods import year as year_period


def _term_periods(term) -> list[Period]:
    period = selectors.term_period(term)
    return [*(year_period(y) for y in period.years), period]


def sentences(org_name: str, counts: list[selectors.AdmissionCounts]) -> list[str]:
    """The 002 sentence of each column of a year or less (a term's plan is not "kế hoạch năm")."""
    return [paragraphs.admission_sentence(c.label, admitted=c.admitted, plan=c.plan, base=c.base, body=org_name,
                                          partial=c.partial)
            for c in counts if c.period.kind != "term"]


def table(counts: list[selectors.AdmissionCounts]) -> list[dict]:
    rows = [{"key": "admitted", "label": "Tổng số kết nạp", "cells": [format_int(c.admitted) for c in counts]}]
    rows += [{"key": code, "label": f"trong đó: {label}" if i == 0 else label,
              "cells": [format_int(c.by_category[code]) for c in counts]}
             for i, (code, (label, _q)) in enumerate(selectors.CATEGORIES.items())]
    rows.append({"key": "plan", "label": "Kế hoạch (chỉ tiêu được giao)",
                 "cells": [format_int(c.plan) if c.plan else "chưa giao" for c in counts]})
    rows.append({"key": "vs_plan", "label": "Tỷ lệ so với kế hoạch",
                 "cells": [paragraphs.rate(c.admitted, c.plan) or "—" for c in counts]})
    rows.append({"key": "base", "label": "Đảng viên đầu kỳ (cơ sở tính tỷ lệ)",
                 "cells": [f"{format_int(c.base)} (ngày {format_date(c.base_on)})" for c in counts]})
    rows.append({"key": "rate", "label": "Tỷ lệ kết nạp so với đảng viên đầu kỳ",
                 "cells": [paragraphs.rate(c.admitted, c.base) or "—" for c in counts]})
    return rows


@login_required
def stats(request):
    org = _org(request)
    if org is None:
        return render(request, T + "no_scope.html")
    user = request.user
    year = _year(request)
    terms = selectors.terms_for(user=user, org=org)
    chosen = next((t for t in terms if str(t.pk) == request.GET.get("nhiem_ky", "")), None)
    periods = _term_periods(chosen) if chosen else selectors.year_periods(year)
    counts = selectors.admission_counts(user=user, org=org, periods=periods)
    return render(request, T + "stats.html", {
        **_base(request, org), "year": year, "years": (year - 1, year + 1), "terms": terms, "term": chosen,
        "counts": counts, "rows": table(counts), "sentences": sentences(org.name, counts)})
