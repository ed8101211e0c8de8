"""The checks printed on the forms (FORMS.md §2: "D = A + B − C", a breakdown sums to its total, an "of which"
row is at most its whole), read from the form's definition. Pure: a form and its figures in, the broken checks
out as Vietnamese sentences naming the rows."""

from collections.abc import Mapping

from dangbo.core.numbers import format_int
from dangbo.statforms.definitions import Form


def _terms(expression: str) -> list[tuple[int, str]]:
    """"A + B - C" → [(1, "A"), (1, "B"), (-1, "C")] (the minus sign may be typed "−")."""
    out, sign = [], 1
    for word in expression.replace("−", "-").split():
        if word in "+-":
            sign = -1 if word == "-" else 1
        else:
            out.append((sign, word))
            sign = 1
    return out


def broken(form: Form, values: Mapping[str, int]) -> list[str]:
    """The checks of ``form`` its figures fail: on a form of several columns, the row checks of every counted
    column, then each column that sums others ("Cột 2 = 3 + 4") on every row."""
    if not form.columns:
        return _rows_broken(form, values, lambda key: key, "")
    out = []
    counted = [c for c in form.columns if not c.ratio]
    for col in counted:
        out += _rows_broken(form, values, lambda key, c=col.key: f"{key}:{c}", f", cột “{col.label}”")
    labels = {c.key: c.label for c in counted}
    for row in form.rows:
        if row.average:
            continue
        for col in counted:
            if col.sum_of:
                value = values.get(f"{row.key}:{col.key}", 0)
                total = sum(values.get(f"{row.key}:{k}", 0) for k in col.sum_of)
                if value != total:
                    parts = " + ".join(f"“{labels.get(k, k)}”" for k in col.sum_of)
                    out.append(f"dòng {row.key} ({row.label}): cột “{col.label}” ({format_int(value)}) khác "
                               f"{parts} ({format_int(total)}).")
    return out


def _rows_broken(form: Form, values: Mapping[str, int], key_of, where: str) -> list[str]:
    labels = {row.key: row.label for row in form.rows}

    def value_of(key: str) -> int:
        return values.get(key_of(key), 0)

    def name(key: str) -> str:
        return f"dòng {key} ({labels.get(key, key)}{where}: {format_int(value_of(key))})"

    out = []
    for row in form.rows:
        if row.average:
            continue
        value = value_of(row.key)
        if row.sum_of:
            total = sum(value_of(k) for k in row.sum_of)
            if value != total:
                out.append(f"{name(row.key)} khác tổng các dòng {' + '.join(row.sum_of)} ({format_int(total)}).")
        if row.part_of and value > value_of(row.part_of):
            out.append(f"{name(row.key)} lớn hơn {name(row.part_of)}.")
        if row.equals:
            expected = sum(sign * value_of(k) for sign, k in _terms(row.equals))
            if value != expected:
                out.append(f"{name(row.key)} khác {row.equals.replace('-', '−')} ({format_int(expected)}).")
    return out


def across(figures: Mapping[str, Mapping[str, int]], forms: Mapping[str, Form]) -> list[str]:
    """The checks between the forms of a set (FORMS.md §2: Biểu 3 total = Biểu 1 D = Biểu 5 members; Biểu 2
    total = Biểu 1 B1): every row marked ``same_as`` "form:key" equals that figure of that form. ``figures``:
    form code → its figures (``Table.figures()``); a form not in the set is not checked."""
    out = []
    for code, form in forms.items():
        if code not in figures:
            continue
        for row in form.rows:
            if not row.same_as:
                continue
            other, _, key = row.same_as.partition(":")
            if other not in figures:
                continue
            mine = figures[code].get(_main_key(form, row.key), 0)
            theirs = figures[other].get(key, 0)
            if mine != theirs:
                out.append(f"{form.number} dòng {row.key} ({format_int(mine)}) khác {forms[other].number} "
                           f"{key.replace(':', ', cột ')} ({format_int(theirs)}).")
    return out


def _main_key(form: Form, key: str) -> str:
    return f"{key}:{form.main}" if form.columns else key
