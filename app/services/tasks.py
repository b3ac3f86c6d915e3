"""Tasks (giao việc): assign, report progress, ask for more time, finish, accept or return."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from app.blobs import BlobStore
from app.journal.log import Journal
from app.services.auth import AuthContext
from app.timeutil import Clock


class TaskService:
    """Commands and queries on tasks."""

    def __init__(
        self,
        read: sessionmaker[Session],
        write: sessionmaker[Session],
        journal: Journal,
        auth: AuthContext,
        blobs: BlobStore,
        clock: Clock,
    ) -> None:
        self._read = read
        self._write = write
        self._journal = journal
        self._auth = auth
        self._blobs = blobs
        self._clock = clock
