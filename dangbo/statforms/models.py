"""A finalised form (issue 10, Deliver 5): the figures a committee sends its superior for a period, frozen with
the words of every cell (so a later change of the form's definition cannot garble an old snapshot), who finalised
it and when. Never edited: finalising again writes a new snapshot that ``supersedes`` the previous one, both kept."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class FormSnapshot(models.Model):
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="form_snapshots",
                            verbose_name="tổ chức báo cáo", db_index=False)  # (org, form, start, end) below
    form = models.CharField("mã biểu", max_length=16)
    guidance = models.CharField("hướng dẫn", max_length=40)
    period_kind = models.CharField("loại kỳ", max_length=10)
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày")
    period_label = models.CharField("kỳ báo cáo", max_length=120)
    figures = models.JSONField("số liệu (kỳ này)", default=dict)  # cell key -> int (Table.figures())
    labels = models.JSONField("tên các ô", default=dict)  # cell key -> words (Table.label_of(key))
    number = models.CharField("số hiệu biểu", max_length=60, blank=True)
    title = models.CharField("tên biểu", max_length=255, blank=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                     related_name="+", verbose_name="người chốt")
    finalised_at = models.DateTimeField("thời điểm chốt", default=timezone.now)
    supersedes = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="superseded_by", verbose_name="thay cho lần chốt")

    class Meta:
        ordering = ["org_id", "form", "start", "end", "id"]
        verbose_name = "số liệu đã chốt"
        verbose_name_plural = "số liệu đã chốt"
        indexes = [models.Index(fields=["org", "form", "start", "end"])]
        constraints = [
            # one first snapshot per org, form and period; every later one supersedes exactly one (one-to-one)
            models.UniqueConstraint(fields=["org", "form", "start", "end"], condition=Q(supersedes__isnull=True),
                                    name="snapshot_one_first"),
        ]

    def __str__(self):
        return f"Biểu {self.form} — {self.period_label} (chốt {timezone.localtime(self.finalised_at):%d/%m/%Y})"
