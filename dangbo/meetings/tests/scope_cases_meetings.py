"""Out-of-scope cases of the cell meeting pages (collected by accounts/tests/test_scope_routes.py).

The victim's cell (cell1) gets a regular meeting with its attendance and a minutes file, so every object route has
something of cell1 an outsider could wrongly read or change.
"""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from dangbo.meetings import services

DAY = dt.date(2024, 3, 5)


def setup(tree, objs):
    saved = services.meeting_save(actor=tree.actor, org=tree.cell1, kind="regular", date=DAY,
                                  starts_at=dt.time(8), ends_at=dt.time(10), conclusion="Phan Văn Bí Mật báo cáo")
    meeting = saved.meeting
    called = services.roster(meeting)
    services.attendance_record(actor=tree.actor, meeting=meeting,
                               entries={m.pk: ("P", "") for m, exempt in called if not exempt})
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 bien ban", content_type="application/pdf")
    objs.update({"meeting": meeting, "meeting_file": services.file_attach(actor=tree.actor, meeting=meeting,
                                                                          upload=upload)})


def _m(objs):
    return {"pk": objs["meeting"].pk}


def _f(objs):
    return {"pk": objs["meeting"].pk, "file_pk": objs["meeting_file"].pk}


ROUTES = {
    "meetings:cell": lambda objs: {"pk": objs["org"].pk},
    "meetings:create": lambda objs: {"pk": objs["org"].pk},
    "meetings:month": lambda objs: {"pk": objs["org"].pk},
    "meetings:detail": _m,
    "meetings:edit": _m,
    "meetings:attendance": _m,
    "meetings:delete": _m,
    "meetings:guests": _m,
    "meetings:checks": _m,
    "meetings:level": _m,
    "meetings:file_add": _m,
    "meetings:score": lambda objs: {"pk": objs["meeting"].pk, "scorer": "cell"},
    "meetings:file": _f,
    "meetings:file_remove": _f,
}
LIST_ROUTES = {"meetings:cells", "meetings:mine"}
