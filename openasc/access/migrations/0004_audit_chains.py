"""Several audit chains (see access.audit.record)."""

import importlib

from django.db import migrations, models

# SQLite adds a column by rebuilding the table, which drops its triggers: put them back.
_append_only = importlib.import_module("openasc.access.migrations.0003_audit_append_only")


def restore_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _append_only.backwards(apps, schema_editor)
        _append_only.forwards(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("access", "0003_audit_append_only")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="chain",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.RunPython(restore_sqlite_triggers, migrations.RunPython.noop),
    ]
