"""Composition root: `ward-office` with a command runs the CLI, without one opens the GUI."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `ward-office` command."""
    argv = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s"
    )
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    from app.cli import COMMANDS, build_parser, run

    args, _ = build_parser().parse_known_args(argv)
    if args.command in COMMANDS:
        return run(argv)
    from app.views.app_main import run_gui

    return run_gui(args.space)
