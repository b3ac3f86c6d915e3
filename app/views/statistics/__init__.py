"""The "Thống kê" page: on-time figures of documents and tasks, the outgoing figures, exports."""

from app.views.statistics.page import StatisticsPage

__all__ = ["StatisticsPage"]
