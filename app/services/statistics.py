"""The dashboard (Tổng quan) and on-time statistics (Thống kê) of documents and tasks."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from app.services.auth import AuthContext
from app.timeutil import Clock


class StatisticsService:
    """Read-only figures for the signed-in user and, for leaders, the ward."""

    def __init__(self, read: sessionmaker[Session], auth: AuthContext, clock: Clock) -> None:
        self._read = read
        self._auth = auth
        self._clock = clock
