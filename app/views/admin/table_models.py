"""Qt table models of the directory: units, users and registers, fed by QueryOps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PyQt6 import sip
from PyQt6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PyQt6.QtGui import QColor

from app.i18n import tr
from app.models.enums import Role
from app.services.auth import ROLE_LABELS
from app.services.directory import DirectoryService, UnitInfo, UserInfo
from app.services.sync import DeviceInfo, SyncService
from app.ui_support.ops import QueryOp

IdRole = Qt.ItemDataRole.UserRole + 1  # the row's id (str)
RowRole = Qt.ItemDataRole.UserRole + 2  # the row's DTO
ActiveRole = Qt.ItemDataRole.UserRole + 3  # False for a deactivated unit or user

ROLE_ORDER = (Role.CLERK, Role.LEADER, Role.OFFICIAL, Role.ADMIN)
_INACTIVE = QColor("#8a8a8a")
_Index = QModelIndex | QPersistentModelIndex


def role_names(roles: frozenset[Role]) -> str:
    """ "Văn thư, Quản trị hệ thống" in a fixed order."""
    return ", ".join(tr(ROLE_LABELS[r]) for r in ROLE_ORDER if r in roles)


def active_text(active: bool) -> str:
    """The status column's text."""
    return tr("Đang hoạt động") if active else tr("Ngừng hoạt động")


class _DtoTableModel(QAbstractTableModel):
    """Rows of DTOs with fixed columns; `refresh()` re-reads them through a QueryOp."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def headers(self) -> tuple[str, ...]:
        """The column titles."""
        raise NotImplementedError

    def fetch(self) -> Callable[[], list[Any]]:
        """The service call that returns the rows (run off the GUI thread)."""
        raise NotImplementedError

    def cell(self, row: Any, column: int) -> str:
        """The text of one cell."""
        raise NotImplementedError

    def row_id(self, row: Any) -> str:
        """The row's id."""
        return str(row.id)

    def row_active(self, _row: Any) -> bool:
        """False for rows shown greyed out."""
        return True

    def refresh(self) -> None:
        """Re-read the rows."""
        QueryOp(None, self.fetch()).success(self._on_rows_loaded).run()

    def _on_rows_loaded(self, rows: list[Any]) -> None:
        if sip.isdeleted(self):
            return
        self.set_rows(rows)

    def set_rows(self, rows: list[Any]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        """The DTO of a row."""
        return self._rows[row]

    def row_of(self, row_id: str) -> int:
        """The row number of an id, or -1."""
        return next((i for i, r in enumerate(self._rows) if self.row_id(r) == row_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 — Qt's signature
        """Number of rows (flat table)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 — Qt's signature
        """Number of columns."""
        return 0 if parent.isValid() else len(self.headers())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < self.columnCount()
        ):
            return self.headers()[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, greyed-out inactive rows and the custom roles."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell(row, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and not self.row_active(row):
            return _INACTIVE
        if role == IdRole:
            return self.row_id(row)
        if role == RowRole:
            return row
        if role == ActiveRole:
            return self.row_active(row)
        return None


class UnitTableModel(_DtoTableModel):
    """The units, active and inactive."""

    def headers(self) -> tuple[str, ...]:
        """Name, abbreviation, status."""
        return (tr("Tên đơn vị"), tr("Chữ viết tắt"), tr("Trạng thái"))

    def __init__(self, directory: DirectoryService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._directory = directory

    def fetch(self) -> Callable[[], list[Any]]:
        """All units."""
        directory = self._directory
        return lambda: directory.units(include_inactive=True)

    def cell(self, row: UnitInfo, column: int) -> str:
        """Name, abbreviation, status."""
        return (row.name, row.abbreviation, active_text(row.active))[column]

    def row_active(self, row: UnitInfo) -> bool:
        """Deactivated units are grey."""
        return row.active

    def units(self) -> list[UnitInfo]:
        """The rows, e.g. for a user's unit choice."""
        return list(self._rows)


@dataclass(frozen=True)
class UserRow:
    """A user with the name of their unit."""

    user: UserInfo
    unit_name: str

    @property
    def id(self) -> str:
        """The user's id."""
        return self.user.id


def _user_rows(directory: DirectoryService) -> list[UserRow]:
    units = {u.id: u.name for u in directory.units(include_inactive=True)}
    users = directory.users(include_inactive=True)
    return [UserRow(u, units.get(u.unit_id or "", "")) for u in users]


class UserTableModel(_DtoTableModel):
    """The users with their login, position, unit, roles and status."""

    def headers(self) -> tuple[str, ...]:
        """The user's columns."""
        return (
            tr("Họ tên"),
            tr("Tên đăng nhập"),
            tr("Chức vụ"),
            tr("Đơn vị"),
            tr("Vai trò"),
            tr("Trạng thái"),
        )

    def __init__(self, directory: DirectoryService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._directory = directory

    def fetch(self) -> Callable[[], list[Any]]:
        """All users, with their unit's name."""
        directory = self._directory
        return lambda: _user_rows(directory)

    def cell(self, row: UserRow, column: int) -> str:
        """One column of a user."""
        u = row.user
        values = (u.full_name, u.login, u.position, row.unit_name, role_names(u.roles))
        return values[column] if column < len(values) else active_text(u.active)

    def row_active(self, row: UserRow) -> bool:
        """Deactivated users are grey."""
        return row.user.active


@dataclass(frozen=True)
class RegisterRow:
    """A register (sổ đăng ký) of one year."""

    id: str
    year: int
    name: str


class RegisterTableModel(_DtoTableModel):
    """The registers of one kind of document, newest year first."""

    def headers(self) -> tuple[str, ...]:
        """Year and name."""
        return (tr("Năm"), tr("Tên sổ"))

    def __init__(
        self, directory: DirectoryService, kind: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._directory = directory
        self._kind = kind

    def fetch(self) -> Callable[[], list[Any]]:
        """The registers of the kind."""
        directory, kind = self._directory, self._kind
        return lambda: [RegisterRow(*r) for r in directory.registers(kind)]

    def cell(self, row: RegisterRow, column: int) -> str:
        """Year and name."""
        return (str(row.year), row.name)[column]


def device_state_text(device: DeviceInfo) -> str:
    """ "Đang dùng", "Đã thu hồi", and "máy này" for the PC the admin sits at."""
    state = tr("Đã thu hồi") if device.revoked else tr("Đang dùng")
    return tr("{state} — máy này").format(state=state) if device.this_device else state


class DeviceTableModel(_DtoTableModel):
    """The PCs of the space (máy tính): name, the login it joined for, state."""

    def headers(self) -> tuple[str, ...]:
        """Name, login, state, id."""
        return (tr("Tên máy"), tr("Người dùng"), tr("Trạng thái"), tr("Mã máy"))

    def __init__(self, sync: SyncService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sync = sync

    def fetch(self) -> Callable[[], list[Any]]:
        """All devices, revoked ones too."""
        return self._sync.devices

    def cell(self, row: DeviceInfo, column: int) -> str:
        """One column of a device."""
        return (row.label, row.login, device_state_text(row), row.id[:8])[column]

    def row_active(self, row: DeviceInfo) -> bool:
        """Revoked PCs are grey."""
        return not row.revoked
