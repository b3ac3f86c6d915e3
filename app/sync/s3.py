"""A sync target in an S3 bucket (SeaweedFS `weed mini`, AWS, Ceph RGW, ...).

Create-if-absent is `PUT If-None-Match: *`: the server answers 412 (or 409 during a concurrent
write) when the key exists. Servers that ignore the header (rclone serve s3) are caught by the
capability probe, not here. Every file, large ones included, is one PutObject: a multipart
upload would need the condition on CompleteMultipartUpload, which not every server honours.

Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or from the OS keyring, never
from a file. Timeouts are short so background sync notices an outage within seconds.

Known server quirk: SeaweedFS lists a folder's entries in name order per folder level, so a key
under "a/b/" comes before "a/b.d" (S3 orders bytewise: "a/b.d" first) and `start_after` can skip
it. Keys whose sibling names have equal length, or contain no byte below "/", are unaffected.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import boto3
import botocore.exceptions
import keyring
import keyring.errors
from botocore.config import Config

from app.fileutil import replace_atomically
from app.i18n import tr
from app.sync.folder import check_key
from app.sync.target import TargetError, TargetUnreachable

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

KEYRING_SERVICE = "ward-office-s3"
CONNECT_TIMEOUT_S = 5
READ_TIMEOUT_S = 30
_CHUNK = 1024 * 1024
_CONFLICT_CODES = {"PreconditionFailed", "ConditionalRequestConflict"}
_MISSING_CODES = {"NoSuchKey", "404", "NotFound"}
_AUTH_CODES = {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "403"}


def keyring_name(endpoint: str, bucket: str) -> str:
    """The keyring user name for a bucket's credentials: "<endpoint>|<bucket>"."""
    return f"{endpoint.rstrip('/')}|{bucket}"


def store_s3_credentials(endpoint: str, bucket: str, access: str, secret: str) -> None:
    """Keep the bucket's access key and secret in the OS keyring (never in a file)."""
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_name(endpoint, bucket), f"{access}:{secret}")
    except keyring.errors.KeyringError as exc:
        raise TargetError(
            tr(
                "Không lưu được khóa truy cập S3 vào kho khóa bí mật của máy ({e}). "
                "Có thể đặt biến môi trường AWS_ACCESS_KEY_ID và AWS_SECRET_ACCESS_KEY."
            ).format(e=exc)
        ) from exc


def load_s3_credentials(endpoint: str, bucket: str) -> tuple[str, str] | None:
    """(access, secret) from the environment, else from the OS keyring; None when neither."""
    access, secret = os.environ.get("AWS_ACCESS_KEY_ID"), os.environ.get("AWS_SECRET_ACCESS_KEY")
    if access and secret:
        return access, secret
    backend = keyring.get_keyring()
    # A file-based backend would prompt on a terminal for its password: not from a GUI thread.
    module = type(backend).__module__
    if module.startswith(("keyrings.cryptfile", "keyring.backends.fail", "keyring.backends.null")):
        return None
    try:
        stored = backend.get_password(KEYRING_SERVICE, keyring_name(endpoint, bucket))
    except keyring.errors.KeyringError:
        return None
    if not stored or ":" not in stored:
        return None
    access, _, secret = stored.partition(":")
    return access, secret


class S3Target:
    """Keys under `prefix` in one bucket of an S3-compatible server."""

    def __init__(
        self,
        *,
        bucket: str,
        endpoint: str = "",
        prefix: str = "",
        region: str = "us-east-1",
        credentials: tuple[str, str] | None = None,
    ) -> None:
        self.bucket = bucket
        self.endpoint = endpoint.rstrip("/")
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.region = region
        creds = credentials or load_s3_credentials(self.endpoint, bucket)
        if creds is None:
            raise TargetError(
                tr(
                    "Chưa có khóa truy cập cho máy chủ đồng bộ {url}. Hãy nhập khóa truy cập "
                    "(access key) và khóa bí mật (secret key) trong phần cài đặt đồng bộ."
                ).format(url=self.display_url)
            )
        config = Config(
            s3={"addressing_style": "path"},
            retries={"max_attempts": 2, "mode": "standard"},
            connect_timeout=CONNECT_TIMEOUT_S,
            read_timeout=READ_TIMEOUT_S,
            max_pool_connections=32,
            # Plain payload checksums only where S3 requires them: many S3-compatible servers
            # reject the newer streaming (aws-chunked) trailers.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
        session = boto3.session.Session(
            aws_access_key_id=creds[0], aws_secret_access_key=creds[1], region_name=region
        )
        self._client: S3Client = session.client(
            "s3", endpoint_url=self.endpoint or None, config=config
        )

    # ----- Target protocol -------------------------------------------------------------------

    @property
    def display_url(self) -> str:
        """s3://bucket/prefix?endpoint=...&region=..., without credentials."""
        url = f"s3://{self.bucket}/{self.prefix.rstrip('/')}"
        query = []
        if self.endpoint:
            query.append(f"endpoint={_without_userinfo(self.endpoint)}")
        if self.region != "us-east-1":
            query.append(f"region={self.region}")
        return url + ("?" + "&".join(query) if query else "")

    @property
    def is_local(self) -> bool:
        """A bucket is never a local disk."""
        return False

    def put_if_absent(self, key: str, data: bytes) -> bool:
        """Create `key` with `data` (PUT If-None-Match: *); False when it exists."""
        return self._put(key, data)

    def put_file_if_absent(self, key: str, path: Path) -> bool:
        """Stream the file at `path` into a new `key` in one PutObject; False when it exists."""
        with open(path, "rb") as fh:
            return self._put(key, fh, size=os.fstat(fh.fileno()).st_size)

    def get(self, key: str) -> bytes | None:
        """The object's bytes, or None when there is no such key."""
        with self._mapped():
            try:
                obj = self._client.get_object(Bucket=self.bucket, Key=self._key(key))
            except botocore.exceptions.ClientError as exc:
                if _code(exc) in _MISSING_CODES:
                    return None
                raise
            with contextlib.closing(obj["Body"]) as body:
                return body.read()

    def get_file(self, key: str, dest: Path) -> bool:
        """Stream the object into `dest` through a temp file; False when there is no such key."""
        dest = Path(dest)
        with self._mapped():
            try:
                obj = self._client.get_object(Bucket=self.bucket, Key=self._key(key))
            except botocore.exceptions.ClientError as exc:
                if _code(exc) in _MISSING_CODES:
                    return False
                raise
            with contextlib.closing(obj["Body"]) as body:
                replace_atomically(dest, body)
        return True

    def exists(self, key: str) -> bool:
        """True when the object exists (HeadObject)."""
        with self._mapped():
            try:
                self._client.head_object(Bucket=self.bucket, Key=self._key(key))
            except botocore.exceptions.ClientError as exc:
                if _code(exc) in _MISSING_CODES:
                    return False
                raise
        return True

    def list(self, prefix: str, start_after: str = "", limit: int = 1000) -> list[str]:
        """Keys starting with `prefix`, sorted, greater than `start_after` (ListObjectsV2)."""
        keys: list[str] = []
        args: dict[str, Any] = {"Bucket": self.bucket, "Prefix": self.prefix + prefix}
        if start_after:
            args["StartAfter"] = self.prefix + start_after
        with self._mapped():
            while len(keys) < limit:
                page = self._client.list_objects_v2(**args, MaxKeys=min(limit - len(keys), 1000))
                for item in page.get("Contents", []):
                    name = item.get("Key", "")[len(self.prefix) :]
                    if name and not name.endswith("/"):
                        keys.append(name)
                token = page.get("NextContinuationToken")
                if not page.get("IsTruncated") or not token:
                    break
                args["ContinuationToken"] = token
        keys.sort()
        return keys[:limit]

    def delete(self, key: str) -> None:
        """Remove `key`; a missing key is fine."""
        with self._mapped():
            self._client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def server_time(self) -> dt.datetime:
        """The server's clock, from the Date header of a HeadBucket (±0.5 s)."""
        with self._mapped():
            reply = self._client.head_bucket(Bucket=self.bucket)
        header = reply["ResponseMetadata"].get("HTTPHeaders", {}).get("date", "")
        try:
            when = email.utils.parsedate_to_datetime(header)
        except (TypeError, ValueError) as exc:
            raise TargetError(
                tr("Máy chủ đồng bộ {url} không cho biết giờ của nó.").format(url=self.display_url)
            ) from exc
        # Date is truncated to the second: the middle of that second is the best estimate.
        return when.astimezone(dt.UTC) + dt.timedelta(milliseconds=500)

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    # ----- S3-only helpers -------------------------------------------------------------------

    def ensure_bucket(self) -> None:
        """Create the bucket when it does not exist yet (used when a target is set up)."""
        with self._mapped():
            try:
                self._client.head_bucket(Bucket=self.bucket)
                return
            except botocore.exceptions.ClientError as exc:
                if _code(exc) not in ("404", "NoSuchBucket", "NotFound"):
                    raise
            try:
                if self.region == "us-east-1":
                    self._client.create_bucket(Bucket=self.bucket)
                else:
                    self._client.create_bucket(
                        Bucket=self.bucket,
                        CreateBucketConfiguration={"LocationConstraint": self.region},  # type: ignore[typeddict-item]  # any region name
                    )
            except botocore.exceptions.ClientError as exc:
                if _code(exc) not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                    raise

    # ----- internals -------------------------------------------------------------------------

    def _key(self, key: str) -> str:
        check_key(key)
        return self.prefix + key

    def _put(self, key: str, body: Any, *, size: int | None = None) -> bool:
        full = self._key(key)
        args: dict[str, Any] = {"Bucket": self.bucket, "Key": full, "Body": body}
        if size is not None:
            args["ContentLength"] = size
        with self._mapped():
            try:
                self._client.put_object(**args, IfNoneMatch="*")
            except botocore.exceptions.ClientError as exc:
                status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
                if _code(exc) not in _CONFLICT_CODES and status not in (409, 412):
                    raise
                # After a retried request the 412 may answer our own first attempt, whose reply
                # was lost: identical content means the key is ours.
                retried = exc.response.get("ResponseMetadata", {}).get("RetryAttempts", 0)
                return bool(retried) and isinstance(body, bytes) and self.get(key) == body
        return True

    @contextlib.contextmanager
    def _mapped(self) -> Iterator[None]:
        """Turn botocore errors into TargetError / TargetUnreachable with a Vietnamese message."""
        try:
            yield
        except (botocore.exceptions.ConnectionError, botocore.exceptions.HTTPClientError) as exc:
            raise TargetUnreachable(
                tr("Không kết nối được máy chủ đồng bộ {url}: {e}").format(
                    url=self.display_url, e=exc
                )
            ) from exc
        except botocore.exceptions.ClientError as exc:
            raise self._client_error(exc) from exc

    def _client_error(self, exc: botocore.exceptions.ClientError) -> TargetError:
        code = _code(exc)
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        url = self.display_url
        bucket_call = not exc.operation_name.endswith("Object")
        if code == "NoSuchBucket" or (code in ("404", "NotFound") and bucket_call):
            return TargetError(
                tr(
                    "Kho lưu trữ (bucket) “{bucket}” không có trên máy chủ đồng bộ {url}. "
                    "Hãy tạo nó khi thiết lập đồng bộ."
                ).format(bucket=self.bucket, url=url)
            )
        if code in _AUTH_CODES:
            return TargetError(
                tr(
                    "Máy chủ đồng bộ {url} từ chối khóa truy cập ({code}). "
                    "Hãy kiểm tra khóa truy cập và khóa bí mật."
                ).format(url=url, code=code)
            )
        if status >= 500:
            return TargetUnreachable(
                tr("Máy chủ đồng bộ {url} đang gặp lỗi ({code}); sẽ thử lại sau.").format(
                    url=url, code=code or status
                )
            )
        return TargetError(tr("Máy chủ đồng bộ {url} báo lỗi: {e}").format(url=url, e=code or exc))


def _code(exc: botocore.exceptions.ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _without_userinfo(url: str) -> str:
    """`url` without any "user:password@" part."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
