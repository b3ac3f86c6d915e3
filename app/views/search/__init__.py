"""The search window (Tìm kiếm): one box over documents, tasks and the schedule."""
