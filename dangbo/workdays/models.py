"""The state calendar's decisions that the ``holidays`` library cannot know (RULES.md M5): each year's announced
days off and make-up working days, and a Tết plan that differs from the library's rule. One row overrides the
library for its day."""

from django.db import models


class DayKind(models.TextChoices):
    OFF = "off", "Ngày nghỉ"
    WORK = "work", "Ngày làm việc (làm bù)"


class DayOverride(models.Model):
    day = models.DateField("ngày", unique=True)
    kind = models.CharField("là", max_length=4, choices=DayKind.choices)
    name = models.CharField("tên, lý do", max_length=200)
    document = models.CharField("văn bản", max_length=200, help_text="số, ngày văn bản công bố (vd. 2450/VPCP-KGVX)")

    class Meta:
        ordering = ["day"]
        verbose_name = "ngày nghỉ, ngày làm bù theo văn bản"
        verbose_name_plural = "ngày nghỉ, ngày làm bù theo văn bản"

    def __str__(self):
        return f"{self.day:%d/%m/%Y}: {self.get_kind_display().lower()} — {self.name}"
