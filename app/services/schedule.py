"""The weekly work schedule: draft, submit, publish, amend; the grid, today's agenda, exports."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from app.blobs import BlobStore
from app.journal.log import Journal
from app.services.auth import AuthContext
from app.timeutil import Clock


class ScheduleService:
    """Commands and queries on the weekly work schedule."""

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
