"""Numbers the Vietnamese way: 4.241 and 96,5%. Percentages round half-up (RULES.md N1)."""

from decimal import ROUND_HALF_UP, Decimal


def format_int(value: int | None) -> str:
    if value is None:
        return ""
    return f"{int(value):,}".replace(",", ".")


def percent(numerator: int, denominator: int, places: int = 1) -> Decimal | None:
    """numerator/denominator × 100, rounded half-up; None when the denominator is 0."""
    if not denominator:
        return None
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(quantum, rounding=ROUND_HALF_UP)


def format_percent(numerator: int, denominator: int, places: int = 1) -> str:
    value = percent(numerator, denominator, places)
    if value is None:
        return "—"
    whole, _, frac = f"{value:f}".partition(".")
    text = format_int(int(whole)) + ("," + frac if frac else "")
    return text + "%"


def format_ratio(numerator: int, denominator: int, places: int = 1) -> str:
    """The report form "3.889/4.116 (tỷ lệ 94,5%)"."""
    return f"{format_int(numerator)}/{format_int(denominator)} (tỷ lệ {format_percent(numerator, denominator, places)})"
