"""Exit statuses shared by every `komekshi` command, and the one way they report a problem.

0: done; 1: the command could not do its work (an unreachable database, a bad token);
2: the input was wrong (a bad file, a bad option), and nothing was changed.
"""

from __future__ import annotations

import sys

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2


def err(message: str) -> None:
    """One line on stderr, prefixed with the program's name."""
    print(f"komekshi: {message}", file=sys.stderr)
