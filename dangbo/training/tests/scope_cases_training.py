"""Out-of-scope cases of the training pages: a class of cell1 with the victim enrolled."""

import datetime as dt

from dangbo.training import services


def setup(tree, objs):
    klass = services.class_create(actor=tree.actor, org=tree.cell1, data={
        "kind": "nhan_thuc", "name": "Lớp nhận thức Bí Mật", "institution": "Trung tâm chính trị",
        "starts_on": dt.date(2024, 5, 6), "ends_on": dt.date(2024, 5, 10)})
    objs["training_class"] = klass
    objs["enrolment"] = services.enrol(actor=tree.actor, training_class=klass, member=objs["member"])


ROUTES = {
    "training:classes": lambda objs: {"pk": objs["org"].pk},
    "training:class_create": lambda objs: {"pk": objs["org"].pk},
    "training:needs": lambda objs: {"pk": objs["org"].pk},
    "training:needs_xlsx": lambda objs: {"pk": objs["org"].pk},
    "training:detail": lambda objs: {"pk": objs["training_class"].pk},
    "training:class_update": lambda objs: {"pk": objs["training_class"].pk},
    "training:learner_picker": lambda objs: {"pk": objs["training_class"].pk},
    "training:result": lambda objs: {"pk": objs["training_class"].pk, "enrolment_pk": objs["enrolment"].pk},
}
LIST_ROUTES = {"training:index"}
