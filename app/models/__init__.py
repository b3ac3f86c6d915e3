"""ORM tables only: the local projection of the journal, and the device-local journal tables."""

from app.models.base import Base
from app.models.directory import Device, Organisation, Register, Unit, User, UserRoleSpan
from app.models.incoming import HistoryEntry, IncomingAssignment, IncomingDocument
from app.models.journal import (
    EntityHead,
    FlaggedOp,
    LocalMeta,
    NumberClaim,
    OpRecord,
    QuarantinedOp,
)
from app.models.outgoing import (
    OutgoingDocument,
    OutgoingFile,
    OutgoingRecipient,
    SignatureImageRecord,
    SpaceSetting,
    TrustRoot,
)
from app.models.schedule import ScheduleEntry, ScheduleParticipant, ScheduleWeek
from app.models.tasks import Task, TaskFile, TaskParticipant, TaskReminder

__all__ = [
    "Base",
    "Device",
    "EntityHead",
    "FlaggedOp",
    "HistoryEntry",
    "IncomingAssignment",
    "IncomingDocument",
    "LocalMeta",
    "NumberClaim",
    "OpRecord",
    "Organisation",
    "OutgoingDocument",
    "OutgoingFile",
    "OutgoingRecipient",
    "QuarantinedOp",
    "Register",
    "ScheduleEntry",
    "ScheduleParticipant",
    "ScheduleWeek",
    "SignatureImageRecord",
    "SpaceSetting",
    "Task",
    "TaskFile",
    "TaskParticipant",
    "TaskReminder",
    "TrustRoot",
    "Unit",
    "User",
    "UserRoleSpan",
]
