"""What every command of the CLI shares: exit statuses, the content folder and configuration
options, and the end of a process that ran a build."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


CONTENT = Path("content")


def content_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=CONTENT, help="the content folder (default: content)")


def site_content_args(parser: argparse.ArgumentParser) -> None:
    """--content and --config, for the commands that build with MkDocs: without --content, the
    content folder is the one the configuration builds (its archive plugin's content_dir)."""
    parser.add_argument("--content", type=Path, default=None,
                        help="the content folder (default: the one the configuration builds)")
    parser.add_argument("--config", type=Path, default=None,
                        help="the archive's MkDocs configuration (default: the mkdocs.yml beside the content folder "
                             "that builds it, else the one in the current folder)")


def archive_config(args: argparse.Namespace, command: str):
    """The mkdocs.yml that builds ``args.content``, and the content folder to build (see
    builder.bridge.config_file.find): --config, else the archive's own beside the content
    folder, else ./mkdocs.yml if it builds that folder; without --content, the folder the
    configuration builds. None, with the reason and what to pass printed, when there is none."""
    from builder.bridge.config_file import NoConfig, find

    try:
        found = find(args.content, args.config)
    except NoConfig as exc:
        print(f"{command}: {exc}", file=sys.stderr)
        return None
    if found.beside_content:
        print(f"{command}: using {found.path}, the configuration beside the content folder", file=sys.stderr)
    return found


def leave(args: argparse.Namespace, code: int) -> int:
    """Where the `archive` command itself ran a build, it ends here, once all is said and
    written: taking a large build's model apart object by object would keep the person
    waiting (1.5 s at 10,000 documents) for nothing. Called as a function (tests), it returns."""
    if getattr(args, "whole_process", False):
        import logging

        sys.stdout.flush()
        sys.stderr.flush()
        logging.shutdown()
        os._exit(code)
    return code


GENERIC_ABORT = "Aborted with a BuildError!"
"""What MkDocs says when a build stopped on an error it has already logged: nothing to add."""


def failure_reason(exc: Exception) -> str:
    """What to print after a failed build's first line: the error's text, unless it is only
    MkDocs' :data:`GENERIC_ABORT` (the error itself was printed above it)."""
    text = str(exc)
    return "" if text == GENERIC_ABORT else f"\n{text}"
