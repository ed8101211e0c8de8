"""The report download the dashboard links to. Thin: scope and figures come from ``datasets.build`` (which reads
``targets.selectors.dashboard``); the renderers turn the dataset into a file."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotAllowed

from dangbo.core.dates import parse_date
from dangbo.core.docx_format import CONTENT_TYPE as DOCX_TYPE
from dangbo.core.exceptions import DomainError
from dangbo.core.routers import replica_reads
from dangbo.core.text import fold
from dangbo.core.views import get_or_404
from dangbo.core.xlsx import CONTENT_TYPE as XLSX_CONTENT_TYPE
from dangbo.orgs import selectors as org_selectors
from dangbo.reports import datasets, docx_render, pdf_render, xlsx_render
from dangbo.targets import selectors as target_selectors

FORMATS = {
    "docx": (docx_render.render, DOCX_TYPE),
    "xlsx": (xlsx_render.render, XLSX_CONTENT_TYPE),
    "pdf": (pdf_render.render, "application/pdf"),
}


def _bad(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def filename(report: datasets.Report, fmt: str) -> str:
    """ASCII only, so every browser keeps it: "bao-cao-so-ket-03-ctr-hu-20-07-2023.docx"."""
    ref = fold(report.document.reference).replace("/", "-")
    return f"{fold(report.kind_label).replace(' ', '-')}-{ref}-{report.as_of:%d-%m-%Y}.{fmt}"


@login_required
@replica_reads
def document_report(request, pk):
    """?kind=so_ket|tong_ket, format=docx|xlsx|pdf, org=<id> (default: the document's scope),
    as_of=dd/mm/yyyy (default: today), so=<số báo cáo> (default: left for the office to fill)."""
    g = request.GET
    document = get_or_404(target_selectors.document_get, user=request.user, pk=pk)
    org = get_or_404(org_selectors.org_get, user=request.user, pk=g["org"]) if g.get("org") else None
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])  # after the scope checks: an outsider learns nothing
    fmt = g.get("format") or "docx"
    if fmt not in FORMATS:
        return _bad("Định dạng phải là docx, xlsx hoặc pdf.")
    try:
        as_of = parse_date(g.get("as_of"))
    except ValueError as exc:
        return _bad(f"Ngày báo cáo: {exc}.")
    try:
        report = get_or_404(datasets.build, user=request.user, document=document, org=org, as_of=as_of,
                            kind=g.get("kind"), number=g.get("so"))
    except DomainError as exc:
        return _bad(exc.message)
    render, content_type = FORMATS[fmt]
    response = HttpResponse(render(report), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(report, fmt)}"'
    return response
