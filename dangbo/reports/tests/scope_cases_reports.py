"""Out-of-scope cases of the report download (collected by accounts/tests/test_scope_routes.py): a district
programme none of the outsiders can read — the cell2 secretary sits inside the district but does not cover it."""

import datetime as dt

from dangbo.targets import services
from dangbo.targets.models import Document

REFERENCE = "90-KH/HU"


def setup(tree, objs):
    doc = Document.objects.filter(reference=REFERENCE).first() or services.document_create(
        actor=tree.actor, reference=REFERENCE, issuing_body="Huyện ủy Lạc Dương", issued_on=dt.date(2021, 1, 5),
        title="Kế hoạch thực hiện chương trình hành động về xây dựng tổ chức cơ sở đảng", period_start=2021,
        period_end=2025, scope_org=tree.district, issuing_org=tree.district, signer_name="Phan Văn Bí Mật")
    services.target_add(actor=tree.actor, document=doc, text="Duy trì 100% thôn có chi bộ",
                        indicator="villages_with_cell_rate", comparator="gte", low=100)
    objs["report_document"] = doc


ROUTES = {"reports:document_report": lambda objs: {"pk": objs["report_document"].pk}}
