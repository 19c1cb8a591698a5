"""What the two command-line programs share: running ``main`` the way a shell expects."""

from __future__ import annotations

import sys
from collections.abc import Callable


def run(main: Callable[[], int]) -> None:
    """Exit with ``main()``'s status; output piped into ``head`` ends quietly, not in a traceback."""
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
