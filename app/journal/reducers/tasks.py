"""Reducers of tasks (công việc)."""
