"""Work out the measures for a year, from the record or from a CLD file, in DuckDB.

DuckDB runs in this process with a memory limit and a spill directory under the var
directory, so a file larger than memory is counted on disk rather than refused.
"""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from . import measures
from .file_source import FileLoad, load_file
from .record_source import load_record


@dataclass
class Computed:
    measures: dict  # as ``measures.all_measures``
    load: FileLoad | None  # what reading the file found (None: from the record)
    source: str


@contextmanager
def connect(memory_limit: str = "3GB"):
    """A DuckDB database in a scratch directory under the var directory, removed after.

    On disk, not in memory: the events of a region's file do not fit in a few gigabytes,
    and DuckDB then pages its tables to the file and spills its joins beside it."""
    import duckdb

    scratch = Path(settings.VAR_DIR) / "duckdb"
    scratch.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=scratch))
    con = duckdb.connect(str(work / "measures.duckdb"))
    try:
        measures.tune(con, memory_limit, str(work / "spill"))
        yield con
    finally:
        con.close()
        shutil.rmtree(work, ignore_errors=True)


def measures_for(year: int, path: Path | None = None, memory_limit: str = "3GB") -> Computed:
    """All the SALT tables and ASCOF measures of ``year`` (the financial year from 1 April)."""
    from openasc.population.selectors import to_duckdb

    with connect(memory_limit) as con:
        load = None
        if path is None:
            load_record(con)
            source = f"the record of {settings.COUNCIL_NAME} ({settings.COUNCIL_CODE})"
        else:
            load = load_file(con, path)
            source = str(path)
        to_duckdb(con)
        return Computed(measures.all_measures(con, year), load, source)
