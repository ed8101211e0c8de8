"""Resolutions and the documents that implement them, their targets bound to indicators, and their tasks."""

from django.conf import settings
from django.db import models

from dangbo.targets.choices import Comparator, DocumentKind, Frequency, TaskStatus


class Document(models.Model):
    """A party document: nghị quyết, chương trình hành động, kế hoạch, … with its số và ký hiệu."""

    kind = models.CharField("loại văn bản", max_length=4, choices=DocumentKind.choices)
    reference = models.CharField("số và ký hiệu", max_length=40, unique=True)
    number = models.CharField(max_length=8, editable=False)
    issuer_code = models.CharField(max_length=20, editable=False)
    issuing_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="documents", verbose_name="cơ quan ban hành (trong hệ thống)")
    issuing_body = models.CharField("cơ quan ban hành", max_length=200)
    issued_on = models.DateField("ngày ban hành")
    title = models.TextField("trích yếu")
    period_start = models.PositiveSmallIntegerField("từ năm")
    period_end = models.PositiveSmallIntegerField("đến năm")
    implements = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="implementations", verbose_name="thực hiện văn bản")
    scope_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="scoped_documents",
                                  verbose_name="phạm vi (tổ chức thực hiện)")
    signer_name = models.CharField("người ký", max_length=120, blank=True)
    signer_title = models.CharField("chức danh ký", max_length=80, blank=True, default="BÍ THƯ")
    place = models.CharField("địa danh", max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "reference"]
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"

    def __str__(self):
        return f"{self.get_kind_display()} số {self.reference}"


class Target(models.Model):
    """A chỉ tiêu: an indicator, a comparator and thresholds, over a scope and a period."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="targets")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    text = models.TextField("chỉ tiêu như văn bản ghi")
    indicator = models.CharField("chỉ số", max_length=60)
    comparator = models.CharField("so sánh", max_length=8, choices=Comparator.choices)
    low = models.DecimalField("ngưỡng", max_digits=10, decimal_places=2)
    high = models.DecimalField("ngưỡng trên", max_digits=10, decimal_places=2, null=True, blank=True)
    frequency = models.CharField("tần suất", max_length=8, choices=Frequency.choices, default=Frequency.YEARLY)
    deadline_year = models.PositiveSmallIntegerField("hạn (năm)", null=True, blank=True)
    scope_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="targets",
                                  verbose_name="phạm vi")
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        ordering = ["document_id", "order", "id"]
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"

    def __str__(self):
        return self.text[:80]


class ManualValue(models.Model):
    """A value entered by hand for an indicator the data cannot compute (e.g. recognised new models)."""

    indicator = models.CharField("chỉ số", max_length=60)
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    numerator = models.PositiveIntegerField("tử số")
    denominator = models.PositiveIntegerField("mẫu số", null=True, blank=True)
    note = models.CharField("nguồn, ghi chú", max_length=255, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "org_id", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "org", "year"], name="manual_value_unique")]

    def __str__(self):
        return f"{self.indicator} {self.year}: {self.numerator}/{self.denominator or ''}"


class Task(models.Model):
    """A task from "Tổ chức thực hiện": who, what, by when (a month, quarter or year), status, evidence."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="tasks")
    order = models.PositiveSmallIntegerField(default=0)
    responsible = models.CharField("cơ quan chủ trì", max_length=200)
    responsible_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="tasks")
    deliverable = models.TextField("nội dung, sản phẩm")
    deadline_text = models.CharField("thời hạn", max_length=60)
    deadline_start = models.DateField(editable=False)
    deadline_end = models.DateField(editable=False)
    status = models.CharField("trạng thái", max_length=12, choices=TaskStatus.choices,
                              default=TaskStatus.NOT_STARTED)
    done_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    evidence = models.TextField("kết quả, minh chứng", blank=True)

    class Meta:
        ordering = ["document_id", "deadline_end", "order", "id"]
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"

    def __str__(self):
        return self.deliverable[:80]
