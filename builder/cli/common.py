"""What every command of the CLI shares: exit statuses, the content folder option, and the
end of a process that ran a build."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def content_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), help="the content folder (default: content)")


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
