"""What the form's page shows about finalising the form on it (``statforms/_finalise.html``): the snapshot in
force for the form and period shown, and whether the user may finalise it (the org's committee)."""

from django import template

from dangbo.statforms import services, snapshots

register = template.Library()


@register.simple_tag(takes_context=True)
def finalise_state(context) -> dict:
    table, org = context.get("table"), context.get("org")
    request = context.get("request")
    if table is None or org is None or request is None:
        return {}
    user = request.user
    current = snapshots.snapshot_current(user=user, org=org, code=table.form.code, period=table.period)
    return {"may": services.may_finalise(user, org), "current": current,
            "when": snapshots.finalised_when(current) if current else "",
            "who": snapshots.finaliser_name(current) if current else ""}
