"""Database housekeeping shared by the demo, imports and `openasc migrate`."""

from django.db import connection


def refresh_planner_statistics() -> None:
    """Tell the query planner how the data is spread. After a bulk load, without this,
    SQLite scans all people for a name search because it cannot tell that an index on a
    mostly-empty column is useless; PostgreSQL's autovacuum would get there, but later."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
