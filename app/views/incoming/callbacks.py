"""Callbacks for ops that may finish after their widget is gone (a closed dialog, a reset page)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PyQt6 import sip
from PyQt6.QtCore import QObject

T = TypeVar("T")


def alive(obj: QObject | None) -> bool:
    """True while the Qt object behind `obj` still exists."""
    return obj is not None and not sip.isdeleted(obj)


def guarded(obj: QObject, fn: Callable[[T], None]) -> Callable[[T], None]:
    """`fn`, but doing nothing once `obj` has been deleted."""

    def call(value: T) -> None:
        if alive(obj):
            fn(value)

    return call
