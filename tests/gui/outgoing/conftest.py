"""Fixtures of the outgoing screens: inline ops, demo keys and images for the ward."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.signing import SignerConfig
from app.signing.demo_pki import write_demo_files
from app.ui_support import ops
from tests.conftest import NOW, Ward

KEY_PASSWORD = "khoa-ky-123"
ORG_OWNER = "org"


@pytest.fixture(autouse=True)
def inline_ops_outgoing() -> Iterator[None]:
    """Every op finishes before `run()` returns, so the screens are deterministic."""
    ops.set_inline(True)
    yield
    ops.set_inline(False)


@pytest.fixture
def keys(ward: Ward, tmp_path: Path) -> str:
    """Demo .p12 keys for the chairman and the ward, their images, the demo CA trusted.

    Returns the keys' password. Leaves the admin signed in.
    """
    files = write_demo_files(
        tmp_path / "keys",
        password=KEY_PASSWORD,
        organisation="UBND phường Gia Thụy",
        place="Gia Thụy",
        people=[("chutich", "Trần Văn Nam")],
        valid_from=NOW - dt.timedelta(days=30),
    )
    space = ward.as_user("chutich")
    space.signing.set_signer_config(
        ward.leader, SignerConfig("pkcs12", str(files.pkcs12["chutich"]))
    )
    space.signing.set_signature_image(files.signature_images["chutich"].read_bytes())
    space = ward.as_user("vanthu")
    space.signing.set_signer_config(ORG_OWNER, SignerConfig("pkcs12", str(files.pkcs12["coquan"])))
    space.signing.set_seal_image(files.seal_image.read_bytes())
    space = ward.as_user("admin")
    space.signing.import_trust_roots([files.ca_certificate])
    return KEY_PASSWORD
