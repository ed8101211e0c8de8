"""Every write of inspection work (one module per part: ``plans``, ``cases``, ``letters``, ``discipline``): each
in a transaction, scope-checked, audited; bad input refused with a Vietnamese message naming the field, nothing
saved."""

from dangbo.inspection.services.cases import (
    access_grant,
    case_conclude,
    case_open,
    case_step_add,
    follow_up_add,
    follow_up_close,
)
from dangbo.inspection.services.discipline import proposal_create, proposal_decide, proposal_vote
from dangbo.inspection.services.letters import (
    complaint_decide,
    complaint_receive,
    denunciation_assign,
    denunciation_receive,
    denunciation_resolve,
    denunciation_screen,
    denunciation_withdraw,
)
from dangbo.inspection.services.plans import plan_item_save, programme_save

__all__ = ["access_grant", "case_conclude", "case_open", "case_step_add", "complaint_decide", "complaint_receive",
           "denunciation_assign", "denunciation_receive", "denunciation_resolve", "denunciation_screen",
           "denunciation_withdraw", "follow_up_add", "follow_up_close", "plan_item_save", "programme_save",
           "proposal_create", "proposal_decide", "proposal_vote"]
