"""Target URLs: ``file:///path`` (or a plain path) and ``s3://bucket/prefix?endpoint=...``."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from app.i18n import tr
from app.sync.folder import FolderTarget
from app.sync.target import Target, TargetError


def open_target(url: str) -> Target:
    """The target a URL names; TargetError for a URL we cannot use."""
    text = url.strip()
    parsed = urlparse(text)
    if parsed.scheme == "file":
        return FolderTarget(Path(unquote(parsed.path)))
    if parsed.scheme == "" and text:
        return FolderTarget(Path(text))
    if parsed.scheme == "s3":
        from app.sync.s3 import S3Target  # boto3 is imported only when needed

        return S3Target.from_url(text)  # type: ignore[attr-defined,no-any-return]
    raise TargetError(tr("Địa chỉ máy chủ đồng bộ không hợp lệ: {url}").format(url=url))
