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
    "QuarantinedOp",
    "Register",
    "Unit",
    "User",
    "UserRoleSpan",
]
