"""The certificate a signature will be made under: subject, issuer, validity (shown before signing).

A USB token shows its certificate at once. A .p12 file keeps it encrypted under the same
password as the key, so it shows once the password is typed and "Xem chứng thư" is clicked;
the password goes to the service for that one call and is not kept.
"""

from __future__ import annotations

import datetime as dt
import html

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.errors import UserError
from app.i18n import tr
from app.services.signing import ORG_OWNER as ORG_OWNER
from app.services.signing import CertificateInfo, SignerConfig
from app.services.space import Space
from app.timeutil import VN_TZ, fmt_date
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded
from app.views.incoming.signature_panel import BAD, DOUBT, GOOD


def describe_certificate(cert: CertificateInfo, now: dt.datetime) -> str:
    """Rich text: who, issued by whom, valid from … to …, in green (or red when not valid now)."""
    valid = cert.not_before <= now <= cert.not_after
    colour = GOOD if valid else BAD
    subject = cert.subject_cn + (f" ({cert.organisation})" if cert.organisation else "")
    validity = tr("từ {start} đến {end}").format(
        start=fmt_date(cert.not_before.astimezone(VN_TZ).date()),
        end=fmt_date(cert.not_after.astimezone(VN_TZ).date()),
    )
    if not valid:
        validity += " — " + tr("KHÔNG còn hiệu lực")
    rows = (
        (tr("Chủ thể"), subject),
        (tr("Tổ chức cấp"), cert.issuer_cn),
        (tr("Hiệu lực"), validity),
        (tr("Số hiệu"), cert.serial),
    )
    lines = [f"{html.escape(k)}: <b>{html.escape(v)}</b>" for k, v in rows]
    return f'<span style="color:{colour}">' + "<br>".join(lines) + "</span>"


class CertificateBox(QFrame):
    """The certificate of one key owner (a user id, or "org") on this PC.

    Signals:
        config_known(object): the owner's SignerConfig on this PC, or None when none is set.
    """

    config_known = pyqtSignal(object)

    def __init__(self, space: Space, owner: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._space = space
        self._owner = owner
        self.config: SignerConfig | None = None
        self.certificate: CertificateInfo | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.text)
        self.text.setText(html.escape(tr("Đang đọc chứng thư số…")))

    @property
    def needs_secret(self) -> bool:
        """True when the certificate shows only with the password (a .p12 file)."""
        return self.config is not None and self.config.kind == "pkcs12"

    def load(self) -> None:
        """Find the key set for the owner on this PC and show its certificate if it can."""
        signing, owner = self._space.signing, self._owner

        def query() -> tuple[SignerConfig | None, CertificateInfo | None]:
            config = signing.signer_config(owner)
            if config is None:
                return None, None
            try:
                return config, signing.certificate(owner)
            except UserError:
                if config.kind == "pkcs12":
                    return config, None  # encrypted under the password: shown once it is typed
                raise

        QueryOp(self, query).success(guarded(self, self._on_loaded)).failure(
            guarded(self, self._on_failed)
        ).run()

    def _on_loaded(self, result: tuple[SignerConfig | None, CertificateInfo | None]) -> None:
        self.config, certificate = result
        if self.config is None:
            self._show_problem(
                tr(
                    "Máy này chưa được cài đặt khóa ký số. Hãy vào Cài đặt ký số để chọn "
                    "tệp khóa (.p12) hoặc thiết bị ký số (USB token)."
                )
            )
        elif certificate is not None:
            self.show_certificate(certificate)
        else:
            self.text.setText(
                html.escape(self.config.describe())
                + "<br>"
                + html.escape(tr("Nhập mật khẩu rồi bấm “Xem chứng thư” để kiểm tra chứng thư số."))
            )
        self.config_known.emit(self.config)

    def _on_failed(self, exc: BaseException) -> None:
        message = exc.message if isinstance(exc, UserError) else tr("Không đọc được chứng thư số.")
        self._show_problem(message)
        self.config_known.emit(self.config)

    def _show_problem(self, message: str) -> None:
        self.text.setText(f'<span style="color:{BAD}">{html.escape(message)}</span>')

    def check(self, secret: str) -> None:
        """Open the certificate with the password typed (for a .p12 file) and show it."""
        signing, owner = self._space.signing, self._owner
        self.text.setText(
            f'<span style="color:{DOUBT}">{html.escape(tr("Đang mở tệp khóa…"))}</span>'
        )

        def failed(exc: BaseException) -> None:
            self._show_problem(
                exc.message if isinstance(exc, UserError) else tr("Không đọc được chứng thư số.")
            )

        QueryOp(self, lambda: signing.certificate(owner, secret)).success(
            guarded(self, self.show_certificate)
        ).failure(guarded(self, failed)).run()

    def show_certificate(self, certificate: CertificateInfo) -> None:
        """Show `certificate`."""
        self.certificate = certificate
        self.text.setText(describe_certificate(certificate, self._space.clock.now()))
