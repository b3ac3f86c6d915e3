"""A sync target that is a folder: on this disk, or a mounted SMB/NFS share.

Keys are relative file paths. Atomic create-if-absent is "write a temp file, fsync, hard-link it
to the final name" (the link fails when the name exists), so a claim is never seen half written
and two writers, even on two machines, cannot both create one key (sync-notes §4).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import shutil
import stat
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from app.fileutil import replace_atomically
from app.i18n import tr
from app.sync.target import TargetError, TargetUnreachable

TEMP_PREFIX = ".tmp-"
"""Our own temp files start with this; `list` skips them and `clean_temp` removes old ones."""

_IGNORED_NAMES = {"desktop.ini", "thumbs.db", ".ds_store"}
_NETWORK_FS = {
    "cifs", "smb3", "smbfs", "nfs", "nfs4", "9p", "ceph", "glusterfs", "afs", "davfs",
    "lustre", "gpfs", "ocfs2", "beegfs", "virtiofs",
}  # fmt: skip
# link() is refused (not merely failed) by these: fall back to another no-replace primitive.
_NO_LINK_ERRNOS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV}
_UNREACHABLE_ERRNOS = {
    errno.EIO, errno.ETIMEDOUT, errno.EHOSTDOWN, errno.EHOSTUNREACH, errno.ENETUNREACH,
    errno.ENETDOWN, errno.ENOTCONN, errno.ECONNRESET, errno.ECONNABORTED, errno.ECONNREFUSED,
    errno.ESTALE,
}  # fmt: skip
_CHUNK = 1024 * 1024
_Keys = list[str]  # `list` is a method name inside FolderTarget


def is_ignored_name(name: str) -> bool:
    """True for temp and desktop clutter files that are never keys (ours and other programs')."""
    low = name.lower()
    return (
        name.startswith(TEMP_PREFIX)
        or low.endswith((".tmp", ".part"))
        or name.startswith("~$")
        or (name.startswith(".~lock.") and name.endswith("#"))
        or low in _IGNORED_NAMES
    )


def check_key(key: str) -> list[str]:
    """The key's parts; ValueError for a key that could escape the root or name a temp file."""
    if not key or "\\" in key or "\0" in key or key.startswith("/"):
        raise ValueError(f"bad target key: {key!r}")
    parts = key.split("/")
    for part in parts:
        if part in ("", ".", "..") or ":" in part or is_ignored_name(part):
            raise ValueError(f"bad target key: {key!r}")
    return parts


class FolderTarget:
    """A folder (local or a mounted share) used as a sync target.

    The root must exist: a missing root is how an unmounted share shows itself, so it is never
    created implicitly (see `ensure_root`). Sub-folders below it are created as needed.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root).absolute()
        self._is_local: bool | None = None

    # ----- Target protocol -------------------------------------------------------------------

    @property
    def display_url(self) -> str:
        """The folder's path as the user chose it (folders hold no secret)."""
        return str(self.root)

    @property
    def is_local(self) -> bool:
        """True when the root is on a local disk of this machine (Linux only; else False)."""
        if self._is_local is None:
            self._is_local = _is_local_path(self.root)
        return self._is_local

    def put_if_absent(self, key: str, data: bytes) -> bool:
        """Create `key` with `data` atomically; False when it already exists."""
        return self._create(key, lambda fh: fh.write(data))

    def put_file_if_absent(self, key: str, path: Path) -> bool:
        """Stream the file at `path` into a new `key`; False when the key exists.

        An unreadable source raises the plain OSError (it is this machine's problem).
        """
        with open(path, "rb") as src:
            return self._create(key, lambda fh: shutil.copyfileobj(src, fh, _CHUNK))

    def get(self, key: str) -> bytes | None:
        """The file's bytes, or None when there is no such key."""
        path = self._path(key)
        with self._mapped():
            try:
                return path.read_bytes()
            except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
                self._check_root()
                return None

    def get_file(self, key: str, dest: Path) -> bool:
        """Stream `key` into `dest` through a temp file and os.replace; False when missing."""
        path = self._path(key)
        with self._mapped():
            try:
                src = open(path, "rb")  # noqa: SIM115 — closed below, after the missing-key test
            except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
                self._check_root()
                return False
            with src:
                replace_atomically(Path(dest), src)
        return True

    def exists(self, key: str) -> bool:
        """True when `key` is a file."""
        path = self._path(key)
        with self._mapped():
            try:
                return stat.S_ISREG(path.stat().st_mode)
            except (FileNotFoundError, NotADirectoryError):
                self._check_root()
                return False

    def list(self, prefix: str, start_after: str = "", limit: int = 1000) -> list[str]:
        """Keys starting with `prefix`, recursively, sorted, greater than `start_after`."""
        if limit <= 0:
            return []
        folder, _, _ = prefix.rpartition("/")
        if folder:
            check_key(folder)
        start = self.root / folder if folder else self.root
        keys: list[str] = []
        with self._mapped():
            self._check_root()
            self._scan(start, f"{folder}/" if folder else "", prefix, start_after, keys)
        keys.sort()
        return keys[:limit]

    def delete(self, key: str) -> None:
        """Remove `key`; a missing key is fine."""
        path = self._path(key)
        with self._mapped():
            try:
                path.unlink()
            except (FileNotFoundError, NotADirectoryError):
                self._check_root()

    def server_time(self) -> dt.datetime:
        """The file server's clock: the mtime of a fresh scratch file under probe/."""
        folder = self.root / "probe"
        with self._mapped():
            self._make_parents(folder)
            path = folder / f"{TEMP_PREFIX}clock-{uuid.uuid4().hex}"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                os.write(fd, b"t")
                os.fsync(fd)
                mtime = os.fstat(fd).st_mtime
            finally:
                os.close(fd)
                path.unlink(missing_ok=True)
        return dt.datetime.fromtimestamp(mtime, dt.UTC)

    def close(self) -> None:
        """Nothing to release for a folder."""

    # ----- folder-only helpers ---------------------------------------------------------------

    def ensure_root(self) -> None:
        """Create the root folder (used when an admin sets the target up)."""
        with self._mapped():
            self.root.mkdir(parents=True, exist_ok=True)

    def clean_temp(self, max_age: dt.timedelta = dt.timedelta(hours=1)) -> int:
        """Remove our temp files older than `max_age` (left by a killed writer); how many.

        Ages are measured against this machine's clock; `max_age` leaves room for skew.
        """
        cutoff = time.time() - max_age.total_seconds()
        removed = 0
        with self._mapped():
            self._check_root()
            for dirpath, _dirs, files in os.walk(self.root):
                for name in files:
                    if not name.startswith(TEMP_PREFIX):
                        continue
                    path = os.path.join(dirpath, name)
                    with contextlib.suppress(FileNotFoundError):
                        if os.stat(path).st_mtime < cutoff:
                            os.unlink(path)
                            removed += 1
        return removed

    # ----- internals -------------------------------------------------------------------------

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*check_key(key))

    def _create(self, key: str, write: Callable[[BinaryIO], object]) -> bool:
        """Write through a temp file, then publish it under `key` without replacing anything."""
        final = self._path(key)
        with self._mapped():
            self._make_parents(final.parent)
            if final.exists():
                return False
            fd, tmp = tempfile.mkstemp(dir=final.parent, prefix=TEMP_PREFIX)
            try:
                with os.fdopen(fd, "wb") as fh:
                    write(fh)
                    fh.flush()
                    os.fsync(fh.fileno())
                created = _publish(tmp, final)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
            if created:
                _fsync_dir(final.parent)
            return created

    def _make_parents(self, folder: Path) -> None:
        """Create the folders between the root and `folder`, never the root itself."""
        missing: list[Path] = []
        while folder != self.root and not folder.is_dir():
            missing.append(folder)
            folder = folder.parent
        for path in reversed(missing):
            try:
                path.mkdir()
            except FileExistsError:
                pass
            except FileNotFoundError:
                self._check_root()
                raise

    def _scan(self, folder: Path, base: str, prefix: str, start_after: str, out: _Keys) -> None:
        """Collect keys under `folder` (whose keys start with `base`) into `out`."""
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            return
        for entry in entries:
            if is_ignored_name(entry.name):
                continue
            key = base + entry.name
            if entry.is_dir(follow_symlinks=False):
                sub = key + "/"
                # Skip a sub-folder that cannot hold a wanted key: outside the prefix, or wholly
                # at or before start_after.
                if not (sub.startswith(prefix) or prefix.startswith(sub)):
                    continue
                if start_after > sub and not start_after.startswith(sub):
                    continue
                self._scan(Path(entry.path), sub, prefix, start_after, out)
            elif key.startswith(prefix) and key > start_after and entry.is_file():
                out.append(key)

    def _check_root(self) -> None:
        """Raise TargetUnreachable when the root is gone (an unmounted share, a removed disk)."""
        if not self.root.is_dir():
            raise TargetUnreachable(
                tr("Không truy cập được thư mục đồng bộ {path}: {e}").format(
                    path=self.root,
                    e=tr("thư mục không tồn tại hoặc ổ mạng chưa được kết nối"),
                )
            )

    @contextlib.contextmanager
    def _mapped(self) -> Iterator[None]:
        """Turn an OSError into a TargetError (or TargetUnreachable) with a Vietnamese message."""
        try:
            yield
        except TargetError:
            raise
        except OSError as exc:
            raise self._error(exc) from exc

    def _error(self, exc: OSError) -> TargetError:
        path, why = self.root, exc.strerror or str(exc)
        if exc.filename and not _is_under(str(exc.filename), self.root):
            # The local side failed (get_file's destination): say which file.
            return TargetError(
                tr("Không ghi được tệp {file}: {e}").format(file=exc.filename, e=why)
            )
        if exc.errno in (errno.ENOENT, errno.ENOTDIR) and not self.root.is_dir():
            why = tr("thư mục không tồn tại hoặc ổ mạng chưa được kết nối")
        if not self.root.is_dir() or exc.errno in _UNREACHABLE_ERRNOS:
            return TargetUnreachable(
                tr("Không truy cập được thư mục đồng bộ {path}: {e}").format(path=path, e=why)
            )
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            msg = tr(
                "Thư mục đồng bộ {path} đã hết dung lượng; tệp chưa được ghi. "
                "Hãy giải phóng chỗ trống trên ổ đĩa hoặc máy chủ chia sẻ."
            )
        elif exc.errno in (errno.EACCES, errno.EPERM):
            msg = tr(
                "Không có quyền ghi vào thư mục đồng bộ {path} ({e}). "
                "Hãy kiểm tra quyền truy cập thư mục chia sẻ."
            )
        elif exc.errno == errno.EROFS:
            msg = tr("Thư mục đồng bộ {path} chỉ cho phép đọc, không ghi được ({e}).")
        else:
            msg = tr("Lỗi khi dùng thư mục đồng bộ {path}: {e}")
        return TargetError(msg.format(path=path, e=why))


def _publish(tmp: str, final: Path) -> bool:
    """Give the complete temp file the name `final` unless that name exists; True if created."""
    try:
        os.link(tmp, final)
        return True
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in _NO_LINK_ERRNOS:
            raise
    if sys.platform == "win32":
        try:
            os.rename(tmp, final)  # Windows: fails when `final` exists
            return True
        except FileExistsError:
            return False
    # No hard links (some shares): claim the name with O_EXCL, then swap in the content. A
    # reader may see an empty file for that instant, never a partial one.
    try:
        os.close(os.open(final, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    except FileExistsError:
        return False
    os.replace(tmp, final)
    return True


def _is_under(path: str, root: Path) -> bool:
    return os.path.abspath(path).startswith(str(root).rstrip(os.sep) + os.sep)


def _fsync_dir(folder: Path) -> None:
    """Make the new name durable; best effort (Windows and some shares cannot fsync a folder)."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _is_local_path(path: Path) -> bool:
    """Whether `path` lies on a local file system, from /proc/mounts (False when unknown)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        lines = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False
    target = os.path.realpath(path)
    best, best_type = "", ""
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount = _unescape_mount(fields[1])
        inside = target == mount or target.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):
            best, best_type = mount, fields[2]
    if not best:
        return False
    return best_type not in _NETWORK_FS and not best_type.startswith("fuse.")


def _unescape_mount(field: str) -> str:
    """Undo /proc/mounts' octal escapes (a space is written as \\040)."""
    if "\\" not in field:
        return field
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1 : i + 4].isdigit():
            out.append(chr(int(field[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)
