"""The weekly work schedule (lịch công tác tuần): the page, its views and its dialogs."""

from app.views.schedule.page import SchedulePage

__all__ = ["SchedulePage"]
