"""Fixtures of the incoming-document screens: inline ops."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.ui_support import ops


@pytest.fixture(autouse=True)
def inline_ops_incoming() -> Iterator[None]:
    """Every op finishes before `run()` returns, so the screens are deterministic."""
    ops.set_inline(True)
    yield
    ops.set_inline(False)
