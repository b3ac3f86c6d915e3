"""Statuses and code lists, stored as their string values."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    """What a user may do (ARCHITECTURE §1)."""

    CLERK = "clerk"
    LEADER = "leader"
    OFFICIAL = "official"
    ADMIN = "admin"


class IncomingState(enum.StrEnum):
    """Where an incoming document is in its flow."""

    QUEUED = "queued"  # Chờ vào sổ
    REGISTERED = "registered"  # Đã vào sổ, chưa trình
    SUBMITTED = "submitted"  # Đã trình, chờ chỉ đạo
    RETURNED = "returned"  # Lãnh đạo trả lại văn thư
    ASSIGNED = "assigned"  # Đã phân công, đang xử lý
    COMPLETED = "completed"  # Hoàn thành
    DISCARDED = "discarded"  # Loại khỏi hàng chờ (không phải văn bản)
    INTERNAL = "internal"  # Văn bản nội bộ: a document the ward issued, delivered to its units


class OutgoingState(enum.StrEnum):
    """Where an outgoing document is, from the draft to issue (ND30 Điều 10-18)."""

    DRAFT = "draft"  # Đang soạn thảo
    CONTENT_REVIEW = "content_review"  # Chờ duyệt nội dung
    FORM_REVIEW = "form_review"  # Chờ kiểm tra thể thức
    AWAITING_APPROVAL = "awaiting_approval"  # Chờ lãnh đạo duyệt
    APPROVED = "approved"  # Đã duyệt, chờ tạo bản ký
    READY_TO_SIGN = "ready_to_sign"  # Chờ ký số
    SIGNED = "signed"  # Đã ký, chờ cấp số và ban hành
    ISSUED = "issued"  # Đã ban hành
    RETURNED = "returned"  # Trả lại người soạn thảo


class Urgency(enum.StrEnum):
    """Độ khẩn."""

    NORMAL = "normal"
    URGENT = "urgent"  # Khẩn
    VERY_URGENT = "very_urgent"  # Thượng khẩn
    FLASH = "flash"  # Hỏa tốc

    @property
    def is_urgent(self) -> bool:
        """Khẩn and above: handled at once, shown in red."""
        return self is not Urgency.NORMAL


class Confidentiality(enum.StrEnum):
    """Độ mật."""

    NORMAL = "normal"
    CONFIDENTIAL = "confidential"  # Mật
    SECRET = "secret"  # Tối mật
    TOP_SECRET = "top_secret"  # Tuyệt mật


class AssigneeKind(enum.StrEnum):
    """A handler is a person or a unit."""

    USER = "user"
    UNIT = "unit"


class AssignmentRole(enum.StrEnum):
    """Xử lý chính, phối hợp, nhận để biết."""

    PRIMARY = "primary"
    COORDINATE = "coordinate"
    INFO = "info"


class HandlingStatus(enum.StrEnum):
    """One handler's progress on one document."""

    PENDING = "pending"  # Chờ xử lý
    IN_PROGRESS = "in_progress"  # Đang xử lý
    DONE = "done"  # Đã xử lý


class Source(enum.StrEnum):
    """How a file reached the queue."""

    SCAN = "scan"
    MANUAL = "manual"
    EDXML = "edxml"


class TaskState(enum.StrEnum):
    """Where a task (công việc) is. Open: ASSIGNED, IN_PROGRESS, SUBMITTED."""

    ASSIGNED = "assigned"  # Mới giao
    IN_PROGRESS = "in_progress"  # Đang thực hiện (also after the assigner returns the result)
    SUBMITTED = "submitted"  # Đã báo cáo hoàn thành, chờ người giao duyệt
    DONE = "done"  # Hoàn thành: the assigner accepted the result
    CANCELLED = "cancelled"  # Đã hủy

    @property
    def is_open(self) -> bool:
        """Still somebody's work: counted for deadlines."""
        return self in (TaskState.ASSIGNED, TaskState.IN_PROGRESS, TaskState.SUBMITTED)


class TaskPriority(enum.StrEnum):
    """Mức độ ưu tiên."""

    LOW = "low"  # Thấp
    NORMAL = "normal"  # Bình thường
    HIGH = "high"  # Cao
    URGENT = "urgent"  # Khẩn


class ScheduleState(enum.StrEnum):
    """Where a week of the work schedule is: draft → submitted → published (read-only)."""

    DRAFT = "draft"  # Dự thảo
    SUBMITTED = "submitted"  # Chờ duyệt
    PUBLISHED = "published"  # Đã duyệt và ban hành; later changes are amendments


class DaySession(enum.StrEnum):
    """Buổi."""

    MORNING = "morning"  # Sáng
    AFTERNOON = "afternoon"  # Chiều
    EVENING = "evening"  # Tối
