"""Out-of-scope cases of the jobs' pages (collected by accounts/tests/test_scope_routes.py): a job is its owner's
alone — another user, whatever their scope, gets 404 on its page, its progress, its file and running it again."""

from dangbo.jobs import services
from dangbo.statforms.files import SET_JOB


def setup(tree, objs):
    objs["job"] = services.job_start(actor=tree.actor, kind=SET_JOB, title=f"Cả bộ biểu — {objs['org'].name}",
                                     org=objs["org"], params={})


def _job(objs):
    return {"pk": objs["job"].pk}


ROUTES = dict.fromkeys(("jobs:detail", "jobs:progress", "jobs:download", "jobs:rerun"), _job)
LIST_ROUTES = {"jobs:list"}
