"""Reducers: how each kind of op changes the projection. Importing this registers them all."""

from app.journal.reducers import directory, incoming, outgoing, schedule, settings, tasks

__all__ = ["directory", "incoming", "outgoing", "schedule", "settings", "tasks"]
