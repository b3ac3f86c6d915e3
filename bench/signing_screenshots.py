"""Screenshots of the signing screens: "Cài đặt ký số" and "Kiểm tra chữ ký số", for review.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python bench/signing_screenshots.py \
        [--out docs/screenshots] [--extra]

A small ward is made in a temporary folder with the demo PKI: the clerk (who is also the
administrator) has chosen her .p12 and uploaded her signature image; the ward's key, seal and
the demo CA as trust root are set. The decision checked in the validation dialog is signed by
the chairman, then sealed by the ward with an in-process timestamp authority. `--extra` also
shoots the other tabs and a tampered copy. Settings go to a temporary folder, never to the
user's profile.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from PyQt6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PyQt6.QtWidgets import QWidget  # noqa: E402

from app.documents.demo_pdf import DemoDocument, render_pdf  # noqa: E402
from app.models.enums import Role  # noqa: E402
from app.services.directory import OrganisationInfo, UserInfo  # noqa: E402
from app.services.signing import SERIES_SHARED, SignerConfig, SigningSettings  # noqa: E402
from app.services.space import AdminInfo, Space, create_space  # noqa: E402
from app.signing import demo_pki  # noqa: E402
from app.signing.appearance import LeaderAppearance, SealAppearance, load_image, seal_box  # noqa: E402
from app.signing.fields import (  # noqa: E402
    LEADER_FIELD,
    ORGANISATION_FIELD,
    SignatureField,
    add_signature_fields,
)
from app.signing.sign import sign_pdf  # noqa: E402
from app.signing.signers import load_pkcs12_file  # noqa: E402
from app.ui_support import ops  # noqa: E402
from app.views.app_main import make_application  # noqa: E402
from app.views.signing.settings_dialog import SigningSettingsDialog  # noqa: E402
from app.views.signing.validation_dialog import SignatureValidationDialog  # noqa: E402
from bench.screenshots import pump  # noqa: E402

PASSWORD = "demo1234"
ORG = OrganisationInfo(
    "UBND phường Gia Thụy", "UBND", "Gia Thụy", "ỦY BAN NHÂN DÂN QUẬN LONG BIÊN", "000.00.11.H26"
)
CHAIRMAN = "Trần Văn Nam"
CLERK = "Nguyễn Thị Hoa"
LEADER_BOX = (340.0, 300.0, 500.0, 370.0)


def build_space(root: Path) -> tuple[Space, demo_pki.DemoKeyFiles]:
    """A ward whose clerk-administrator has set up every signing setting."""
    space = create_space(root / "space", ORG, AdminInfo("quantri", "Quản trị hệ thống", PASSWORD))
    roles = frozenset({Role.CLERK, Role.ADMIN})
    space.directory.create_user(UserInfo("", "vanthu", CLERK, "Văn thư", None, roles), PASSWORD)
    space.directory.create_user(
        UserInfo("", "chutich", CHAIRMAN, "Chủ tịch", None, frozenset({Role.LEADER})), PASSWORD
    )
    keys = demo_pki.write_demo_files(
        root / "khoa-ky-so",
        password=PASSWORD,
        organisation=ORG.name,
        place=ORG.place_name,
        people=[("vanthu", CLERK), ("chutich", CHAIRMAN)],
    )
    space.signing.import_trust_roots([keys.ca_certificate])
    space.signing.save_settings(SigningSettings("http://tsa.example.vn/tsa", True, SERIES_SHARED))
    space.sign_out()
    space.sign_in("vanthu", PASSWORD)
    signing, me = space.signing, space.auth.user.id
    signing.set_signer_config(me, SignerConfig("pkcs12", path=str(keys.pkcs12["vanthu"])))
    signing.set_signature_image(keys.signature_images["vanthu"].read_bytes())
    signing.set_signer_config("org", SignerConfig("pkcs12", path=str(keys.pkcs12["coquan"])))
    signing.set_seal_image(keys.seal_image.read_bytes(), 35.0)
    return space, keys


def signed_decision(keys: demo_pki.DemoKeyFiles) -> bytes:
    """A decision signed by the chairman, then sealed by the ward with a timestamp."""
    from asn1crypto import keys as asn1_keys
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
    from pyhanko.sign.timestamps import DummyTimeStamper

    tsa = demo_pki.DemoCa.create("Máy chủ dấu thời gian (thử)").issue_tsa()
    assert tsa.key is not None
    stamper = DummyTimeStamper(
        tsa_cert=tsa.asn1(),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            tsa.key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
        ),
    )
    pdf = render_pdf(
        DemoDocument(
            issuing_parent=ORG.parent_name,
            issuing_agency="ỦY BAN NHÂN DÂN PHƯỜNG GIA THỤY",
            code="15/QĐ-UBND",
            place="Gia Thụy",
            date=dt.date(2026, 11, 20),
            type_name="QUYẾT ĐỊNH",
            summary="Về việc kiểm tra trật tự đô thị trên địa bàn phường",
            body=["Điều 1. Thành lập tổ kiểm tra trật tự đô thị phường Gia Thụy."],
            signer_position="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
            signer_name=CHAIRMAN,
            recipients=["Như Điều 1"],
        )
    )
    signature = keys.signature_images["chutich"].read_bytes()
    seal = keys.seal_image.read_bytes()
    seal_field = seal_box(
        LEADER_BOX,
        load_image(signature, what="chữ ký"),
        load_image(seal, what="con dấu"),
        seal_diameter_mm=35.0,
    )
    prepared = add_signature_fields(
        pdf,
        [
            SignatureField(LEADER_FIELD, 0, LEADER_BOX),
            SignatureField(ORGANISATION_FIELD, 0, seal_field),
        ],
    )
    leader = load_pkcs12_file(keys.pkcs12["chutich"], PASSWORD)
    ward = load_pkcs12_file(keys.pkcs12["coquan"], PASSWORD)
    signed = sign_pdf(prepared, LEADER_FIELD, leader, LeaderAppearance(signature))
    return sign_pdf(signed, ORGANISATION_FIELD, ward, SealAppearance(seal), timestamper=stamper)


def save(widget: QWidget, out: Path, name: str) -> None:
    """Let the widget settle and save it as `name`.png."""
    pump(400)
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(path, flush=True)


def shoot_settings(space: Space, out: Path, *, extra: bool) -> None:
    """The clerk's own key with its certificate shown; with `extra`, every other tab."""
    dialog = SigningSettingsDialog(space)
    dialog.resize(760, 640)
    dialog.show()
    dialog.my_key.password_edit.setText(PASSWORD)
    dialog.my_key.show_button.click()
    save(dialog, out, "signing-settings")
    if extra:
        for index, name in enumerate(("image", "organisation", "trust-roots", "options"), 1):
            dialog.tabs.setCurrentIndex(index)
            save(dialog, out, f"signing-settings-{name}")
        assert dialog.org_key is not None
        dialog.tabs.setCurrentIndex(2)
        dialog.org_key.password_edit.setText(PASSWORD)
        dialog.org_key.show_button.click()
        save(dialog, out, "signing-settings-organisation-certificate")
        dialog.tabs.setCurrentIndex(0)
        dialog.my_key.token_radio.click()
        save(dialog, out, "signing-settings-token")
        dialog.my_key.p12_radio.click()
        dialog.my_key.password_edit.setText("sai")
        dialog.my_key.show_button.click()
        save(dialog, out, "signing-settings-wrong-password")
    dialog.done(0)


def shoot_validation(space: Space, pdf: bytes, out: Path, *, extra: bool) -> None:
    """The signed decision's two signatures; with `extra`, a tampered copy and no signature."""
    dialog = SignatureValidationDialog(space, pdf=pdf, name="15-QD-UBND-da-ky.pdf")
    dialog.show()
    save(dialog, out, "signature-validation")
    if extra:
        at = pdf.index(b"ReportLab Generated")
        dialog.check_pdf(pdf[:at] + b"X" + pdf[at + 1 :], "15-QD-UBND-bi-sua.pdf")
        save(dialog, out, "signature-validation-tampered")
        dialog.check_pdf(b"%PDF-1.7\nhong", "tep-hong.pdf")
        save(dialog, out, "signature-validation-corrupt")
    dialog.done(0)


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and shoot the signing screens."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--extra", action="store_true", help="also the other tabs and states")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="signing-shots-"))
    app = make_application(["signing-screenshots"])
    QCoreApplication.setOrganizationName("ward-office-screenshots")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "qt"))
    ops.set_inline(True)
    space, keys = build_space(work)
    try:
        shoot_settings(space, args.out, extra=args.extra)
        shoot_validation(space, signed_decision(keys), args.out, extra=args.extra)
    finally:
        space.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
