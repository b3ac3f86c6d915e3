"""Start real S3 servers on loopback for tests: SeaweedFS (`weed mini`) and `rclone serve s3`.

Every port is chosen free, so two pytest-xdist workers never collide, and all state lives in a
temp dir. Both servers accept the same key pair (ACCESS_KEY, SECRET_KEY). SeaweedFS enforces
it: with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in its environment `weed mini` creates an
admin user with those keys and turns authentication on (without them it accepts anything).
"""

from __future__ import annotations

import ctypes
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import boto3
import botocore.exceptions
import pytest
from botocore.config import Config

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

ACCESS_KEY = "wardtestkey"
SECRET_KEY = "wardtestsecret"
START_TIMEOUT_S = 30.0


def find_binary(name: str) -> str:
    """`name` next to this Python (the venv's bin) or on PATH; fail clearly when missing."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} not found: install the dev extras (pip install -e '.[dev]')")
    return found


def _die_with_parent() -> None:
    """In the child before exec: SIGKILL it when the test process dies (Linux), so a killed
    pytest worker never leaves a server running."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port_pair() -> int:
    """A free port P whose gRPC twin P+10000 (SeaweedFS's convention) is free too."""
    for _ in range(200):
        port = random.randrange(20000, 30000)
        if _bindable(port) and _bindable(port + 10000):
            return port
    raise RuntimeError("no free port pair on 127.0.0.1")


def free_port() -> int:
    """A free TCP port on loopback, chosen by the kernel."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class S3Server:
    """A running S3 server: its endpoint, keys and process; makes buckets for tests."""

    endpoint: str
    process: subprocess.Popen[bytes]
    log: Path
    access_key: str = ACCESS_KEY
    secret_key: str = SECRET_KEY
    _buckets: int = field(default=0)

    def client(self) -> S3Client:
        """A plain boto3 client for setting up and inspecting the server."""
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 0}),
        )

    def new_bucket(self) -> str:
        """Create a bucket no other test uses and return its name."""
        self._buckets += 1
        name = f"t{os.getpid()}-{self._buckets}-{uuid.uuid4().hex[:8]}"
        self.client().create_bucket(Bucket=name)
        return name

    def s3_url(self, bucket: str | None = None, prefix: str = "ward") -> str:
        """s3://bucket/prefix?endpoint=... for a fresh bucket (or `bucket`, created if absent)."""
        if bucket is None:
            bucket = self.new_bucket()
        else:
            try:
                self.client().create_bucket(Bucket=bucket)
            except botocore.exceptions.ClientError as exc:
                if "BucketAlready" not in str(exc):
                    raise
        return f"s3://{bucket}/{prefix}?endpoint={self.endpoint}"

    def stop(self, *, kill: bool = False) -> None:
        """Stop the server (SIGKILL when `kill`, as a crash or power cut would)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def _wait_ready(server: S3Server, name: str) -> bool:
    """True once an authenticated ListBuckets succeeds; False when the process died."""
    deadline = time.monotonic() + START_TIMEOUT_S
    client = server.client()
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        try:
            client.list_buckets()
            return True
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError):
            time.sleep(0.1)
    server.stop(kill=True)
    log = server.log.read_text(errors="replace")[-3000:]
    pytest.fail(f"{name} did not answer within {START_TIMEOUT_S:.0f} s; its log ends:\n{log}")


def start_seaweed(base: Path) -> S3Server:
    """`weed mini` in `base` with every port chosen free (retried if a port was taken)."""
    weed = find_binary("weed")
    env = {**os.environ, "AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY}
    for attempt in range(3):
        run = base / f"run{attempt}"
        (run / "data").mkdir(parents=True)
        ports = {name: free_port_pair() for name in ("master", "volume", "filer", "s3", "admin")}
        args = [
            weed, "mini", f"-dir={run / 'data'}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            "-master.telemetry=false", "-admin.ui=false", "-webdav=false",
            "-s3.autoCreateBucket=false", "-s3.port.iceberg=0", "-s3.port.lance=0",
            f"-filer.localSocket={run / 'filer.sock'}", f"-s3.localSocket={run / 's3.sock'}",
        ]  # fmt: skip
        for name, port in ports.items():
            args += [f"-{name}.port={port}", f"-{name}.port.grpc={port + 10000}"]
        log = run / "weed.log"
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                args,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                preexec_fn=_die_with_parent,
            )
        server = S3Server(f"http://127.0.0.1:{ports['s3']}", proc, log)
        if _wait_ready(server, "weed mini"):
            return server
    pytest.fail(f"weed mini would not start; its log ends:\n{log.read_text()[-3000:]}")


def start_rclone_s3(base: Path) -> S3Server:
    """`rclone serve s3` over a folder in `base`; it ignores If-None-Match (the probe's foil)."""
    rclone = find_binary("rclone")
    data, conf = base / "data", base / "rclone.conf"
    data.mkdir(parents=True)
    conf.touch()  # an empty config of our own: never the user's
    for _ in range(3):
        port = free_port()
        log = base / f"rclone-{port}.log"
        args = [
            rclone, "serve", "s3", "--config", str(conf), "--addr", f"127.0.0.1:{port}",
            "--auth-key", f"{ACCESS_KEY},{SECRET_KEY}", str(data),
        ]  # fmt: skip
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                args,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                preexec_fn=_die_with_parent,
            )
        server = S3Server(f"http://127.0.0.1:{port}", proc, log)
        if _wait_ready(server, "rclone serve s3"):
            return server
    pytest.fail(f"rclone serve s3 would not start; its log ends:\n{log.read_text()[-3000:]}")
