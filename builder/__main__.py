"""`python -m builder` is the same as the `archive` command."""

import sys

from builder.cli import main

sys.exit(main())
