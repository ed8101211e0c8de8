"""Out-of-scope cases of the documents, targets, tasks, dashboard and drill-down routes (collected by
accounts/tests/test_scope_routes.py). The victim document is the district's plan, with a target, and an overdue
task of the victim's cell; none of the outsiders covers the district."""

import datetime as dt

from dangbo.targets import services


def setup(tree, objs):
    document = services.document_create(
        actor=tree.actor, reference="15-KH/HU", issuing_body="Huyện ủy Lạc Dương", issued_on=dt.date(2020, 1, 10),
        title="Kế hoạch củng cố Chi bộ thôn Đạ Nghịt", period_start=2020, period_end=2025, scope_org=tree.district)
    objs["targets_document"] = document
    objs["targets_target"] = services.target_add(
        actor=tree.actor, document=document, text="25% TCCS có mô hình mới", indicator="orgs_new_model_rate",
        comparator="gte", low=25)
    objs["targets_task"] = services.task_add(
        actor=tree.actor, document=document, responsible="Chi bộ thôn Đạ Nghịt", responsible_org=tree.cell1,
        deliverable="Chi bộ thôn Đạ Nghịt xây dựng quy chế làm việc", deadline_text="quý I/2020")


def _document(objs):
    return {"pk": objs["targets_document"].pk}


ROUTES = {
    "targets:document": _document,
    "targets:dashboard": _document,
    "targets:target_add": _document,
    "targets:task_add": _document,
    "targets:manual_values": lambda objs: {"pk": objs["targets_document"].pk, "target_pk": objs["targets_target"].pk},
    "targets:task_update": lambda objs: {"pk": objs["targets_document"].pk, "task_pk": objs["targets_task"].pk},
    "targets:drilldown": lambda objs: {"code": "villages_with_cell_rate", "org": objs["org"].pk},
}
LIST_ROUTES = {"targets:documents", "targets:document_create", "targets:overdue"}
