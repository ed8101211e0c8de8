"""Long work run by the worker instead of the web request (issue 11): a province's set of forms, a large export, an
import. The job records who asked, for which org, its progress and its result, which only its owner downloads."""

from django.conf import settings
from django.db import models

from dangbo.jobs.choices import JobStatus


class Job(models.Model):
    kind = models.CharField("loại", max_length=40)  # a key of ``runners.RUNNERS``
    title = models.CharField("tác vụ", max_length=300)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    params = models.JSONField("tham số", default=dict)
    status = models.CharField("trạng thái", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField("đã xong", default=0)
    total = models.PositiveIntegerField("tổng số bước", default=0)
    step = models.CharField("đang làm", max_length=300, blank=True)
    message = models.TextField("thông báo", blank=True)
    result = models.BinaryField("kết quả", null=True, blank=True)
    result_name = models.CharField("tên tệp", max_length=255, blank=True)
    result_type = models.CharField(max_length=120, blank=True)
    task_id = models.CharField(max_length=64, blank=True)  # the backend's task result, to follow the worker
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["user", "-created_at"])]
        verbose_name = "tác vụ"

    def __str__(self) -> str:
        return self.title

    @property
    def next_url(self) -> str:
        """Where the owner goes once the job is done (``params["next"]``, set by the page that started it): a path
        of this site only."""
        url = str(self.params.get("next", ""))
        return url if url.startswith("/") and not url.startswith("//") else ""

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0
