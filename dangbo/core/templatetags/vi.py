"""Formatting filters only — numbers, percentages and dates the Vietnamese way. No logic here."""

from django import template

from dangbo.core.dates import format_date
from dangbo.core.numbers import format_int, format_percent

register = template.Library()


@register.filter
def vn_int(value):
    return format_int(value) if value not in (None, "") else ""


@register.filter
def vn_date(value):
    return format_date(value)


@register.simple_tag
def vn_pct(numerator, denominator):
    return format_percent(numerator or 0, denominator or 0)


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)
