"""The one command line: `archive` (also `python -m builder`).

Each command is a thin call into the builder; this package is the only part of the builder
that prints or chooses an exit status. The commands live in `site_commands`,
`content_commands` and `editor_tools`; this module puts them on one parser.
"""

from __future__ import annotations

import argparse
import time

from builder import __version__
from builder.cli import content_commands, editor_tools, site_commands
from builder.cli.streams import WARNINGS, CurrentStderr, process_age


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="archive", description="Build an annotated, cross-linked archive from source documents.")
    p.add_argument("--version", action="version", version=f"archive {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    for commands in (site_commands, content_commands, editor_tools):
        commands.add(sub)
    return p


LONG_RUNNING = ("build", "serve", "bundle")
"""Commands that keep Python's own handling of SIGPIPE (a closed pipe or socket raises
BrokenPipeError where it is written to), even as the command itself."""


def main(argv: list[str] | None = None) -> int:
    import signal

    args = parser().parse_args(argv)
    if argv is None and args.command not in LONG_RUNNING and hasattr(signal, "SIGPIPE"):
        # `archive check | head` ends quietly. Only as the command itself: called with arguments
        # (the tests, another program) main() leaves the process's signals as they are (a test
        # process left with the default ended at a later write to a closed pipe); and not for
        # the commands that build or serve, which write to sockets and pipes of their own (a
        # browser closing a page while the server writes to it would end the server).
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # The seconds a build reports are those the person waited: from the start of the process
    # when it is the `archive` command itself (Python and its imports included).
    args.started = time.perf_counter() - (process_age() if argv is None else 0.0)
    args.whole_process = argv is None
    WARNINGS.count = 0
    if args.command in ("build", "serve", "bundle", "export"):
        _show_mkdocs_messages(verbose=args.command == "serve")
    return args.func(args)


def _show_mkdocs_messages(verbose: bool) -> None:
    """Print MkDocs' (and the archive plugin's) warnings, as `mkdocs build` would; when
    serving, also its progress (the address, each rebuild). The builder's own messages (such
    as waiting for another build of the archive) are always printed."""
    import logging

    for name, level in (("mkdocs", logging.INFO if verbose else logging.WARNING), ("builder", logging.INFO)):
        logger = logging.getLogger(name)
        if any(getattr(h, "_archive", False) for h in logger.handlers):
            continue
        handler = logging.StreamHandler(CurrentStderr())
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._archive = True  # type: ignore[attr-defined]
        handler.addFilter(WARNINGS)
        handler.setLevel(level)
        logger.addHandler(handler)
        logger.setLevel(level)
