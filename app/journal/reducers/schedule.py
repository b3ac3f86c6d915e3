"""Reducers of the weekly work schedule (lịch công tác tuần)."""
