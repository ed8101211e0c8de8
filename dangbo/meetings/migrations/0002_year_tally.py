"""The closed years' tally and the triggers that void it: any insert, delete or change of a row it was counted
from deletes the rows of the orgs concerned (from that row's year on), in the same transaction, whatever wrote it
— a service, an import, ``bulk_create`` or a raw load. ``services.year_tally_fill`` writes the rows back.
"""

from django.db import migrations, models
import django.db.models.deletion

TALLY = "meetings_yeartally"


def year(vendor: str, column: str) -> str:
    return (f"CAST(strftime('%Y', {column}) AS INTEGER)" if vendor == "sqlite"
            else f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)")


def of_org(org: str, since: str) -> str:
    return f"DELETE FROM {TALLY} WHERE org_id = {org} AND year >= {since};"


def of_member(member: str, since: str) -> str:
    """Every org the member was ever registered in: the member counts (or not) in each of them."""
    return (f"DELETE FROM {TALLY} WHERE year >= {since} AND org_id IN "
            f"(SELECT org_id FROM members_registration WHERE member_id = {member});")


def of_all(since: str) -> str:
    return f"DELETE FROM {TALLY} WHERE year >= {since};"


# table -> (the columns an update must touch to matter, or None for any; the statement for a row R)
def rules(v: str) -> dict:
    return {
        "meetings_meeting": (None, lambda r: of_org(f"{r}.org_id", year(v, f"{r}.month"))),
        # a rule reaches every cell under its org in the tree of any day: rare enough to void the years it touches
        "meetings_schedulerule": (None, lambda r: of_all(year(v, f"{r}.valid_from"))),
        "meetings_membertask": (None, lambda r: of_member(f"{r}.member_id", year(v, f"{r}.assigned_on"))),
        "meetings_yearlypaper": (None, lambda r: of_member(f"{r}.member_id", f"{r}.year")),
        "meetings_residenceliaison": (None, lambda r: of_member(f"{r}.member_id", f"{r}.year")),
        "orgs_term": (None, lambda r: of_org(f"{r}.org_id", year(v, f"{r}.starts_on"))),
        "orgs_committee": (None, lambda r: of_org(f"(SELECT org_id FROM orgs_term WHERE id = {r}.term_id)", "0")),
        # placements carry the path: a move writes new ones for the org and everything under it
        "orgs_orgplacement": (None, lambda r: of_org(f"{r}.org_id", year(v, f"{r}.valid_from"))),
        "orgs_org": (("founded_on", "ended_on", "type_id", "kind_id"), lambda r: of_org(f"{r}.id", "0")),
        "orgs_orgtype": (("is_cell",), lambda r: of_all("0")),
        "orgs_orgkind": (("is_residential",), lambda r: of_all("0")),
        "members_registration": (None, lambda r: of_org(f"{r}.org_id", year(v, f"{r}.valid_from"))),
        "members_lifecycleevent": (None, lambda r: of_member(f"{r}.member_id", year(v, f"{r}.date"))),
        "members_member": (("category",), lambda r: of_member(f"{r}.id", "0")),
    }


def changed(columns, differs: str) -> str:
    """Saving a whole row names every column: fire only when one that counts really changed."""
    if not columns:
        return ""
    return " WHEN (" + " OR ".join(f"OLD.{c} {differs} NEW.{c}" for c in columns) + ")"


def sqlite(table: str, columns, statement) -> list[str]:
    name = f"meetings_yt_{table}"
    of = f" OF {', '.join(columns)}" if columns else ""
    return [
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN {statement('NEW')} END",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN {statement('OLD')} END",
        f"CREATE TRIGGER {name}_update AFTER UPDATE{of} ON {table}{changed(columns, 'IS NOT')} "
        f"BEGIN {statement('OLD')} {statement('NEW')} END",
    ]


def postgres(table: str, columns, statement) -> list[str]:
    name = f"meetings_yt_{table}"
    of = f" OF {', '.join(columns)}" if columns else ""
    return [
        f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN {statement('OLD')} END IF;
            IF TG_OP IN ('UPDATE', 'INSERT') THEN {statement('NEW')} END IF;
            RETURN NULL;
        END $$""",
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()",
        f"CREATE TRIGGER {name}_update AFTER UPDATE{of} ON {table} FOR EACH ROW"
        f"{changed(columns, 'IS DISTINCT FROM')} EXECUTE FUNCTION {name}()",
    ]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise RuntimeError(f"{TALLY}: no triggers written for {vendor}")
    write = sqlite if vendor == "sqlite" else postgres
    for table, (columns, statement) in rules(vendor).items():
        for sql in write(table, columns, statement):
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for table in rules("sqlite"):
        name = f"meetings_yt_{table}"
        for op in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{op}" + (f" ON {table}" if postgresql else ""))
        if postgresql:
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0001_initial'),
        ('orgs', '0003_drop_unused_indexes'),
        ('members', '0005_readmission_age_approvals'),
    ]

    operations = [
        migrations.CreateModel(
            name='YearTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField()),
                ('is_cell', models.BooleanField(default=False)),
                ('months_due', models.PositiveSmallIntegerField(default=0)),
                ('months_met', models.PositiveSmallIntegerField(default=0)),
                ('quarters_due', models.PositiveSmallIntegerField(default=0)),
                ('quarters_met', models.PositiveSmallIntegerField(default=0)),
                ('regular_with_committee', models.PositiveSmallIntegerField(default=0)),
                ('prepared', models.PositiveSmallIntegerField(default=0)),
                ('sessions', models.PositiveSmallIntegerField(default=0)),
                ('concluded', models.PositiveSmallIntegerField(default=0)),
                ('good', models.PositiveSmallIntegerField(default=0)),
                ('fair', models.PositiveSmallIntegerField(default=0)),
                ('average', models.PositiveSmallIntegerField(default=0)),
                ('poor', models.PositiveSmallIntegerField(default=0)),
                ('members', models.PositiveIntegerField(default=0)),
                ('tasked', models.PositiveIntegerField(default=0)),
                ('committed', models.PositiveIntegerField(default=0)),
                ('planned', models.PositiveIntegerField(default=0)),
                ('working', models.PositiveIntegerField(default=0)),
                ('liaised', models.PositiveIntegerField(default=0)),
                ('org', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='orgs.org')),
            ],
            options={
                'verbose_name': 'số liệu sinh hoạt chi bộ năm đã chốt',
                'constraints': [models.UniqueConstraint(fields=('org', 'year'), name='meeting_year_tally_key')],
            },
        ),
        migrations.RunPython(create, drop),
    ]
