"""The "Tổng quan" page: the signed-in user's counts, today's schedule, near-due tasks."""

from app.views.dashboard.page import DashboardPage

__all__ = ["DashboardPage"]
