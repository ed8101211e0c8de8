"""Out-of-scope cases of the letters pages: the district's inspection commission has a case on the victim (of
cell1), a denunciation of the victim, a complaint against the victim's discipline and a discipline proposal."""

import datetime as dt

from dangbo.core.testing import Role, user_with
from dangbo.inspection import services
from dangbo.members import services as member_services

D = dt.date


def setup(tree, objs):
    inspector = user_with(Role.INSPECTION, org=tree.district)
    victim = objs["member"]
    case = services.case_open(actor=inspector, org=tree.district, data={
        "body": "commission", "kind": "denunciation", "origin": "ad_hoc", "topic": "Giải quyết tố cáo Bí Mật",
        "decision_number": "9-QĐ/UBKT", "decided_on": D(2024, 3, 1)}, members=[victim])
    letter = services.denunciation_receive(actor=inspector, org=tree.district, data={
        "received_on": D(2024, 2, 1), "denouncer_name": "Lê Thị Tố Giác", "denouncer_address": "Thôn 2",
        "subject_member": victim, "content": "Sử dụng đất công sai mục đích"})
    decision = member_services.discipline_record(actor=tree.actor, member=victim, form="reprimand",
                                                 date=D(2025, 1, 20), decided_by="Chi bộ", reason="Vi phạm")
    complaint = services.complaint_receive(actor=inspector, org=tree.district, decision=decision,
                                           received_on=D(2025, 2, 10), decision_received_on=D(2025, 1, 31))
    proposal = services.proposal_create(actor=inspector, case=case, member=victim, form="warning", reason="Vi phạm",
                                        violation_from=D(2023, 5, 1), deciding_org=tree.commune, body="standing",
                                        proposed_on=D(2024, 4, 20))
    objs.update({"inspection_case": case, "denunciation": letter, "complaint": complaint, "proposal": proposal})


ROUTES = {
    "inspection:denunciation_detail": lambda objs: {"pk": objs["denunciation"].pk},
    "inspection:denunciation_new": lambda objs: {"pk": objs["org"].pk},
    "inspection:denunciation_member_picker": lambda objs: {"pk": objs["org"].pk},
    "inspection:denunciation_org_picker": lambda objs: {"pk": objs["org"].pk},
    "inspection:complaint_detail": lambda objs: {"pk": objs["complaint"].pk},
    "inspection:complaint_new": lambda objs: {"pk": objs["org"].pk},
    "inspection:complaint_decision_picker": lambda objs: {"pk": objs["org"].pk},
    "inspection:proposal_new": lambda objs: {"pk": objs["inspection_case"].pk},
    "inspection:proposal_detail": lambda objs: {"pk": objs["proposal"].pk},
    "inspection:access_case": lambda objs: {"pk": objs["inspection_case"].pk},
}
LIST_ROUTES = {"inspection:denunciation_list", "inspection:complaint_list"}
