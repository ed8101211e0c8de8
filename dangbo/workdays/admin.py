"""The system administrator keeps the year's announced days off and make-up days in the (audited) admin."""

from django.contrib import admin

from dangbo.workdays.models import DayOverride


@admin.register(DayOverride)
class DayOverrideAdmin(admin.ModelAdmin):
    list_display = ("day", "kind", "name", "document")
    list_filter = ("kind",)
    date_hierarchy = "day"
