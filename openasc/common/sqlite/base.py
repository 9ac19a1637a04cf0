"""SQLite, with writers queueing on an operating-system lock instead of polling.

SQLite lets one writer in at a time; the others wait in its busy handler, which sleeps for
1, 2, 5, 10 … up to 100 ms between tries. Every page view writes an audit entry, so under
load most views wait that way and the slowest wait longest: the 95th-percentile page time
was several hundred milliseconds while the median was fifty. Here a transaction first takes
an exclusive `flock` on a file beside the database. The kernel wakes the next writer the
moment the lock is released, so writers go through one after another with no sleeping.

Only transactions started by Django (atomic blocks, which begin IMMEDIATE) take the lock;
readers never do (WAL lets them read during a write). In-memory databases need no lock.
"""

from __future__ import annotations

import fcntl
import os

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    _lock_fd: int | None = None

    def _lock_path(self) -> str | None:
        name = str(self.settings_dict["NAME"])
        if not name or name == ":memory:" or "mode=memory" in name or name.startswith("file:"):
            return None
        return name + ".writelock"

    def _take_write_lock(self) -> None:
        path = self._lock_path()
        if path is None or self._lock_fd is not None:
            return
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        self._lock_fd = fd

    def _release_write_lock(self) -> None:
        fd, self._lock_fd = self._lock_fd, None
        if fd is not None:
            os.close(fd)  # closing the descriptor releases the flock

    def _start_transaction_under_autocommit(self):
        self._take_write_lock()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_write_lock()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._release_write_lock()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_write_lock()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._release_write_lock()
