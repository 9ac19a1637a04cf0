"""A DuckDB copy of the record for pages and the API: built at most every few minutes, so a
dashboard does not read a million events on every request, yet its figures come from the
record (``OPENASC_RETURNS_SNAPSHOT_SECONDS``, default 600; 0 rebuilds every time).

It is built into a new file and moved into place, so readers never see half a snapshot and
two processes rebuilding at once do no harm.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from django.conf import settings


def path() -> Path:
    return Path(settings.VAR_DIR) / "returns" / "snapshot.duckdb"


def age_seconds() -> float | None:
    """How old the snapshot is, or None if there is none."""
    try:
        return time.time() - path().stat().st_mtime
    except FileNotFoundError:
        return None


def refresh() -> Path:
    """Build the snapshot now from the record and the population estimates."""
    import duckdb

    from openasc.population.selectors import to_duckdb

    from .record_source import load_record

    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".duckdb", dir=target.parent)
    os.close(fd)
    os.unlink(tmp)  # DuckDB makes the file itself
    con = duckdb.connect(tmp)
    try:
        load_record(con)
        to_duckdb(con)
    finally:
        con.close()
    os.replace(tmp, target)
    return target


def connect(max_age: float | None = None):
    """A read-only connection to a snapshot no older than ``max_age`` seconds (default: the
    setting), rebuilt first if it is older."""
    import duckdb

    limit = settings.RETURNS_SNAPSHOT_SECONDS if max_age is None else max_age
    age = age_seconds()
    if age is None or age > limit:
        refresh()
    return duckdb.connect(str(path()), read_only=True)
