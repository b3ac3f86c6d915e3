"""Constants, records and helpers shared by the signing tests (imported by conftest too)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import pytest

from app.signing import demo_pki
from app.signing.appearance import Box
from app.signing.fields import NumberPositions, TextSpot
from app.signing.signers import TokenConfig

ORGANISATION = "UBND phường Gia Thụy"
LEADER_CN = "Nguyễn Văn Thắng"
TOKEN_CN = "Trần Thị Lan"
P12_PASSWORD = "mật-khẩu-123"
TOKEN_LABEL = "WARD-TEST-TOKEN"
TOKEN_PIN = "246810"
SO_PIN = "12345678"
SOFTHSM_MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)


@dataclass(frozen=True)
class PageLayout:
    """Where the test PDF puts things (PDF points, A4 portrait, origin bottom left)."""

    leader_box: Box  # between "CHỦ TỊCH" and the name (ô 7c)
    position_baseline: float  # baseline of "CHỦ TỊCH"
    name_baseline: float  # baseline of the signer's name
    number: NumberPositions
    page_width: float = 595.276
    page_height: float = 841.89


LAYOUT = PageLayout(
    leader_box=(355.0, 606.0, 505.0, 674.0),
    position_baseline=684.0,
    name_baseline=590.0,
    number=NumberPositions(
        number=TextSpot(page=0, box=(122.0, 754.0, 150.0, 772.0), font_size=13, align="right"),
        date=TextSpot(page=0, box=(300.0, 754.0, 565.0, 772.0), font_size=14, italic=True),
    ),
)


@dataclass(frozen=True)
class Pki:
    """The demo CA and the identities the tests sign with."""

    ca: demo_pki.DemoCa
    leader: demo_pki.Identity
    organisation: demo_pki.Identity
    expired: demo_pki.Identity
    not_yet_valid: demo_pki.Identity
    wrong_usage: demo_pki.Identity
    tsa: demo_pki.Identity


@dataclass(frozen=True)
class TokenSetup:
    """A SoftHSM2 token with a key generated on it and a certificate from the demo CA."""

    config: TokenConfig
    pin: str
    module: str


def tool_missing(name: str) -> None:
    """Skip (locally) or fail (under CI) when a tool the setup script installs is absent."""
    message = f"{name} is not installed (scripts/setup-debian.sh installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@dataclass(frozen=True)
class PdfsigSignature:
    """What poppler's pdfsig says about one signature."""

    field: str
    common_name: str
    valid: bool
    total_document: bool


def parse_pdfsig(block: str) -> PdfsigSignature:
    def value(label: str) -> str:
        found = re.search(rf"^\s*- {re.escape(label)}: (.*)$", block, flags=re.MULTILINE)
        return found.group(1).strip() if found else ""

    return PdfsigSignature(
        field=value("Signature Field Name"),
        common_name=value("Signer Certificate Common Name"),
        valid=value("Signature Validation") == "Signature is Valid.",
        total_document="Total document signed" in block,
    )


RENDER_SCALE = 3.0  # 216 dpi: 1 pt = 3 px
