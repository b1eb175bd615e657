"""Replacing a small file so that a reader never sees half of it.

The trust store, organisation certificates, the outside checkpoint copy and imported screening
lists are read by other processes (``reedesk verify``, the GUI, a later start) while reedesk may be
writing them; a crash mid-write must leave the old file whole. One helper does it the careful way
for all of them: a temporary file in the same folder, flushed to disk, given its mode, then renamed
over the target (atomic on POSIX and Windows), and removed if anything fails.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def shared_file_mode() -> int:
    """The mode a new file the user asked for (an evidence pack, an application pack) gets:
    0666 less the process umask, as any other program's output would. A temporary file is
    made 0600, so the written file must be given this mode before it is put in place."""
    mask = None
    try:  # Linux says it without changing it (os.umask sets it process-wide, for every thread)
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                mask = int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    if mask is None:
        mask = os.umask(0o077)
        os.umask(mask)
    return 0o666 & ~mask


def replace_file(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Write ``data`` to ``path`` atomically (``mode`` 0600 by default: these files live in the
    private data or config folder)."""
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".part", delete=False)
    temp = Path(handle.name)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
