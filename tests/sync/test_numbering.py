"""Số đến claimed on the target: five clerks at once, the year's rollover, a clerk offline."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

from app.models.enums import Role
from app.services.directory import UserInfo
from app.services.incoming_dto import IncomingFilter
from app.services.space import open_space
from app.timeutil import FixedClock
from tests.conftest import PASSWORD, MemoryKeyring
from tests.sync.conftest import DRAFT, Office, queue_pdf
from tests.sync.test_convergence import Unplugged

CLERKS = 5
EACH = 200


def _clerk(root: Path, login: str, keyring: MemoryKeyring, now: dt.datetime, out: object) -> None:
    space = open_space(root, clock=FixedClock(now), keyring_backend=keyring)
    space.sign_in(login, PASSWORD)
    numbers = []
    for n in range(EACH):
        doc = queue_pdf(space, f"{login}-{n}")
        numbers.append(space.incoming.register(doc, DRAFT, allow_duplicate=True).arrival_number)
    out.put((login, numbers))  # type: ignore[attr-defined]
    space.close()


def test_five_clerks_registering_at_once_get_1_to_1000(
    office: Office, memory_keyring: MemoryKeyring
) -> None:
    admin = office.ward.as_user("admin").directory
    vp = office.ward.unit_vp
    logins = [f"vanthu{i}" for i in range(CLERKS)]
    for login in logins:
        admin.create_user(
            UserInfo("", login, f"Văn thư {login}", "Văn thư", vp, frozenset({Role.CLERK})),
            PASSWORD,
        )
    office.genesis.sync.sync_once()
    roots = []
    for i, login in enumerate(logins):
        pc = office.join(f"clerk{i}", login)
        roots.append(pc.root)
        pc.close()
    now = office.genesis.clock.now()
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    procs = [
        ctx.Process(target=_clerk, args=(root, login, memory_keyring, now, out))
        for root, login in zip(roots, logins, strict=True)
    ]
    for p in procs:
        p.start()
    results = dict(out.get(timeout=600) for _ in procs)
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    numbers = [n for login in logins for n in results[login]]
    assert sorted(numbers) == list(range(1, CLERKS * EACH + 1))  # no gap, no duplicate
    for login in logins:
        assert results[login] == sorted(results[login])  # each clerk's numbers rise
    year = now.year
    claims = Path(office.url.removeprefix("file://")) / "claims" / "incoming" / str(year)
    assert len(list(claims.iterdir())) == CLERKS * EACH


def test_year_rollover_follows_the_arrival_date(office: Office) -> None:
    pc = office.join("pc1", "vanthu")
    clock = pc.clock
    assert isinstance(clock, FixedClock)
    year = clock.now().year
    clock.set(dt.datetime(year, 12, 31, 16, 50, tzinfo=dt.UTC))  # 23:50 on 31/12 in Hà Nội
    first = pc.incoming.register(queue_pdf(pc, "a"), DRAFT, allow_duplicate=True)
    assert (first.year, first.arrival_number) == (year, 1)
    real = pc.target()
    assert real is not None
    pc._target = Unplugged(real)  # type: ignore[assignment]
    late = queue_pdf(pc, "b")
    waiting = pc.incoming.register(late, DRAFT, allow_duplicate=True)
    assert waiting.arrival_number is None  # arrived and registered offline on 31/12: chờ cấp số
    clock.set(dt.datetime(year + 1, 1, 2, 1, 0, tzinfo=dt.UTC))  # 08:00 on 2 January
    pc._target = real
    taken = pc.incoming.give_number(late)
    assert (taken.year, taken.number) == (year, 2)  # the old year's register, no gap
    january = pc.incoming.register(queue_pdf(pc, "c"), DRAFT, allow_duplicate=True)
    assert (january.year, january.arrival_number) == (year + 1, 1)  # a new year starts at 1
    registers = {r[0] for r in pc.directory.registers("incoming")}
    assert {f"incoming-{year}", f"incoming-{year + 1}"} <= registers


def test_numbers_of_confidential_documents_are_a_series_of_their_own(office: Office) -> None:
    from dataclasses import replace

    from app.models.enums import Confidentiality

    pc = office.join("pc1", "vanthu")
    normal = pc.incoming.register(queue_pdf(pc, "n"), DRAFT, allow_duplicate=True)
    secret = pc.incoming.register(
        queue_pdf(pc, "m"),
        replace(DRAFT, confidentiality=Confidentiality.SECRET),
        allow_duplicate=True,
    )
    assert (normal.arrival_number, secret.arrival_number) == (1, 1)
    rows = pc.incoming.rows(IncomingFilter(), sort="number", descending=False, limit=10)
    assert len(rows) == 2
