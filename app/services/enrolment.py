"""A new PC joins the ward from the first-run wizard, and waits for an admin to approve it.

`check_join_target` is the wizard's "Kiểm tra": the capability probe, and a space must be there.
`join_new_pc` wraps `join_space`: it checks the form's fields, keeps typed S3 keys in the OS
keyring, runs the first sync round (the ward's directory arrives with it) and checks the user's
password against that directory. When any step fails nothing is left: `join_space` removes what
it put in the space folder, and this removes the folders made for it (the space folder itself)
and, when the password turns out wrong, the whole new space and its enrolment request, so the
wizard can simply be run once more. `enrolment_round` is one round of the
wait that follows, until this PC appears among the enrolled devices.
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import keyring.backend

from app.errors import AuthError, UserError, ValidationError
from app.i18n import tr
from app.services import sync_settings
from app.services.join import join_space, read_space_file
from app.services.space import Space
from app.services.sync import enrollment_key
from app.sync.probe import probe
from app.sync.target import TargetError
from app.timeutil import Clock

log = logging.getLogger(__name__)

MAX_LABEL = 100  # what an approval keeps of a PC's name


@dataclass(frozen=True)
class JoinTargetCheck:
    """The probe's verdict on a target to join, and the ward whose space is there."""

    ok: bool
    problems: list[str] = field(default_factory=list)
    clock_offset: dt.timedelta = dt.timedelta(0)
    round_trip_ms: float = 0.0
    organisation: str = ""


@dataclass(frozen=True)
class JoinedPC:
    """A new local space, its enrolment code, and how its first round went.

    `synced` is true when a round has run (the directory is here and the password was checked);
    `sync_error` says why it has not.
    """

    space: Space
    code: str
    from_snapshot: bool
    synced: bool
    sync_error: str
    approved: bool


@dataclass(frozen=True)
class EnrolmentState:
    """After one round of waiting: approved yet, and whether the round worked (why not)."""

    approved: bool
    synced: bool
    error: str = ""


def default_pc_name() -> str:
    """The computer's host name, offered as the name of the new PC."""
    return platform.node()


def check_join_target(
    url: str, now: dt.datetime, *, credentials: tuple[str, str] | None = None
) -> JoinTargetCheck:
    """Probe a target (network: off the GUI) and read which ward's space it holds."""
    target = sync_settings.open_with_credentials(url, credentials)
    try:
        result = probe(target, now)
        problems, organisation = list(result.problems), ""
        if result.ok:
            try:
                organisation = read_space_file(target)["organisation"]
            except TargetError as exc:
                problems.append(exc.message)
        return JoinTargetCheck(
            ok=result.ok and not problems,
            problems=problems,
            clock_offset=result.clock_offset,
            round_trip_ms=result.round_trip_ms,
            organisation=organisation,
        )
    finally:
        target.close()


def validate_join_account(login: str, password: str, label: str) -> None:
    """The account and PC name of the join form; ValidationError naming the field."""
    if not login.strip():
        raise ValidationError(tr("Hãy nhập tên đăng nhập."), field="login")
    if not password:
        raise ValidationError(tr("Hãy nhập mật khẩu."), field="password")
    if not label.strip():
        raise ValidationError(tr("Hãy đặt tên cho máy tính này."), field="label")
    if len(label.strip()) > MAX_LABEL:
        raise ValidationError(
            tr("Tên máy dài tối đa {n} ký tự.").format(n=MAX_LABEL), field="label"
        )


def join_new_pc(
    root: Path,
    url: str,
    login: str,
    password: str,
    *,
    label: str,
    credentials: tuple[str, str] | None = None,
    clock: Clock | None = None,
    keyring_backend: keyring.backend.KeyringBackend | None = None,
) -> JoinedPC:
    """Join the space on `url` as a new PC at `root`, sync once and check the password.

    Nothing is left in `root` when this raises. `credentials` are S3 keys typed in the form;
    they are kept in the OS keyring, where the target looks for them.
    """
    validate_join_account(login, password, label)
    if credentials is not None:
        choice = sync_settings.parse_target_url(url)
        sync_settings.save_s3_credentials(choice.endpoint, choice.bucket, *credentials)
    made = _Made(root)
    try:
        joined = join_space(
            root,
            url,
            login,
            password,
            label=label.strip(),
            clock=clock,
            keyring_backend=keyring_backend,
        )
    except BaseException:
        made.remove()
        raise
    space = joined.space
    try:
        state = enrolment_round(space)
        if state.synced:
            _check_account(space, login, password)
    except BaseException:
        _withdraw(space, joined.code)
        space.close()
        made.remove()
        raise
    return JoinedPC(
        space, joined.code, joined.from_snapshot, state.synced, state.error, state.approved
    )


def enrolment_round(space: Space) -> EnrolmentState:
    """One sync round, then whether this PC is enrolled; a failed round is said, not raised."""
    try:
        space.sync.sync_once()
    except UserError as exc:
        return EnrolmentState(is_enrolled(space), synced=False, error=exc.message)
    return EnrolmentState(is_enrolled(space), synced=True)


def is_enrolled(space: Space) -> bool:
    """True once an admin's approval has reached this PC (and it is not revoked)."""
    return any(d.this_device and not d.revoked for d in space.sync.devices())


def _check_account(space: Space, login: str, password: str) -> None:
    """The user must be in the ward's directory with this password: it guards the device key."""
    try:
        space.directory.authenticate(login, password)
    except AuthError as exc:
        raise ValidationError(
            tr(
                "Tên đăng nhập hoặc mật khẩu không khớp với tài khoản của phường trên máy chủ. "
                "Nếu tài khoản vừa được tạo, hãy nhờ quản trị viên đồng bộ rồi thử lại."
            ),
            field="password",
        ) from exc


def _withdraw(space: Space, code: str) -> None:
    """Take back an enrolment request nobody was shown (best effort: a stale one is harmless)."""
    try:
        target = space.target()
        if target is not None:
            target.delete(enrollment_key(code))
    except (UserError, OSError) as exc:
        log.warning("could not withdraw enrolment request %s: %s", code, exc)


class _Made:
    """What a join may create under `root`: remembered before, removed after a failure."""

    def __init__(self, root: Path) -> None:
        self._root = root
        top: Path | None = None  # the outermost folder of `root` that does not exist yet
        here = root
        while not here.exists() and here.parent != here:
            top, here = here, here.parent
        self._top = top
        self._before = set(root.iterdir()) if top is None and root.is_dir() else set()

    def remove(self) -> None:
        """Remove the folders and files made since; keep whatever was there before."""
        if self._top is not None:
            _remove(self._top)
        elif self._root.is_dir():
            for path in set(self._root.iterdir()) - self._before:
                _remove(path)


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError as exc:  # a file still open (Windows): leave it and say so in the log
        log.warning("could not remove %s after a failed join: %s", path, exc)
