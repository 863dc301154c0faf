"""``python -m bootreq``: the ``bootreq`` command."""

import sys

from bootreq._cli import main

sys.exit(main())
