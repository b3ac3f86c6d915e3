"""Content-addressed files (scans, PDFs): stored once by SHA-256, written atomically, checked."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from app.errors import StorageError, UserError
from app.fileutil import replace_atomically
from app.i18n import tr


class BlobStore:
    """A folder of immutable files named by their SHA-256."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # brings a file this device does not hold from the shared target (set when syncing)
        self.fetcher: Callable[[str], bytes] | None = None

    def path(self, sha: str) -> Path:
        """Where the blob lives (it may not exist)."""
        return self.root / sha[:2] / sha

    def has(self, sha: str) -> bool:
        """True when the blob is stored."""
        return self.path(sha).exists()

    def put(self, data: bytes) -> str:
        """Store `data` durably (temp file, fsync, rename) and return its SHA-256."""
        sha = hashlib.sha256(data).hexdigest()
        final = self.path(sha)
        if final.exists():
            return sha
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            replace_atomically(final, data)
        except OSError as exc:
            raise StorageError(
                tr(
                    "Không lưu được tệp vào kho ({e}). "
                    "Kiểm tra dung lượng ổ đĩa; chưa có gì bị thay đổi."
                ).format(e=exc.strerror or exc)
            ) from exc
        return sha

    def read(self, sha: str) -> bytes:
        """The blob's bytes, verified against its name; fetched from the target if need be."""
        try:
            data = self.path(sha).read_bytes()
        except FileNotFoundError as exc:
            if self.fetcher is None:
                raise UserError(tr("Không tìm thấy tệp của văn bản trong kho.")) from exc
            return self.fetcher(sha)
        except OSError as exc:
            raise UserError(tr("Không tìm thấy tệp của văn bản trong kho.")) from exc
        if hashlib.sha256(data).hexdigest() != sha:
            raise UserError(tr("Tệp của văn bản trong kho bị hỏng (sai mã băm)."))
        return data
