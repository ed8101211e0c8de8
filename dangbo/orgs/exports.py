"""XLSX export of an org list the user can see: the list of the export's query (the tree page's, or a job's copy of
it) read with the user's scope, bytes out. A list longer than ``jobs.exports.EXPORT_BACKGROUND_ROWS`` is made by
the worker (``export_job``) instead of the web request."""

from dangbo.core.dates import format_date
from dangbo.core.numbers import format_int
from dangbo.core.xlsx import CONTENT_TYPE as XLSX
from dangbo.core.xlsx import list_sheet, workbook_bytes
from dangbo.jobs.runners import Output, runner
from dangbo.orgs import selectors

FILENAME = "danh-sach-to-chuc.xlsx"
EXPORT_JOB = "orgs_export"
PROGRESS_EVERY = 2000

COLUMNS = ["STT", "Tên tổ chức", "Mã", "Loại tổ chức", "Loại hình", "Cấp", "Ngày thành lập", "Ngày kết thúc",
           "Trạng thái", "Cấp trên trực tiếp"]


def export_list(*, user, params):
    """Every org ``user`` can see (within one org of hers, matching a search; ended ones when asked): that ``within``
    org (or None) and the orgs' queryset. OutOfScope for a ``within`` she cannot see."""
    within = selectors.org_get(user=user, pk=params["within"]) if params.get("within") else None
    return within, selectors.org_list(user=user, q=params.get("q", ""), within=within,
                                      include_ended="ended" in params)


def orgs_xlsx(orgs, parent_names: dict[str, str], progress=None) -> bytes:
    """``progress(done, total, step)`` (a job's) is told every ``PROGRESS_EVERY`` rows."""
    wb, ws = list_sheet("Danh sách tổ chức", COLUMNS, {2: 48, 10: 40})
    for i, org in enumerate(orgs, start=1):
        ws.append([i, org.name, org.code or "", org.type.name, org.kind.name if org.kind_id else "",
                   org.type.level.name, format_date(org.founded_on), format_date(org.ended_on),
                   org.get_status_display(), parent_names.get(org.path[: -org.steplen], "")])
        if progress is not None and i % PROGRESS_EVERY == 0:
            progress(i, len(orgs), f"Đã ghi {format_int(i)} tổ chức")
    if progress is not None:
        progress(len(orgs), len(orgs), "Lưu tệp")
    return workbook_bytes(wb)


def export_file(*, user, orgs: list, progress=None) -> bytes:
    return orgs_xlsx(orgs, selectors.parent_names(user=user, orgs=orgs), progress)


@runner(EXPORT_JOB)
def export_job(job, progress) -> Output:
    """The list the job's owner asked for (``job.params``: the export's query), read with her scope now."""
    orgs = list(export_list(user=job.user, params=job.params)[1])
    return Output(export_file(user=job.user, orgs=orgs, progress=progress), FILENAME, XLSX)
