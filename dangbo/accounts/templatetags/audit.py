"""Formatting only: audit entries as people read them (``accounts.audit_display``), for the pages that list an
object's history from ``accounts.selectors.audit_list``."""

from django import template

from dangbo.accounts import audit_display

register = template.Library()


@register.filter
def readable(entries):
    return audit_display.rows(entries)
