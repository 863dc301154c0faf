"""``python -m bootreq``: the ``bootreq`` command."""

import sys

from bootreq._cli import main

__all__: list[str] = []

sys.exit(main())
