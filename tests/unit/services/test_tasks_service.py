"""The task flow through the service: assign, report, extension, finish, return, accept, cancel,
a unit as the primary, who may do what, bad input, and a deactivated assignee."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from app.errors import Conflict, NotFound, PermissionDenied, UserError, ValidationError
from app.models.enums import AssigneeKind, Role, TaskPriority, TaskState
from app.services.directory import UserInfo
from app.services.incoming_dto import HandlerRef
from app.services.space import Space
from app.services.task_dto import LOCKED_USER, TaskAction, TaskBox, TaskForm
from app.timeutil import FixedClock
from tests.conftest import Ward
from tests.unit.services.test_outgoing_service import actor

Act = Callable[[str], Space]
TODAY = dt.date(2026, 11, 20)  # the clock fixture's day in Hà Nội (a Friday)


def person(user_id: str) -> HandlerRef:
    return HandlerRef(AssigneeKind.USER, user_id)


def unit(unit_id: str) -> HandlerRef:
    return HandlerRef(AssigneeKind.UNIT, unit_id)


def new_task(w: Ward, **overrides: object) -> str:
    values: dict[str, object] = {
        "title": "Rà soát hồ sơ cấp phép xây dựng quý IV",
        "primary": person(w.official),
        "description": "Tổng hợp, báo cáo Chủ tịch.",
        "coordinators": (person(w.official_dc),),
        "due_date": TODAY + dt.timedelta(days=7),
        "priority": TaskPriority.HIGH,
    }
    values.update(overrides)
    return actor(w.space)("chutich").tasks.assign(TaskForm(**values))  # type: ignore[arg-type]


def attachment(tmp_path: Path, name: str = "ke-hoach.docx", size: int = 2000) -> Path:
    path = tmp_path / name
    path.write_bytes(b"PK" + bytes(size))
    return path


def test_the_whole_flow_with_an_extension_and_a_returned_result(
    ward: Ward, clock: FixedClock, tmp_path: Path
) -> None:
    act = actor(ward.space)
    plan = attachment(tmp_path)
    task_id = new_task(ward, files=(plan,))
    leader = act("chutich").tasks
    detail = leader.detail(task_id)
    assert detail.row.state == TaskState.ASSIGNED
    assert detail.row.primary == "Lê Văn Ba"
    assert detail.row.unit == "Văn phòng - Thống kê"  # the primary person's unit answers for it
    assert [(p.name, p.primary) for p in detail.participants] == [
        ("Lê Văn Ba", True),
        ("Đỗ Minh Đức", False),
    ]
    assert [f.file_name for f in detail.attachments] == ["ke-hoach.docx"]
    assert leader.file_bytes(detail.attachments[0].blob) == plan.read_bytes()
    assert TaskAction.EDIT in detail.actions
    assert TaskAction.REPORT not in detail.actions

    # the official reports progress: the task starts
    clock.advance(dt.timedelta(hours=2))
    official = act("canbo").tasks
    assert {TaskAction.REPORT, TaskAction.FINISH, TaskAction.ASK_EXTENSION} <= official.detail(
        task_id
    ).actions
    official.report_progress(
        task_id, 40, "Đã rà soát 12/30 hồ sơ.", (attachment(tmp_path, "bang.xlsx"),)
    )
    detail = official.detail(task_id)
    assert (detail.row.state, detail.row.progress) == (TaskState.IN_PROGRESS, 40)
    assert [(r.kind, r.percent, r.text) for r in detail.reports] == [
        ("progress", 40, "Đã rà soát 12/30 hồ sơ.")
    ]
    assert [f.file_name for f in detail.reports[0].files] == ["bang.xlsx"]

    # the coordinator adds their part: no state change, no percent
    act("diachinh").tasks.report_progress(task_id, None, "Đã gửi danh sách hồ sơ tồn đọng.")
    assert act("diachinh").tasks.detail(task_id).row.progress == 40

    # an extension: asked, then granted; the history says from → to
    clock.advance(dt.timedelta(days=1))
    new_due = TODAY + dt.timedelta(days=14)
    act("canbo").tasks.ask_extension(task_id, new_due, "Chờ số liệu của phường bạn.")
    detail = act("chutich").tasks.detail(task_id)
    assert detail.row.extension_due == new_due
    assert {TaskAction.GRANT_EXTENSION, TaskAction.REFUSE_EXTENSION} <= detail.actions
    act("chutich").tasks.grant_extension(task_id, "Đồng ý.")
    detail = act("chutich").tasks.detail(task_id)
    assert (detail.row.due_date, detail.row.extension_due) == (new_due, None)
    granted = [h for h in detail.history if h.action == "task.extension_granted"]
    assert granted[0].detail == {
        "from": (TODAY + dt.timedelta(days=7)).isoformat(),
        "to": new_due.isoformat(),
    }

    # finished, returned with a comment, finished again, accepted
    clock.advance(dt.timedelta(days=2))
    act("canbo").tasks.finish(task_id, "Đã hoàn thành báo cáo.", (attachment(tmp_path, "bc.pdf"),))
    detail = act("chutich").tasks.detail(task_id)
    assert (detail.row.state, detail.row.progress) == (TaskState.SUBMITTED, 100)
    assert detail.row.finished_at == clock.now()
    assert detail.row.awaiting_review
    assert {TaskAction.ACCEPT, TaskAction.RETURN} <= detail.actions
    with pytest.raises(ValidationError, match="Cần ghi ý kiến"):
        act("chutich").tasks.return_result(task_id, "  ")
    act("chutich").tasks.return_result(task_id, "Bổ sung số liệu phường Gia Thụy.")
    detail = act("canbo").tasks.detail(task_id)
    assert detail.row.state == TaskState.IN_PROGRESS
    assert detail.row.finished_at is None
    assert detail.return_comment == "Bổ sung số liệu phường Gia Thụy."
    clock.advance(dt.timedelta(hours=3))
    act("canbo").tasks.finish(task_id, "Đã bổ sung.")
    act("chutich").tasks.accept(task_id, "Tốt.")
    detail = act("chutich").tasks.detail(task_id)
    assert detail.row.state == TaskState.DONE
    assert detail.accepted_at == clock.now()
    assert [r.kind for r in detail.reports] == ["progress", "coordinate", "finish", "finish"]
    assert [h.action for h in detail.history] == [
        "task.assigned",
        "task.progressed",
        "task.progressed",
        "task.extension_asked",
        "task.extension_granted",
        "task.finished",
        "task.returned",
        "task.finished",
        "task.accepted",
    ]
    assert detail.actions == frozenset({TaskAction.COMMENT})
    assert detail.conflicts == ()  # every op was applied as made


def test_a_unit_as_primary_any_member_reports(ward: Ward) -> None:
    act = actor(ward.space)
    task_id = new_task(ward, primary=unit(ward.unit_vp), coordinators=())
    assert act("chutich").tasks.detail(task_id).row.unit == "Văn phòng - Thống kê"
    act("canbo2").tasks.report_progress(task_id, 30, "Phân công trong bộ phận.")
    act("canbo").tasks.finish(task_id, "Xong.")
    assert act("vanthu").tasks.detail(task_id).row.state == TaskState.SUBMITTED  # a member too
    with pytest.raises(NotFound):
        act("diachinh").tasks.detail(task_id)  # another unit does not see it


def test_who_may_do_what(ward: Ward) -> None:
    act = actor(ward.space)
    form = TaskForm("Kiểm tra trật tự đô thị", person(ward.official))
    with pytest.raises(PermissionDenied):
        act("canbo").tasks.assign(form)  # officials do not assign
    with pytest.raises(PermissionDenied):
        act("vanthu").tasks.assign(form)
    task_id = new_task(ward)
    with pytest.raises(Conflict, match="chủ trì"):
        act("diachinh").tasks.finish(task_id, "Xong.")  # a coordinator does not finish
    with pytest.raises(Conflict, match="không được giao"):
        act("chutich").tasks.report_progress(task_id, 10)  # sees it, is not on it
    with pytest.raises(NotFound):
        act("canbo2").tasks.report_progress(task_id, 10)  # a colleague does not even see it
    with pytest.raises(NotFound):
        act("admin").tasks.detail(task_id)
    with pytest.raises(PermissionDenied):
        act("canbo").tasks.accept(task_id)
    with pytest.raises(Conflict):  # not submitted yet
        act("chutich").tasks.accept(task_id)


def test_the_cancelled_task_keeps_its_reason(ward: Ward) -> None:
    act = actor(ward.space)
    task_id = new_task(ward)
    with pytest.raises(ValidationError, match="lý do"):
        act("chutich").tasks.cancel(task_id, "")
    act("chutich").tasks.cancel(task_id, "Cấp trên đã thu hồi kế hoạch.")
    detail = act("canbo").tasks.detail(task_id)
    assert detail.row.state == TaskState.CANCELLED
    assert detail.cancel_reason == "Cấp trên đã thu hồi kế hoạch."
    with pytest.raises(Conflict):
        act("canbo").tasks.report_progress(task_id, 50)
    assert act("canbo").tasks.count(TaskBox.MINE) == 0


def test_bad_input_is_refused_in_vietnamese_and_nothing_is_made(ward: Ward, tmp_path: Path) -> None:
    act = actor(ward.space)
    tasks = act("chutich").tasks
    me = person(ward.official)

    def refused(form: TaskForm, field: str, words: str) -> None:
        with pytest.raises(ValidationError, match=words) as caught:
            tasks.assign(form)
        assert caught.value.field == field

    refused(TaskForm("   ", me), "title", "Cần nhập tên công việc")
    refused(TaskForm("x" * 301, me), "title", "vượt quá giới hạn 300")
    refused(TaskForm("Việc", None), "primary", "Cần chọn")
    refused(TaskForm("Việc", me, coordinators=(me,)), "coordinators", "đồng thời")
    refused(TaskForm("Việc", me, due_date=TODAY - dt.timedelta(days=1)), "due_date", "đã qua")
    refused(TaskForm("Việc", me, description="y" * 4001), "description", "4000")
    big = tmp_path / "lon.bin"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024 + 1)
    with pytest.raises(ValidationError, match="50 MB"):
        tasks.assign(TaskForm("Việc", me, files=(big,)))
    with pytest.raises(UserError, match="Không đọc được tệp"):
        tasks.assign(TaskForm("Việc", me, files=(tmp_path / "khong-co.pdf",)))
    assert tasks.count(TaskBox.BY_ME) == 0

    task_id = new_task(ward, due_date=TODAY)  # due today is allowed
    official = act("canbo").tasks
    for percent in (-1, 101, None):
        with pytest.raises(ValidationError, match="0 đến 100"):
            official.report_progress(task_id, percent)
    with pytest.raises(ValidationError, match="sau hạn hiện tại"):
        official.ask_extension(task_id, TODAY, "Chưa kịp.")
    with pytest.raises(ValidationError, match="lý do"):
        official.ask_extension(task_id, TODAY + dt.timedelta(days=3), " ")
    with pytest.raises(ValidationError, match="kết quả"):
        official.finish(task_id, "")
    with pytest.raises(ValidationError, match="2000"):
        official.report_progress(task_id, 10, "z" * 2001)
    with pytest.raises(Conflict, match="gia hạn"):
        act("chutich").tasks.grant_extension(task_id)
    assert official.detail(task_id).row.state == TaskState.ASSIGNED  # nothing moved


def test_a_deactivated_assignee_is_marked_and_the_task_is_reassigned(ward: Ward) -> None:
    act = actor(ward.space)
    task_id = new_task(ward)
    admin = act("admin").directory
    info = next(u for u in admin.users() if u.login == "canbo")
    admin.update_user(
        UserInfo(
            info.id, info.login, info.full_name, info.position, info.unit_id, info.roles, False
        )
    )
    leader = act("chutich").tasks
    (row,) = leader.rows(TaskBox.BY_ME)
    assert row.id == task_id
    assert row.primary_locked
    assert leader.count(TaskBox.BY_ME) == 1  # still counted for its assigner
    detail = leader.detail(task_id)
    assert [p.locked for p in detail.participants if p.primary] == [True]
    assert TaskAction.REASSIGN in detail.actions
    assert LOCKED_USER == "Người thực hiện đã bị khóa tài khoản"
    with pytest.raises(ValidationError, match="đã bị khóa tài khoản"):
        leader.assign(TaskForm("Việc mới", person(info.id)))
    with pytest.raises(ValidationError, match="chính người"):
        leader.reassign(task_id, person(info.id))

    leader.reassign(task_id, person(ward.official_dc), "Đ/c Ba đã chuyển công tác.")
    detail = leader.detail(task_id)
    assert (detail.row.primary, detail.row.primary_locked) == ("Đỗ Minh Đức", False)
    assert detail.row.unit == "Địa chính - Xây dựng"
    assert [p.name for p in detail.participants] == ["Đỗ Minh Đức"]  # no longer coordinating
    moved = next(h for h in detail.history if h.action == "task.reassigned")
    assert moved.detail["from"] == {"kind": "user", "id": info.id}
    assert act("diachinh").tasks.count(TaskBox.MINE) == 1


def test_the_assigner_edits_and_another_leader_steps_in_when_the_assigner_leaves(
    ward: Ward, tmp_path: Path
) -> None:
    act = actor(ward.space)
    admin = act("admin").directory
    pct = admin.create_user(
        UserInfo("", "pct", "Phạm Thị Lan", "Phó Chủ tịch", None, frozenset({Role.LEADER})),
        "matkhau123",
    )
    task_id = new_task(ward)
    with pytest.raises(Conflict, match="người giao việc"):
        act("pct").tasks.cancel(task_id, "Không cần nữa.")
    form = act("chutich").tasks.detail(task_id).form
    act("chutich").tasks.update(
        task_id,
        TaskForm(
            "Rà soát hồ sơ cấp phép xây dựng năm 2026",
            None,
            form.description,
            (),
            TODAY + dt.timedelta(days=10),
            TaskPriority.URGENT,
            files=(attachment(tmp_path, "mau.docx"),),
        ),
    )
    detail = act("canbo").tasks.detail(task_id)
    assert detail.row.title == "Rà soát hồ sơ cấp phép xây dựng năm 2026"
    assert detail.row.priority == TaskPriority.URGENT
    assert [p.name for p in detail.participants] == ["Lê Văn Ba"]
    edit = next(h for h in detail.history if h.action == "task.updated")
    assert edit.detail["due_date"] == [
        (TODAY + dt.timedelta(days=7)).isoformat(),
        (TODAY + dt.timedelta(days=10)).isoformat(),
    ]
    assert [f.file_name for f in detail.attachments] == ["mau.docx"]

    info = next(u for u in admin.users() if u.login == "chutich")
    act("admin").directory.update_user(
        UserInfo(info.id, info.login, info.full_name, info.position, None, info.roles, False)
    )
    act("pct").tasks.cancel(task_id, "Chủ tịch đã nghỉ; dừng việc.")  # nobody else would
    detail = act("pct").tasks.detail(task_id)
    assert detail.row.state == TaskState.CANCELLED
    assert detail.conflicts == ()
    assert next(h for h in detail.history if h.action == "task.cancelled").actor == "Phạm Thị Lan"
    assert pct
