"""Writing a file so that readers see the old content or the new, never half of it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Protocol

TEMP_PREFIX = ".tmp-"
_CHUNK = 1024 * 1024


class Readable(Protocol):
    """Anything with `read(size)`: an open file, an HTTP response body."""

    def read(self, size: int, /) -> bytes:
        """Up to `size` bytes; b"" at the end."""
        ...


def replace_atomically(dest: Path, source: bytes | Readable) -> None:
    """Write `source` to a temp file beside `dest`, fsync it, then rename it over `dest`."""
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=TEMP_PREFIX)
    try:
        with os.fdopen(fd, "wb") as out:
            if isinstance(source, bytes):
                out.write(source)
            else:
                while chunk := source.read(_CHUNK):
                    out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
