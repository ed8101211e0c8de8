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
    labels = {row.key: row.label for row in form.rows}

    def name(key: str) -> str:
        return f"dòng {key} ({labels.get(key, key)}: {format_int(values.get(key, 0))})"

    out = []
    for row in form.rows:
        value = values.get(row.key, 0)
        if row.sum_of:
            total = sum(values.get(k, 0) for k in row.sum_of)
            if value != total:
                out.append(f"{name(row.key)} khác tổng các dòng {' + '.join(row.sum_of)} ({format_int(total)}).")
        if row.part_of and value > values.get(row.part_of, 0):
            out.append(f"{name(row.key)} lớn hơn {name(row.part_of)}.")
        if row.equals:
            expected = sum(sign * values.get(k, 0) for sign, k in _terms(row.equals))
            if value != expected:
                out.append(f"{name(row.key)} khác {row.equals.replace('-', '−')} ({format_int(expected)}).")
    return out
