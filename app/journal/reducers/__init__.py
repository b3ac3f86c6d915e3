"""Reducers: how each kind of op changes the projection. Importing this registers them all."""

from app.journal.reducers import directory, incoming, outgoing, settings

__all__ = ["directory", "incoming", "outgoing", "settings"]
