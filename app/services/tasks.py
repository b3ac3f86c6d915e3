"""Tasks (giao việc): assign, report progress, ask for more time, finish, accept or return.

Every command checks the user's role, the task's state and the input, then commits one op;
the reducers (app/journal/reducers/tasks.py) check the same again at replay.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.blobs import BlobStore
from app.errors import Conflict, UserError, ValidationError
from app.i18n import tr
from app.journal.log import Change, Journal
from app.models import IncomingDocument, OutgoingDocument, Task, TaskReminder, Unit, User
from app.models.enums import AssigneeKind, Role, TaskState
from app.services.auth import AuthContext, CurrentUser
from app.services.changes import Changes
from app.services.ids import new_id
from app.services.incoming_dto import HandlerRef
from app.services.task_dto import (
    DESCRIPTION_MAX,
    MAX_FILES,
    NOTE_MAX,
    OPEN,
    TITLE_MAX,
    WORKING,
    TaskForm,
    TaskRow,
)
from app.services.task_queries import TaskQueries, coordinates, directs, is_assignee
from app.timeutil import Clock, fmt_date, today_vn

MAX_FILE_BYTES = 50 * 1024 * 1024
S = TaskState


def _limit(text: str, what: str, field: str = "note", limit: int = NOTE_MAX) -> str:
    text = text.strip()
    if len(text) > limit:
        raise ValidationError(
            tr("{what} dài {n} ký tự, vượt quá giới hạn {limit} ký tự.").format(
                what=what, n=len(text), limit=limit
            ),
            field=field,
        )
    return text


def _required(text: str, message: str, field: str) -> str:
    if not text.strip():
        raise ValidationError(message, field=field)
    return text


def _ref(ref: HandlerRef) -> dict[str, str]:
    return {"kind": str(ref.kind), "id": ref.id}


class TaskService(TaskQueries):
    """Commands (and, inherited, queries) on tasks."""

    def __init__(
        self,
        read: sessionmaker[Session],
        write: sessionmaker[Session],
        journal: Journal,
        auth: AuthContext,
        blobs: BlobStore,
        clock: Clock,
    ) -> None:
        super().__init__(read, auth, clock, blobs)
        self._write = write
        self._journal = journal

    # -- helpers
    def _commit(self, s: Session, user: CurrentUser, kind: str, task_id: str, payload: Any) -> None:
        self._journal.commit(s, user.id, [Change(kind, f"task:{task_id}", payload)])

    @staticmethod
    def _changed(task_id: str) -> Changes:
        return Changes(tasks=frozenset({task_id}))

    def _for(self, s: Session, task_id: str, user: CurrentUser, *states: S) -> Task:
        task = self._get(s, task_id, user)
        if states and task.state not in states:
            raise Conflict(
                tr("Công việc đang ở trạng thái khác, có thể người khác vừa xử lý. Hãy tải lại.")
            )
        return task

    def _directed(self, s: Session, task_id: str, *states: S) -> tuple[CurrentUser, Task]:
        """The task, when the signed-in user directs it (its assigner, or a leader for one
        whose assigner left)."""
        user = self._auth.require(Role.LEADER)
        task = self._for(s, task_id, user, *states)
        assigner = s.get(User, task.assigned_by)
        still_leads = (
            assigner is not None and assigner.active and Role.LEADER in assigner.roles.split(",")
        )
        if not directs(user, task, still_leads):
            raise Conflict(tr("Chỉ người giao việc mới làm được việc này."))
        return user, task

    def _files(self, paths: tuple[Path, ...] | list[Path]) -> dict[str, Any]:
        """Store the files as blobs; the op names them under "blobs" so sync copies them."""
        if len(paths) > MAX_FILES:
            raise ValidationError(
                tr("Mỗi lần gửi tối đa {n} tệp.").format(n=MAX_FILES), field="files"
            )
        files = []
        for path in paths:
            data = _read_file(path)
            files.append(
                {"file_name": path.name[:255], "blob": self._blobs.put(data), "size": len(data)}
            )
        return {"files": files, "blobs": [f["blob"] for f in files]}

    @staticmethod
    def _assignee(s: Session, ref: HandlerRef, *, role: str) -> str | None:
        """Check a chosen person or unit; the unit the task belongs to when it is the primary."""
        if ref.kind == AssigneeKind.USER:
            person = s.get(User, ref.id)
            if person is None:
                raise ValidationError(tr("Không tìm thấy người được chọn."), field=role)
            if not person.active:
                raise ValidationError(
                    tr("{name} đã bị khóa tài khoản, không thể giao việc.").format(
                        name=person.full_name
                    ),
                    field=role,
                )
            return person.unit_id
        unit = s.get(Unit, ref.id)
        if unit is None or not unit.active:
            raise ValidationError(tr("Không tìm thấy đơn vị được chọn."), field=role)
        return unit.id

    def _check_form(self, s: Session, form: TaskForm, *, new: bool) -> dict[str, Any]:
        title = " ".join(form.title.split())
        if not title:
            raise ValidationError(tr("Cần nhập tên công việc."), field="title")
        if len(title) > TITLE_MAX:
            raise ValidationError(
                tr("Tên công việc dài {n} ký tự, vượt quá giới hạn {limit} ký tự.").format(
                    n=len(title), limit=TITLE_MAX
                ),
                field="title",
            )
        description = form.description.strip()
        if len(description) > DESCRIPTION_MAX:
            raise ValidationError(
                tr("Nội dung dài {n} ký tự, vượt quá giới hạn {limit} ký tự.").format(
                    n=len(description), limit=DESCRIPTION_MAX
                ),
                field="description",
            )
        if form.primary is None:
            raise ValidationError(
                tr("Cần chọn một người hoặc đơn vị chủ trì thực hiện."), field="primary"
            )
        if form.primary in form.coordinators:
            raise ValidationError(
                tr("Người (đơn vị) chủ trì không thể đồng thời là người phối hợp."),
                field="coordinators",
            )
        if len(set(form.coordinators)) != len(form.coordinators):
            raise ValidationError(tr("Một người phối hợp được chọn hai lần."), field="coordinators")
        unit_id = self._assignee(s, form.primary, role="primary") if new else None
        for ref in form.coordinators:
            self._assignee(s, ref, role="coordinators")
        payload: dict[str, Any] = {
            "title": title,
            "description": description,
            "coordinators": [_ref(r) for r in form.coordinators],
            "due_date": form.due_date.isoformat() if form.due_date else None,
            "priority": str(form.priority),
        }
        if new:
            payload |= {"primary": _ref(form.primary), "unit_id": unit_id}
        return payload

    def _check_due(self, due: dt.date | None) -> None:
        if due is not None and due < today_vn(self._clock):
            raise ValidationError(
                tr("Hạn xử lý {d} đã qua.").format(d=fmt_date(due)), field="due_date"
            )

    @staticmethod
    def _check_source(s: Session, source: str) -> str:
        if not source:
            return ""
        kind, _, doc_id = source.partition(":")
        table = {"incoming": IncomingDocument, "outgoing": OutgoingDocument}.get(kind)
        if table is None or s.get(table, doc_id) is None:
            raise ValidationError(tr("Không tìm thấy văn bản nguồn của công việc."))
        return source

    # -- the assigner
    def assign(self, form: TaskForm) -> str:
        """Giao việc: a leader gives a task to one primary person or unit; returns its id."""
        user = self._auth.require(Role.LEADER)
        self._check_due(form.due_date)
        with self._read() as s:
            payload = self._check_form(s, form, new=True)
            payload["source"] = self._check_source(s, form.source)
        payload |= self._files(form.files)
        task_id = new_id()
        with self._write.begin() as s:
            assert form.primary is not None  # checked by _check_form
            self._assignee(s, form.primary, role="primary")
            self._commit(s, user, "task.assigned", task_id, payload)
        return task_id

    def update(self, task_id: str, form: TaskForm, note: str = "") -> Changes:
        """The assigner edits the title, description, due date, priority or coordinators, and
        may add attachments (the primary is changed with `reassign`)."""
        with self._read() as s:
            _user, task = self._directed(s, task_id, *OPEN)
            if form.due_date != task.due_date:
                self._check_due(form.due_date)
            primary = HandlerRef(AssigneeKind(task.primary_kind), task.primary_id)
            payload = self._check_form(s, replace(form, primary=primary), new=False)
        payload["note"] = _limit(note, tr("Ghi chú"))
        payload |= self._files(form.files)
        with self._write.begin() as s:
            user, _task = self._directed(s, task_id, *OPEN)
            self._commit(s, user, "task.updated", task_id, payload)
        return self._changed(task_id)

    def reassign(self, task_id: str, primary: HandlerRef, note: str = "") -> Changes:
        """Give the task to another person or unit (say, when its assignee left the ward)."""
        note = _limit(note, tr("Ghi chú"))
        with self._write.begin() as s:
            user, task = self._directed(s, task_id, *OPEN)
            if (primary.kind, primary.id) == (task.primary_kind, task.primary_id):
                raise ValidationError(
                    tr("Công việc đang giao cho chính người (đơn vị) này."), field="primary"
                )
            unit_id = self._assignee(s, primary, role="primary")
            payload = {"primary": _ref(primary), "unit_id": unit_id, "note": note}
            self._commit(s, user, "task.reassigned", task_id, payload)
        return self._changed(task_id)

    def cancel(self, task_id: str, reason: str) -> Changes:
        """Hủy công việc, with the reason (kept in the history)."""
        reason = _limit(_required(reason, tr("Cần nêu lý do hủy."), "text"), tr("Lý do"), "text")
        with self._write.begin() as s:
            user, _task = self._directed(s, task_id, *OPEN)
            self._commit(s, user, "task.cancelled", task_id, {"reason": reason})
        return self._changed(task_id)

    def accept(self, task_id: str, note: str = "") -> Changes:
        """Đồng ý kết quả: the task is done."""
        note = _limit(note, tr("Ý kiến"), "text")
        with self._write.begin() as s:
            user, _task = self._directed(s, task_id, S.SUBMITTED)
            self._commit(s, user, "task.accepted", task_id, {"note": note})
        return self._changed(task_id)

    def return_result(self, task_id: str, comment: str) -> Changes:
        """Trả lại kết quả with what is still to be done; the task goes back to the assignee."""
        comment = _required(comment, tr("Cần ghi ý kiến khi trả lại kết quả."), "text")
        comment = _limit(comment, tr("Ý kiến"), "text")
        with self._write.begin() as s:
            user, _task = self._directed(s, task_id, S.SUBMITTED)
            self._commit(s, user, "task.returned", task_id, {"comment": comment})
        return self._changed(task_id)

    def grant_extension(self, task_id: str, note: str = "") -> Changes:
        """Cho gia hạn: the due date becomes the date asked for."""
        note = _limit(note, tr("Ý kiến"), "text")
        with self._write.begin() as s:
            user, task = self._directed(s, task_id, *WORKING)
            if task.extension_due is None:
                raise Conflict(tr("Không có đề nghị gia hạn nào đang chờ."))
            payload = {"due_date": task.extension_due.isoformat(), "note": note}
            self._commit(s, user, "task.extension_granted", task_id, payload)
        return self._changed(task_id)

    def refuse_extension(self, task_id: str, reason: str) -> Changes:
        """Không đồng ý gia hạn, with the reason; the due date stays."""
        reason = _required(reason, tr("Cần nêu lý do không đồng ý gia hạn."), "text")
        reason = _limit(reason, tr("Lý do"), "text")
        with self._write.begin() as s:
            user, task = self._directed(s, task_id, *WORKING)
            if task.extension_due is None:
                raise Conflict(tr("Không có đề nghị gia hạn nào đang chờ."))
            self._commit(s, user, "task.extension_refused", task_id, {"reason": reason})
        return self._changed(task_id)

    # -- the assignees
    def _assigned_to_me(self, s: Session, task_id: str, *states: S) -> tuple[CurrentUser, Task]:
        user = self._auth.user
        task = self._for(s, task_id, user, *states)
        if not is_assignee(task, user):
            raise Conflict(tr("Bạn không phải người chủ trì thực hiện công việc này."))
        return user, task

    def report_progress(
        self, task_id: str, percent: int | None, note: str = "", files: tuple[Path, ...] = ()
    ) -> Changes:
        """Báo cáo tiến độ: an assignee gives the percent done (the first report starts the
        task); a coordinator adds their part (a note or files, no percent)."""
        note = _limit(note, tr("Nội dung báo cáo"))
        with self._read() as s:
            user = self._auth.user
            task = self._for(s, task_id, user, *WORKING)
            mine = is_assignee(task, user)
            if mine:
                if percent is None or not 0 <= percent <= 100:
                    raise ValidationError(tr("Tiến độ phải từ 0 đến 100%."), field="percent")
            elif coordinates(s, task.id, user):
                if not note and not files:
                    raise ValidationError(
                        tr("Cần ghi nội dung phối hợp hoặc gửi kèm tệp."), field="note"
                    )
                percent = None
            else:
                raise Conflict(tr("Bạn không được giao thực hiện công việc này."))
        payload = {"percent": percent, "note": note} | self._files(files)
        with self._write.begin() as s:
            self._for(s, task_id, user, *WORKING)
            self._commit(s, user, "task.progressed", task_id, payload)
        return self._changed(task_id)

    def ask_extension(self, task_id: str, due_date: dt.date, reason: str) -> Changes:
        """Xin gia hạn: a new due date, later than the current one, and the reason."""
        reason = _required(reason, tr("Cần nêu lý do xin gia hạn."), "reason")
        reason = _limit(reason, tr("Lý do"), "reason")
        with self._write.begin() as s:
            user, task = self._assigned_to_me(s, task_id, *WORKING)
            if task.due_date is None:
                raise ValidationError(tr("Công việc không có hạn xử lý nên không cần gia hạn."))
            if due_date <= task.due_date:
                raise ValidationError(
                    tr("Hạn mới phải sau hạn hiện tại ({d}).").format(d=fmt_date(task.due_date)),
                    field="due_date",
                )
            self._check_due(due_date)
            payload = {"due_date": due_date.isoformat(), "reason": reason}
            self._commit(s, user, "task.extension_asked", task_id, payload)
        return self._changed(task_id)

    def finish(self, task_id: str, note: str, files: tuple[Path, ...] = ()) -> Changes:
        """Báo cáo hoàn thành: the result goes to the assigner for review."""
        note = _required(note, tr("Cần ghi kết quả thực hiện."), "note")
        note = _limit(note, tr("Kết quả"))
        with self._read() as s:
            self._assigned_to_me(s, task_id, *WORKING)
        payload = {"note": note} | self._files(files)
        with self._write.begin() as s:
            user, _task = self._assigned_to_me(s, task_id, *WORKING)
            self._commit(s, user, "task.finished", task_id, payload)
        return self._changed(task_id)

    def comment(self, task_id: str, text: str) -> Changes:
        """Ý kiến on the task, kept in its history (anyone who sees the task)."""
        text = _limit(_required(text, tr("Ý kiến trống."), "text"), tr("Ý kiến"), "text")
        with self._write.begin() as s:
            user = self._auth.user
            self._for(s, task_id, user)
            self._commit(s, user, "task.commented", task_id, {"text": text})
        return self._changed(task_id)

    # -- reminders
    def due_reminders(self) -> list[TaskRow]:
        """The user's near-due and overdue tasks not yet reminded today on this device.

        Each is recorded (a device-local row), so a task reminds a user at most once a day.
        """
        user = self._auth.user
        today = today_vn(self._clock)
        with self._write.begin() as s:
            reminded = select(TaskReminder.task_id).where(
                TaskReminder.user_id == user.id, TaskReminder.day == today
            )
            tasks = s.scalars(
                self._due_soon(user, today)
                .where(Task.id.not_in(reminded))
                .order_by(Task.due_date, Task.id)
            ).all()
            rows = self._rows(s, tasks)
            for t in tasks:
                s.add(TaskReminder(user_id=user.id, task_id=t.id, day=today))
        return rows


def _read_file(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ValidationError(
                tr("Tệp '{name}' lớn hơn 50 MB.").format(name=path.name), field="files"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(tr("Không đọc được tệp '{name}'.").format(name=path.name)) from exc
    if not data:
        raise ValidationError(tr("Tệp '{name}' rỗng.").format(name=path.name), field="files")
    return data
