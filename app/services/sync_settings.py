"""Choosing this PC's sync target: URLs from a form's fields, a probe without saving, credentials.

The settings dialog builds a target URL from what the user typed (a folder, or an S3 endpoint,
bucket and prefix), checks it with the capability probe before anything is saved, and keeps the
S3 keys in the OS keyring, never in a file. `Space.set_target` saves the URL once it passes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit
from urllib.request import url2pathname

from app.sync.engine import ClockSkewed, Progress
from app.sync.probe import ProbeResult, probe
from app.sync.target import Target, TargetUnreachable
from app.sync.urls import open_target

__all__ = [
    "ClockSkewed",
    "ProbeResult",
    "Progress",
    "TargetChoice",
    "check_target",
    "folder_url",
    "is_offline_error",
    "open_with_credentials",
    "parse_target_url",
    "s3_url",
    "save_s3_credentials",
]


@dataclass(frozen=True)
class TargetChoice:
    """A target URL taken apart into the settings form's fields."""

    kind: str  # "folder" or "s3" ("" when nothing is configured)
    folder: str = ""
    endpoint: str = ""
    bucket: str = ""
    prefix: str = ""


def folder_url(folder: str) -> str:
    """The URL of a folder (on this disk or a mounted share), e.g. file:///mnt/vanban."""
    return Path(folder.strip()).expanduser().absolute().as_uri()


def s3_url(endpoint: str, bucket: str, prefix: str) -> str:
    """The URL of a bucket and prefix on an S3 endpoint, e.g.
    s3://vanban/giathuy?endpoint=http://127.0.0.1:8333."""
    path = "/".join(p for p in prefix.strip().split("/") if p)
    url = f"s3://{bucket.strip()}/{quote(path, safe='/')}"
    endpoint = endpoint.strip().rstrip("/")
    return f"{url}?endpoint={quote(endpoint, safe=':/')}" if endpoint else url


def parse_target_url(url: str) -> TargetChoice:
    """The form's fields for a saved URL (to show what is configured)."""
    if not url:
        return TargetChoice("")
    parts = urlsplit(url)
    if parts.scheme == "file":
        host = parts.netloc if parts.netloc not in ("", "localhost") else ""
        return TargetChoice(
            "folder", folder=url2pathname(f"//{host}{parts.path}" if host else parts.path)
        )
    if parts.scheme == "s3":
        endpoint = parse_qs(parts.query).get("endpoint", [""])[0]
        return TargetChoice(
            "s3", endpoint=endpoint, bucket=parts.netloc, prefix=unquote(parts.path).strip("/")
        )
    return TargetChoice("")


def save_s3_credentials(endpoint: str, bucket: str, access_key: str, secret_key: str) -> None:
    """Keep the S3 keys for this endpoint and bucket in the OS keyring."""
    from app.sync.s3 import store_s3_credentials  # boto3 is imported only when needed

    store_s3_credentials(endpoint.strip().rstrip("/"), bucket.strip(), access_key, secret_key)


def check_target(
    url: str, now: dt.datetime, *, credentials: tuple[str, str] | None = None
) -> ProbeResult:
    """Run the capability probe on a target without saving anything (network: off the GUI).

    For an S3 target, `credentials` (access key, secret key) are those typed in the form; they
    are used for this check only and stored by `save_s3_credentials` when the target is saved.
    """
    target = open_with_credentials(url, credentials)
    try:
        return probe(target, now)
    finally:
        target.close()


def open_with_credentials(url: str, credentials: tuple[str, str] | None) -> Target:
    """The target of `url`; for S3, with the keys typed in a form when there are some."""
    choice = parse_target_url(url)
    if choice.kind == "s3" and credentials is not None:
        from app.sync.s3 import S3Target  # boto3 is imported only when needed

        return S3Target(
            bucket=choice.bucket,
            endpoint=choice.endpoint,
            prefix=choice.prefix,
            credentials=credentials,
        )
    return open_target(url)


def is_offline_error(exc: BaseException) -> bool:
    """True when a round failed only because the target cannot be reached now."""
    return isinstance(exc, TargetUnreachable)
