"""The visibility tokens written into the index open exactly the rows the lists' rules allow,
for every role; and a row whose tokens are wrong is still not shown."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.models.enums import AssigneeKind
from app.search import acl, index
from app.services.incoming_dto import AssignmentDraft, HandlerRef
from app.services.outgoing_dto import IssueForm
from app.services.search import visible
from tests.conftest import Ward
from tests.unit.search.search_support import act, add_entry, assign_to_unit, new_task, register
from tests.unit.services.test_outgoing_service import (
    P12_PASSWORD,
    form,
    keys,  # noqa: F401 (a fixture signing_ward uses)
    to_approved,
    to_signed,
)
from tests.unit.services.test_outgoing_service import signing_ward as signing_ward_fixture

LOGINS = ("admin", "vanthu", "chutich", "canbo", "canbo2", "diachinh")


def _by_tokens(ward: Ward, login: str) -> set[tuple[str, str]]:
    user = act(ward, login).auth.user
    tokens = acl.of_user(user.id, user.unit_id, user.roles)
    expr = f"acl : ({' OR '.join(tokens)})"
    with ward.space.db.read() as s:
        rows = s.execute(
            text(
                "SELECT d.kind, d.ref FROM search_fts f JOIN search_docs d ON d.rowid = f.rowid "
                "WHERE search_fts MATCH :q"
            ),
            {"q": expr},
        ).all()
    return {(kind, ref) for kind, ref in rows}


def _by_rules(ward: Ward, login: str) -> set[tuple[str, str]]:
    user = act(ward, login).auth.user
    with ward.space.db.read() as s:
        rows = s.execute(select(index.docs.c.kind, index.docs.c.ref).where(visible(user))).all()
    return {(kind, ref) for kind, ref in rows}


signing_ward = signing_ward_fixture


def test_tokens_open_what_the_lists_show_for_every_role(signing_ward: Ward, tmp_path: Path) -> None:
    w = signing_ward
    to_vp = register(w, "Báo cáo công tác văn phòng", code="11")
    to_dc = register(w, "Cấp giấy chứng nhận quyền sử dụng đất", code="12")
    to_person = register(w, "Hướng dẫn kê khai tài sản", code="13")
    register(w, "Văn bản chưa trình", code="14")
    assign_to_unit(w, to_vp, w.unit_vp)
    assign_to_unit(w, to_dc, w.unit_dc)
    act(w, "vanthu").incoming.submit(to_person, w.leader)
    act(w, "chutich").incoming.assign(
        to_person, AssignmentDraft("Giao", HandlerRef(AssigneeKind.USER, w.official2))
    )
    new_task(w, "Kiểm tra trật tự đô thị")
    add_entry(w, "Họp giao ban")
    act(w, "canbo").outgoing.new_draft(form(w, summary="Dự thảo của cán bộ"))
    to_approved(w, form(w, summary="Văn bản chờ ký"))
    issued = to_signed(w, tmp_path, form(w, summary="Văn bản gửi Địa chính"))
    act(w, "vanthu").outgoing.issue(
        issued, P12_PASSWORD, IssueForm((HandlerRef(AssigneeKind.UNIT, w.unit_dc),), copies=1)
    )
    act(w, "vanthu").search.ensure_built()
    seen: dict[str, int] = {}
    for login in LOGINS:
        rules = _by_rules(w, login)
        assert _by_tokens(w, login) == rules, login
        seen[login] = len(rules)
    # the cases differ: the check above compared different sets, not empty ones
    assert seen["vanthu"] > seen["canbo"] > 0
    assert seen["diachinh"] > 0
    assert seen["chutich"] > seen["diachinh"]


def test_a_row_whose_tokens_are_wrong_is_not_shown(
    ward: Ward, caplog: pytest.LogCaptureFixture
) -> None:
    other = register(ward, "Quy hoạch sử dụng đất", code="21")
    assign_to_unit(ward, other, ward.unit_dc)
    sp = act(ward, "canbo")
    assert sp.search.search("quy hoach").hits == ()
    with ward.space.db.write.begin() as s:  # as if the tokens had been written wrongly
        s.execute(text("UPDATE search_fts SET acl = acl || ' zpub'"))
    with caplog.at_level(logging.ERROR):
        assert sp.search.search("quy hoach").hits == ()
    assert "visibility tokens" in caplog.text
    assert [h.id for h in act(ward, "diachinh").search.search("quy hoach").hits] == [other]
