"""Real servers for the target tests, one set per pytest(-xdist) worker, stopped at the end.

`s3_credentials` exports the servers' key pair for every test here, so `open_target("s3://...")`
finds it where a user's PC would (the environment; the OS keyring is never touched in tests).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.s3_servers import (
    ACCESS_KEY,
    SECRET_KEY,
    S3Server,
    start_rclone_s3,
    start_seaweed,
)


@pytest.fixture(scope="session")
def seaweed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """One SeaweedFS for this worker's session; tests take fresh buckets from it."""
    server = start_seaweed(tmp_path_factory.mktemp("seaweed"))
    yield server
    server.stop(kill=True)  # throwaway data: no need to wait for a clean shutdown


@pytest.fixture
def seaweed_to_stop(tmp_path: Path) -> Iterator[S3Server]:
    """A SeaweedFS of the test's own, for tests that stop it."""
    server = start_seaweed(tmp_path / "seaweed")
    yield server
    server.stop(kill=True)


@pytest.fixture(scope="session")
def rclone_s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """`rclone serve s3` for this worker's session."""
    server = start_rclone_s3(tmp_path_factory.mktemp("rclone"))
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def s3_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test servers' keys in the environment, where S3Target looks first."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
