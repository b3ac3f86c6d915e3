"""Tasks (công việc): who assigned what to whom, by when, and how far it got."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class Task(Base):
    """One task, standalone or from a document (`source` "incoming:<id>" / "outgoing:<id>")."""

    __tablename__ = "tasks"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20), index=True)  # TaskState
    priority: Mapped[str] = mapped_column(String(10), default="normal")  # TaskPriority
    source: Mapped[str] = mapped_column(String(60), default="", index=True)
    assigned_by: Mapped[str] = mapped_column(String(40), index=True)
    assigned_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    primary_kind: Mapped[str] = mapped_column(String(10))  # AssigneeKind
    primary_id: Mapped[str] = mapped_column(String(40))
    # the unit answerable for the task: the primary unit, or the primary person's unit when assigned
    unit_id: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    due_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    progress: Mapped[int] = mapped_column(Integer, default=0)  # percent
    progress_note: Mapped[str] = mapped_column(Text, default="")
    extension_due: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # asked for
    extension_reason: Mapped[str] = mapped_column(Text, default="")
    # when the assignee last reported the task done (the on-time test uses it)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    return_comment: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_tasks_primary", "primary_id", "state"),
        Index("ix_tasks_state_due", "state", "due_date"),
    )


class TaskParticipant(Base):
    """The primary assignee (role "primary") and each coordinator ("coordinate") of a task."""

    __tablename__ = "task_participants"
    task_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    assignee_kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    assignee_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))  # AssignmentRole.PRIMARY / COORDINATE

    __table_args__ = (Index("ix_task_participant_assignee", "assignee_id", "role"),)


class TaskFile(Base):
    """A file of a task: an attachment from the assigner or a file of a progress report."""

    __tablename__ = "task_files"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)  # "<op id>:<n>"
    task_id: Mapped[str] = mapped_column(String(40), index=True)
    purpose: Mapped[str] = mapped_column(String(20))  # "attachment" | "report"
    file_name: Mapped[str] = mapped_column(String(255))
    blob: Mapped[str] = mapped_column(String(64))
    file_size: Mapped[int] = mapped_column(Integer, default=0)
    added_by: Mapped[str] = mapped_column(String(40))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)


class TaskReminder(Base):
    """A deadline reminder already shown to a user on this device on a day (at most one a day)."""

    __tablename__ = "task_reminders"
    __local__ = True
    user_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    task_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
