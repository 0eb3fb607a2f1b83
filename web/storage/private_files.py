"""The store's files are readable by their owner only.

SQLite creates a database file with the process's umask (usually 0644:
readable by every local account), and its -wal and -shm files copy the
database file's mode. Kasane creates the event store and the key store files
itself, mode 0600, before SQLite first opens them, so every copy SQLite makes
is private too. An existing file is left as it is (its owner chose its mode).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE = 0o600


def private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 unless it exists (an empty file is a valid new SQLite database)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))
