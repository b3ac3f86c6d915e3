"""Target URLs: ``file:///path`` (or a plain path) and ``s3://bucket/prefix?endpoint=...``.

A URL never carries a secret: S3 keys come from the environment or the OS keyring, and a URL
holding one is refused so it cannot end up in settings or logs.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit
from urllib.request import url2pathname

from app.i18n import tr
from app.sync.folder import FolderTarget
from app.sync.target import Target, TargetError

_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_S3_PARAMS = {"endpoint", "region"}
_REGION = re.compile(r"^[a-z0-9-]{1,32}$")
_USERINFO = re.compile(r"//[^/?#@]*@")


def open_target(url: str) -> Target:
    """The target a URL names; TargetError with a Vietnamese message for a URL we cannot use."""
    text = url.strip()
    if not text:
        raise TargetError(tr("Chưa nhập địa chỉ máy chủ đồng bộ."))
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme == "file":
        return FolderTarget(_file_path(text))
    if scheme == "" or (len(scheme) == 1 and sys.platform == "win32"):  # C:\... is a path
        return FolderTarget(Path(text).expanduser())
    if scheme == "s3":
        return _open_s3(text)
    raise _bad(text, tr("chỉ hỗ trợ thư mục (file://…) và S3 (s3://…)"))


def _file_path(text: str) -> Path:
    """The local path of a file: URL (file://server/share/... is a UNC path on Windows)."""
    parts = urlsplit(text)
    if parts.query or parts.fragment:
        raise _bad(text, tr("địa chỉ thư mục không được có phần “?” hoặc “#”"))
    host = parts.netloc
    if host not in ("", "localhost"):
        if sys.platform == "win32":
            return Path(url2pathname(f"//{host}{parts.path}"))
        raise _bad(text, tr("hãy gắn (mount) thư mục chia sẻ rồi chọn đường dẫn trên máy"))
    if not parts.path:
        raise _bad(text, tr("thiếu đường dẫn thư mục"))
    return Path(url2pathname(parts.path))


def _open_s3(text: str) -> Target:
    """An S3Target for s3://bucket/prefix?endpoint=http://host:port&region=..."""
    parts = urlsplit(text)
    if "@" in parts.netloc:
        raise _bad(text, tr("không ghi khóa truy cập vào địa chỉ; hãy nhập nó ở phần cài đặt"))
    bucket = parts.netloc
    if not _BUCKET.match(bucket) or ".." in bucket:
        raise _bad(
            text,
            tr("tên kho (bucket) phải dài 3–63 ký tự, chỉ gồm chữ thường, số, dấu “.” và “-”"),
        )
    try:
        query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
    except ValueError as exc:
        raise _bad(text, tr("phần “?” của địa chỉ không đúng dạng")) from exc
    unknown = set(query) - _S3_PARAMS
    if unknown:
        raise _bad(
            text,
            tr("không hiểu tham số {names}; chỉ dùng endpoint và region").format(
                names=", ".join(sorted(unknown))
            ),
        )
    if any(len(v) > 1 for v in query.values()):
        raise _bad(text, tr("mỗi tham số chỉ được ghi một lần"))
    endpoint = query.get("endpoint", [""])[0].strip().rstrip("/")
    if endpoint:
        ep = urlsplit(endpoint)
        if ep.scheme not in ("http", "https") or not ep.hostname:
            raise _bad(text, tr("endpoint phải có dạng http://máy:cổng hoặc https://máy"))
        if ep.username or ep.password:
            raise _bad(text, tr("không ghi khóa truy cập vào địa chỉ; hãy nhập nó ở phần cài đặt"))
        if ep.path not in ("", "/") or ep.query:
            raise _bad(text, tr("endpoint chỉ gồm giao thức, tên máy và cổng"))
        try:
            ep.port  # noqa: B018 — raises ValueError for a port that is not a number
        except ValueError as exc:
            raise _bad(text, tr("cổng của endpoint không hợp lệ")) from exc
    region = query.get("region", ["us-east-1"])[0].strip() or "us-east-1"
    if not _REGION.match(region):
        raise _bad(text, tr("tên vùng (region) không hợp lệ"))
    prefix = unquote(parts.path).strip("/")
    if prefix and any(p in ("", ".", "..") for p in prefix.split("/")):
        raise _bad(text, tr("tiền tố trong kho không hợp lệ"))

    from app.sync.s3 import S3Target  # boto3 is imported only when an S3 target is used

    return S3Target(bucket=bucket, endpoint=endpoint, prefix=prefix, region=region)


def _bad(url: str, why: str) -> TargetError:
    """A TargetError for `url`, shown without any "user:secret@" it holds."""
    shown = _USERINFO.sub("//", url)
    return TargetError(
        tr("Địa chỉ máy chủ đồng bộ không hợp lệ: {url} ({why}).").format(url=shown, why=why)
    )


def create_target_home(url: str) -> None:
    """Make the place a new space will sync to: the folder, or the S3 bucket (for `init`)."""
    target = open_target(url)
    try:
        if isinstance(target, FolderTarget):
            target.ensure_root()
        else:
            from app.sync.s3 import S3Target

            if isinstance(target, S3Target):
                target.ensure_bucket()
    finally:
        target.close()
