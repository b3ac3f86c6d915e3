"""The first-run wizard: create the ward's space (organisation and first admin), join the ward's
existing space from its sync server (a new PC of the ward), or make a demo space."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import keyring.backend

from PyQt6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.errors import ValidationError
from app.i18n import tr
from app.models.enums import Role
from app.services.demo import DEMO_PASSWORD, create_demo_space
from app.services.directory import UserInfo, validate_org, validate_password
from app.services.enrolment import JoinedPC
from app.services.space import AdminInfo, Space, create_space
from app.timeutil import Clock, SystemClock
from app.ui_support.dialogs import FieldErrors
from app.ui_support.ops import CommandOp, show_error
from app.views.admin.organisation_form import OrganisationFieldsWidget
from app.views.admin.table_models import ROLE_ORDER
from app.views.join.account_page import JoinAccountPage
from app.views.join.code_page import JoinCodePage, JoinRequest
from app.views.join.server_page import JoinServerPage
from app.views.password_dialog import password_edit

INTRO_PAGE, ORGANISATION_PAGE, ADMIN_PAGE = range(3)
JOIN_SERVER_PAGE, JOIN_ACCOUNT_PAGE, JOIN_CODE_PAGE = range(3, 6)


class FirstRunWizard(QWizard):
    """Creates a space in `root`; after `accept()` the open space is in `space`.

    With the demo choice the space is filled with sample data and `demo_accounts` names one
    account per role (all with the demo password, in `demo_password`). With the join choice the
    space comes from the ward's sync server; `joined_login` is the user who will sign in and
    `join_approved` says whether the admin has approved this PC yet.
    """

    def __init__(
        self,
        root: Path,
        *,
        clock: Clock | None = None,
        keyring_backend: keyring.backend.KeyringBackend | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.root = root
        self.clock = clock
        self.keyring_backend = keyring_backend
        self.space: Space | None = None
        self.demo_accounts: list[tuple[str, Role]] = []
        self.demo_password = ""
        self.joined_login = ""
        self.busy = False
        self.setWindowTitle(tr("Thiết lập Văn phòng điện tử"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in (
            (QWizard.WizardButton.BackButton, tr("< Quay lại")),
            (QWizard.WizardButton.NextButton, tr("Tiếp theo >")),
            (QWizard.WizardButton.FinishButton, tr("Hoàn tất")),
            (QWizard.WizardButton.CancelButton, tr("Hủy")),
        ):
            self.setButtonText(button, text)
        self.intro_page = IntroPage(root)
        self.organisation_page = OrganisationPage()
        self.admin_page = AdminPage()
        self.join_server_page = JoinServerPage(clock or SystemClock())
        self.join_account_page = JoinAccountPage()
        self.join_code_page = JoinCodePage(
            root, self._join_request, clock=clock, keyring_backend=keyring_backend
        )
        self.join_code_page.join_succeeded.connect(self._on_join_code_page_join_succeeded)
        self.join_code_page.join_failed.connect(self._on_join_code_page_join_failed)
        self.setPage(INTRO_PAGE, self.intro_page)
        self.setPage(ORGANISATION_PAGE, self.organisation_page)
        self.setPage(ADMIN_PAGE, self.admin_page)
        self.setPage(JOIN_SERVER_PAGE, self.join_server_page)
        self.setPage(JOIN_ACCOUNT_PAGE, self.join_account_page)
        self.setPage(JOIN_CODE_PAGE, self.join_code_page)
        self.resize(640, 480)

    @property
    def join_approved(self) -> bool:
        """True when this PC joined the ward and the admin's approval has arrived."""
        return self.join_code_page.approved

    def reject(self) -> None:
        """Cancel, except while data is being made (nothing half-made is left).

        Once this PC has joined, closing the window is "Đóng, duyệt sau": the joined space opens.
        """
        if self.busy or self.join_code_page.busy:
            return
        if self.join_code_page.joined is not None:
            if self.validateCurrentPage():
                self.accept()
            return
        self.join_code_page.stop()
        super().reject()

    def _join_request(self) -> JoinRequest:
        """What the join pages collected, read on the GUI thread."""
        server, account = self.join_server_page, self.join_account_page
        return JoinRequest(
            server.target_url(),
            server.credentials(),
            account.login(),
            account.password(),
            account.pc_name(),
        )

    def _on_join_code_page_join_succeeded(self, joined: JoinedPC) -> None:
        self.space = joined.space
        self.joined_login = self.join_account_page.login()

    def _on_join_code_page_join_failed(self, exc: BaseException) -> None:
        """Back to the account page, with why (the server page is one more step back)."""
        self.back()
        if not self.join_account_page.errors.show(exc):
            show_error(self, exc)

    def run_creation(self, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        """Run a space-creating call off the GUI thread; accept the wizard when it worked."""
        self.busy = True
        self.setEnabled(False)

        def done(result: Any) -> None:
            self.busy = False
            self.setEnabled(True)
            on_done(result)
            self.accept()

        def failed(exc: BaseException) -> None:
            self.busy = False
            self.setEnabled(True)
            page = self.currentPage()
            if not (isinstance(page, AdminPage) and page.errors.show(exc)):
                show_error(self, exc)

        CommandOp(self, fn).success(done).failure(failed).with_progress(
            tr("Đang tạo dữ liệu…")
        ).run()


def demo_accounts(users: list[UserInfo]) -> list[tuple[str, Role]]:
    """One login per role, in the usual role order, to suggest on the sign-in dialog."""
    found: list[tuple[str, Role]] = []
    for role in ROLE_ORDER:
        login = next((u.login for u in users if role in u.roles), None)
        if login is not None:
            found.append((login, role))
    return found


class IntroPage(QWizardPage):
    """Welcome, and the choice between the ward's own space and a demo."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.setTitle(tr("Chào mừng đến với Văn phòng điện tử"))
        self.setSubTitle(tr("Máy này chưa có dữ liệu. Hãy chọn cách bắt đầu."))
        self.new_radio = QRadioButton(tr("Tạo cơ quan mới (nhập thông tin của phường)"))
        self.join_radio = QRadioButton(
            tr("Tham gia không gian làm việc có sẵn (máy mới của phường)")
        )
        self.demo_radio = QRadioButton(tr("Tạo dữ liệu mẫu (demo) để dùng thử"))
        self.new_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.new_radio)
        group.addButton(self.join_radio)
        group.addButton(self.demo_radio)
        self.demo_radio.toggled.connect(self._on_demo_radio_toggled)
        folder = QLabel(tr("Dữ liệu được lưu tại: {path}").format(path=root))
        folder.setWordWrap(True)
        folder.setObjectName("hintLabel")
        layout = QVBoxLayout(self)
        layout.addWidget(self.new_radio)
        layout.addWidget(self.join_radio)
        layout.addWidget(self.demo_radio)
        layout.addStretch(1)
        layout.addWidget(folder)

    def _on_demo_radio_toggled(self, _checked: bool) -> None:
        self.setFinalPage(self.demo_radio.isChecked())  # shows "Hoàn tất" instead of "Tiếp theo"

    def nextId(self) -> int:
        """The demo ends here; a new space goes on to the organisation, a join to the server."""
        if self.demo_radio.isChecked():
            return -1
        return JOIN_SERVER_PAGE if self.join_radio.isChecked() else ORGANISATION_PAGE

    def validatePage(self) -> bool:
        """With the demo choice, create the demo space now."""
        if not self.demo_radio.isChecked():
            return True
        wizard = self.wizard()
        if not isinstance(wizard, FirstRunWizard) or wizard.busy:
            return False
        if wizard.space is not None:
            return True
        root, clock = wizard.root, wizard.clock

        def create() -> tuple[Space, list[tuple[str, Role]]]:
            space = create_demo_space(root, clock=clock)
            return space, demo_accounts(space.directory.users())

        def done(result: tuple[Space, list[tuple[str, Role]]]) -> None:
            wizard.space, wizard.demo_accounts = result
            wizard.demo_password = DEMO_PASSWORD

        wizard.run_creation(create, done)
        return False


class OrganisationPage(QWizardPage):
    """The ward's identity."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(tr("Thông tin cơ quan"))
        self.setSubTitle(tr("Các thông tin này được in trên sổ đăng ký và văn bản."))
        self.fields = OrganisationFieldsWidget()
        self.error_label = QLabel()
        self.errors = FieldErrors(self.error_label, self.fields.fields)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

    def validatePage(self) -> bool:
        """Check the fields before going on."""
        try:
            validate_org(self.fields.info())
        except ValidationError as exc:
            self.errors.show(exc)
            return False
        self.errors.clear()
        return True


class AdminPage(QWizardPage):
    """The first administrator (Quản trị hệ thống); finishing creates the space."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(tr("Tài khoản quản trị"))
        self.setSubTitle(
            tr("Người quản trị thêm đơn vị, người dùng và phân quyền sau khi thiết lập.")
        )
        self.full_name_edit = QLineEdit()
        self.login_edit = QLineEdit()
        self.login_edit.setPlaceholderText(tr("chữ thường không dấu, ví dụ: admin"))
        self.password_edit = password_edit(new=True)
        self.password2_edit = password_edit()
        form = QFormLayout()
        form.addRow(tr("Họ tên:"), self.full_name_edit)
        form.addRow(tr("Tên đăng nhập:"), self.login_edit)
        form.addRow(tr("Mật khẩu:"), self.password_edit)
        form.addRow(tr("Nhập lại mật khẩu:"), self.password2_edit)
        self.error_label = QLabel()
        self.errors = FieldErrors(
            self.error_label,
            {
                "full_name": self.full_name_edit,
                "login": self.login_edit,
                "password": self.password_edit,
                "password2": self.password2_edit,
            },
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

    def nextId(self) -> int:
        """The last page of a new space (the join pages come after it in number only)."""
        return -1

    def validatePage(self) -> bool:
        """Check the passwords, then create the space (the wizard closes when it is made)."""
        wizard = self.wizard()
        if not isinstance(wizard, FirstRunWizard) or wizard.busy:
            return False
        if wizard.space is not None:
            return True
        password = self.password_edit.text()
        try:
            validate_password(password)
        except ValidationError as exc:
            self.errors.show(exc)
            return False
        if password != self.password2_edit.text():
            self.errors.show_message(tr("Hai mật khẩu không khớp."), "password2")
            return False
        self.errors.clear()
        page = wizard.organisation_page
        org = page.fields.info()
        admin = AdminInfo(
            login=self.login_edit.text().strip().lower(),
            full_name=self.full_name_edit.text().strip(),
            password=password,
        )
        root, clock, backend = wizard.root, wizard.clock, wizard.keyring_backend

        def create() -> Space:
            return create_space(root, org, admin, clock=clock, keyring_backend=backend)

        def done(space: Space) -> None:
            wizard.space = space

        wizard.run_creation(create, done)
        return False
