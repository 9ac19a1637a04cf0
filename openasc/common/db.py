"""Database housekeeping shared by the demo, imports and `openasc migrate`."""

from django.db import connection


def refresh_planner_statistics(vacuum: bool = False) -> None:
    """Tell the query planner how the data is spread. After a bulk load, without this,
    SQLite scans all people for a name search because it cannot tell that an index on a
    mostly-empty column is useless; PostgreSQL's autovacuum would get there, but later.

    PostgreSQL is also vacuumed: until a table has been, no page of it is marked all-visible,
    so a name search cannot answer from its covering indexes alone (an index-only scan) and
    reads a heap page for nearly every candidate instead: 3,300 pages and 12 ms for a common
    surname, against about 20 pages once vacuumed. Autovacuum would get there too, but only
    if it is on, and not straight after a load. So ``vacuum`` is for after a bulk load (the
    demo); ``openasc migrate``, run at every start, only analyses, which is cheap however
    large the record. VACUUM cannot run in a transaction; within one (a test) this falls back
    to ANALYZE alone."""
    with connection.cursor() as cursor:
        if vacuum and connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM (ANALYZE)")
        else:
            cursor.execute("ANALYZE")
