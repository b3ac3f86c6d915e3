"""The weekly work schedule (lịch công tác tuần): weeks, their entries and who takes part."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class ScheduleWeek(Base):
    """One ISO week (Monday–Sunday); id "2026-W48". Published weeks change only by amendment."""

    __tablename__ = "schedule_weeks"
    id: Mapped[str] = mapped_column(String(10), primary_key=True)
    monday: Mapped[dt.date] = mapped_column(Date, unique=True)
    state: Mapped[str] = mapped_column(String(20), index=True)  # ScheduleState
    version: Mapped[int] = mapped_column(Integer, default=0)  # +1 at publication and each amendment
    note: Mapped[str] = mapped_column(Text, default="")
    submitted_by: Mapped[str | None] = mapped_column(String(40), nullable=True)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    published_by: Mapped[str | None] = mapped_column(String(40), nullable=True)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    return_reason: Mapped[str] = mapped_column(Text, default="")


class ScheduleEntry(Base):
    """One item of a week: when, what, who chairs, where, who prepares.

    `amendment` is "" for items of the week as published, else "added", "changed" or "cancelled"
    (with `amended_at`/`amended_by`); a cancelled item stays, shown struck through.
    """

    __tablename__ = "schedule_entries"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    week_id: Mapped[str] = mapped_column(String(10), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    session: Mapped[str] = mapped_column(String(10))  # DaySession
    start_time: Mapped[str] = mapped_column(String(5))  # "08:00", Vietnam time
    end_time: Mapped[str | None] = mapped_column(String(5), nullable=True)
    content: Mapped[str] = mapped_column(Text)
    chair_id: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    outside_participants: Mapped[str] = mapped_column(Text, default="")  # outside bodies, as text
    location: Mapped[str] = mapped_column(String(200), default="")
    preparing_unit_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    separate_invitation: Mapped[bool] = mapped_column(Boolean, default=False)  # giấy mời riêng
    # related documents, a JSON list of "incoming:<id>" / "outgoing:<id>"
    links: Mapped[str] = mapped_column(Text, default="")
    # entries made together by one recurrence share it
    series_id: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    amendment: Mapped[str] = mapped_column(String(10), default="")
    amended_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    amended_by: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_by: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_schedule_day_start", "day", "start_time"),)


class ScheduleParticipant(Base):
    """A person or unit taking part in an entry (thành phần); outside bodies are text."""

    __tablename__ = "schedule_participants"
    entry_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    assignee_kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # AssigneeKind
    assignee_id: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)
