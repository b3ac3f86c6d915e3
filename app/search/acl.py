"""Visibility tokens: who may find an index row, written into the row itself.

Each row's `acl` column lists tokens naming who may see it under the lists' rules (a person
or unit it is assigned or delivered to, its drafter, a role that sees every row of its kind),
and a search adds "one of my tokens" to its MATCH expression. The engine then only walks rows
the user may see, which keeps an official's search as fast as a clerk's. The service still
checks the lists' rules in SQL on the rows it returns; the tokens only make that cheap.

Tokens are letters and digits only (one word for the tokenizer); ids are 32 hex digits.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.models.enums import IncomingState, OutgoingState, Role, ScheduleState

ALL_INCOMING = "zinc"  # clerks, leaders and admins see the whole register
OUTGOING_CLERK = "zoutclerk"  # the clerk's form checks, issuing, and issued documents
OUTGOING_ISSUED = "zoutissued"  # leaders and admins see every issued document
ALL_TASKS = "ztask"  # leaders see every task
ALL_SCHEDULE = "zsched"  # the office and leaders see drafts too
PUBLISHED = "zpub"  # everybody sees a published week

HIDDEN_INCOMING = (IncomingState.QUEUED, IncomingState.DISCARDED, IncomingState.INTERNAL)
CLERK_OUTGOING = (
    OutgoingState.FORM_REVIEW,
    OutgoingState.APPROVED,
    OutgoingState.SIGNED,
    OutgoingState.ISSUED,
)
SEES_ALL_INCOMING = frozenset({Role.CLERK, Role.LEADER, Role.ADMIN})
SCHEDULE_OFFICE = frozenset({Role.CLERK, Role.LEADER})


def person(person_id: str) -> str:
    """The token of a user or a unit."""
    return "u" + "".join(ch for ch in person_id if ch.isalnum()).lower()


def _people(ids: Iterable[str | None]) -> list[str]:
    return [person(i) for i in ids if i]


def incoming(state: str, assignees: Iterable[str]) -> list[str]:
    """The register (for the roles that see it all) and everyone it is assigned to."""
    if state in HIDDEN_INCOMING:
        return []
    return [ALL_INCOMING, *_people(assignees)]


def outgoing(state: str, involved: Iterable[str | None], recipients: Iterable[str]) -> list[str]:
    """Its drafter, reviewer and signer; the clerk's steps; once issued, leaders and the people
    and units it was sent to."""
    tokens = _people(involved)
    if state in CLERK_OUTGOING:
        tokens.append(OUTGOING_CLERK)
    if state == OutgoingState.ISSUED:
        tokens += [OUTGOING_ISSUED, *_people(recipients)]
    return tokens


def task(assigned_by: str, participants: Iterable[str]) -> list[str]:
    """Leaders, the assigner, and every person or unit taking part."""
    return [ALL_TASKS, *_people([assigned_by, *participants])]


def schedule(state: str, created_by: str | None) -> list[str]:
    """The office and leaders; everybody once published; the entry's drafter."""
    tokens = [ALL_SCHEDULE, *_people([created_by])]
    if state == ScheduleState.PUBLISHED:
        tokens.append(PUBLISHED)
    return tokens


def column(tokens: Iterable[str]) -> str:
    """The `acl` column's text: the tokens, each once, sorted (the same rows give the same text)."""
    return " ".join(sorted(set(tokens)))


def of_user(user_id: str, unit_id: str | None, roles: frozenset[Role]) -> tuple[str, ...]:
    """The tokens that open rows to this user."""
    tokens = [person(user_id), PUBLISHED]
    if unit_id:
        tokens.append(person(unit_id))
    if roles & SEES_ALL_INCOMING:
        tokens.append(ALL_INCOMING)
    if Role.CLERK in roles:
        tokens.append(OUTGOING_CLERK)
    if roles & {Role.LEADER, Role.ADMIN}:
        tokens.append(OUTGOING_ISSUED)
    if Role.LEADER in roles:
        tokens.append(ALL_TASKS)
    if roles & SCHEDULE_OFFICE:
        tokens.append(ALL_SCHEDULE)
    return tuple(tokens)
