"""The jobs over JSON: one's own list, progress and file; another user's job is 404 (``OUTSIDER_CASES``, collected
by the meta-test in orgs/tests/test_api.py)."""

import pytest

from dangbo.accounts.tests.test_api_auth import Api, assert_error
from dangbo.admissions.tests.test_api import ok
from dangbo.core.testing import Role, user_with
from dangbo.jobs.choices import JobStatus
from dangbo.jobs.models import Job
from dangbo.statforms.files import SET_JOB, XLSX

pytestmark = pytest.mark.django_db


def test_ones_own_jobs_their_progress_and_file(tree):
    user = user_with(Role.ORG_COMMISSION, org=tree.district)
    done = Job.objects.create(kind=SET_JOB, title="Cả bộ", user=user, org=tree.district, status=JobStatus.DONE,
                              result=b"PK..", result_name="bo.xlsx", result_type=XLSX, done=8, total=8)
    running = Job.objects.create(kind=SET_JOB, title="Đang chạy", user=user, status=JobStatus.RUNNING, done=3,
                                 total=8)
    api = Api(user)
    listed = ok(api.get("/api/jobs"))
    assert [j["id"] for j in listed["items"]] == [running.pk, done.pk]
    assert ok(api.get(f"/api/jobs/{running.pk}"))["percent"] == 37
    response = api.get(f"/api/jobs/{done.pk}/file")
    assert response.status_code == 200 and response.content == b"PK.." and response["Content-Type"] == XLSX
    assert_error(api.get(f"/api/jobs/{running.pk}/file"), 400, field="job_id")


def _another_users_job(ctx):
    job = Job.objects.create(kind=SET_JOB, title="Của người khác", user=ctx.tree.actor, status=JobStatus.DONE,
                             result=b"x", result_name="x.xlsx")
    outsider = Api(user_with(Role.ORG_COMMISSION, org=ctx.tree.district))
    for path in (f"/api/jobs/{job.pk}", f"/api/jobs/{job.pk}/file"):
        assert_error(outsider.get(path), 404)
    assert ok(outsider.get("/api/jobs"))["count"] == 0


class Ctx:
    def __init__(self, tree):
        self.tree = tree


OUTSIDER_CASES = {
    ("GET", "/api/jobs"): _another_users_job,
    ("GET", "/api/jobs/{job_id}"): _another_users_job,
    ("GET", "/api/jobs/{job_id}/file"): _another_users_job,
}


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_gets_404(tree, key):
    OUTSIDER_CASES[key](Ctx(tree))
