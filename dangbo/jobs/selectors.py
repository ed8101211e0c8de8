"""Reads of jobs: a user sees their own jobs only (a job's result is a file made with its owner's scope)."""

from django.db.models import QuerySet

from dangbo.core.exceptions import OutOfScope
from dangbo.jobs.models import Job


def jobs_of(*, user) -> QuerySet[Job]:
    return Job.objects.filter(user=user).defer("result").select_related("org")


def job_get(*, user, pk, with_result: bool = False) -> Job:
    qs = Job.objects.filter(user=user) if with_result else jobs_of(user=user)
    try:
        return qs.get(pk=pk)
    except (Job.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise OutOfScope() from exc
