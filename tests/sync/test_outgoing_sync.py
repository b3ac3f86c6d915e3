"""Outgoing documents across PCs: the leader signs on one, the clerk issues on another.

The số đi is claimed on the shared target like the số đến; an offline clerk is told to try again
and nothing changes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.errors import UserError
from app.journal.reducers.settings import ORG_OWNER
from app.models.enums import OutgoingState
from app.services.outgoing_dto import IssueForm
from app.services.signing import SignerConfig
from app.services.space import Space
from app.services.state_hash import state_hash
from app.signing.demo_pki import write_demo_files
from tests.sync.conftest import Office
from tests.unit.services.test_outgoing_service import P12_PASSWORD, actor, form, ready_pdf


def _sync(*spaces: Space) -> None:
    for _ in range(2):
        for space in spaces:
            space.sync.sync_once()


def _hash(space: Space) -> str:
    with space.db.read() as s:
        return state_hash(s)


def test_sign_on_one_pc_issue_on_another_with_a_claimed_number(
    office: Office, tmp_path: Path
) -> None:
    keys = write_demo_files(
        tmp_path / "keys",
        password=P12_PASSWORD,
        organisation="UBND phường Gia Thụy",
        place="Gia Thụy",
        people=[("chutich", "Trần Văn Nam")],
    )
    w, genesis = office.ward, office.genesis
    leader_pc = office.join("leader-pc", "chutich")
    clerk_pc = office.join("clerk-pc", "vanthu")
    leader_pc.signing.set_signer_config(
        w.leader, SignerConfig("pkcs12", str(keys.pkcs12["chutich"]))
    )
    leader_pc.signing.set_signature_image(keys.signature_images["chutich"].read_bytes())
    clerk_pc.signing.set_signer_config(
        ORG_OWNER, SignerConfig("pkcs12", str(keys.pkcs12["coquan"]))
    )
    clerk_pc.signing.set_seal_image(keys.seal_image.read_bytes(), 35.0)
    actor(genesis)("admin").signing.import_trust_roots([keys.ca_certificate])

    act = actor(genesis)
    doc_id = act("canbo").outgoing.new_draft(form(w))
    act("canbo").outgoing.submit(doc_id, w.official2)
    act("canbo2").outgoing.approve_content(doc_id)
    _sync(genesis, clerk_pc)
    clerk_pc.outgoing.approve_form(doc_id)
    _sync(clerk_pc, leader_pc)
    leader_pc.outgoing.approve(doc_id)
    notation = leader_pc.outgoing.detail(doc_id).row.code.partition("/")[2]
    pdf = tmp_path / "final.pdf"
    pdf.write_bytes(ready_pdf(leader_pc, notation))
    leader_pc.outgoing.prepare_final(doc_id, pdf)
    leader_pc.outgoing.sign(doc_id, P12_PASSWORD)
    _sync(leader_pc, clerk_pc)
    assert clerk_pc.outgoing.detail(doc_id).row.state == OutgoingState.SIGNED

    server = Path(office.url.removeprefix("file://"))
    offline = server.with_name("server-away")
    server.rename(offline)
    with pytest.raises(UserError, match="chưa cấp được số"):
        clerk_pc.outgoing.issue(doc_id, P12_PASSWORD)
    assert clerk_pc.outgoing.detail(doc_id).row.state == OutgoingState.SIGNED
    offline.rename(server)

    clerk_pc.outgoing.issue(doc_id, P12_PASSWORD, IssueForm(copies=2))
    year = clerk_pc.outgoing.detail(doc_id).row.year
    assert (server / "claims" / "outgoing" / str(year) / "000001").is_file()
    _sync(clerk_pc, leader_pc, genesis)
    detail = genesis.outgoing.detail(doc_id)
    assert (detail.row.state, detail.row.code) == (OutgoingState.ISSUED, "01/QĐ-UBND")
    issued = genesis.outgoing.file_bytes(detail.pdf_blob or "")  # fetched from the server
    assert [i.intact and i.trusted for i in genesis.signing.validate_pdf(issued)] == [True, True]
    assert _hash(genesis) == _hash(clerk_pc) == _hash(leader_pc)
    shutil.rmtree(tmp_path / "keys")
