"""Property: three PCs doing random work, offline and online, in random sync orders, converge."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import select

from app.errors import UserError
from app.models import IncomingDocument
from app.models.enums import AssigneeKind
from app.services.incoming_dto import AssignmentDraft, Box, HandlerRef, IncomingFilter
from app.services.space import Space
from app.services.state_hash import state_hash
from app.sync.target import Target, TargetUnreachable
from tests.sync.conftest import DRAFT, Office, queue_pdf


class Unplugged:
    """A target whose network is down: every call fails as a real outage does."""

    def __init__(self, inner: Target) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> object:
        if name in ("display_url", "is_local"):
            return getattr(self.inner, name)

        def fail(*_args: object, **_kwargs: object) -> object:
            raise TargetUnreachable("mất kết nối (thử nghiệm)")

        return fail


def _set_online(space: Space, online: bool) -> None:
    current = space.target()
    assert current is not None
    if online and isinstance(current, Unplugged):
        space._target = current.inner
    elif not online and not isinstance(current, Unplugged):
        space._target = Unplugged(current)  # type: ignore[assignment]


def _ids(space: Space, box: Box) -> list[str]:
    flt = IncomingFilter(box=box)
    return [r.id for r in space.incoming.rows(flt, sort="number", descending=False, limit=10_000)]


def _state(space: Space, doc: str) -> str:
    return str(space.incoming.detail(doc).row.state)


def _random_work(office: Office, rng: random.Random, steps: int) -> None:
    clerk = office.join("pc1", "vanthu")
    leader_laptop = office.join("pc2", "chutich")
    desk = office.genesis
    desk.sign_in("chutich", "matkhau123")  # the leader's desktop: same person, another PC
    pcs = [desk, clerk, leader_laptop]
    official = office.ward.official
    leaders = [desk, leader_laptop]
    refusals: list[str] = []
    for step in range(steps):
        for other in pcs:
            other.clock.advance(dt.timedelta(milliseconds=rng.randint(0, 2000)))  # type: ignore[attr-defined]
        action = rng.choice(["new", "submit", "decide", "decide", "comment", "sync", "sync", "net"])
        pc = (
            clerk
            if action in ("new", "submit")
            else rng.choice(leaders if action == "decide" else pcs)
        )
        try:
            if action == "net":
                _set_online(pc, isinstance(pc.target(), Unplugged))
            elif action == "sync":
                pc.sync.sync_once()
            elif action == "comment":
                docs = _ids(pc, Box.ALL)
                if docs:
                    pc.incoming.comment(rng.choice(docs), f"Ý kiến {step}")
            elif action == "new":
                doc = queue_pdf(clerk, f"s{step}")
                clerk.incoming.register(doc, DRAFT, allow_duplicate=True)
            elif action == "submit":
                docs = [
                    d
                    for d in _ids(clerk, Box.ALL)
                    if _state(clerk, d) in ("registered", "returned")
                ]
                if docs:
                    clerk.incoming.submit(rng.choice(docs), office.ward.leader)
            else:
                docs = [d for d in _ids(pc, Box.ALL) if _state(pc, d) == "submitted"]
                if docs and rng.random() < 0.8:
                    pc.incoming.assign(
                        rng.choice(docs),
                        AssignmentDraft(f"Chỉ đạo {step}", HandlerRef(AssigneeKind.USER, official)),
                    )
                elif docs:
                    pc.incoming.return_to_clerk(rng.choice(docs), f"Bổ sung {step}")
        except TargetUnreachable:
            pass
        except UserError as exc:  # a refusal the user would see (e.g. state changed): fine
            refusals.append(exc.message)
    assert all(refusals)  # every refusal came with a message
    for pc in pcs:
        _set_online(pc, True)
    for _ in range(3):
        for pc in rng.sample(pcs, len(pcs)):
            pc.sync.sync_once()


def _hash(space: Space) -> str:
    with space.db.read() as s:
        return state_hash(s)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_three_pcs_converge_on_a_folder(office: Office, seed: int) -> None:
    rng = random.Random(seed)
    _random_work(office, rng, 150)
    pcs = [office.genesis, *office.devices]
    hashes = {_hash(pc) for pc in pcs}
    assert len(hashes) == 1
    with office.genesis.db.read() as s:
        states = set(s.scalars(select(IncomingDocument.state)))
    assert {"submitted", "assigned"} <= states  # the random work did real work
    numbers = [
        r.arrival_number
        for r in office.genesis.incoming.rows(
            IncomingFilter(), sort="number", descending=False, limit=10_000
        )
        if r.arrival_number is not None
    ]
    assert sorted(numbers) == list(range(1, len(numbers) + 1))
    waiting = [pc.sync.status().waiting_numbers for pc in pcs]
    assert waiting == [0, 0, 0]
