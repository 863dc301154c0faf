"""What the docs tests share: how the ``bootreq`` command is run for the docs.

Imported as a top-level module (``tests/docs`` is on ``sys.path`` for its tests).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def command_env() -> dict[str, str]:
    """The environment of a command the docs show: the venv's scripts first,
    an 80-column terminal (argparse wraps ``--help`` to ``COLUMNS``), no colour."""
    return {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "COLUMNS": "80",
        "NO_COLOR": "1",
        "PYTHON_COLORS": "0",
    }


# Python 3.13's argparse shows an option's metavar once: "-m, --microversion M"
# where 3.11 and 3.12 (which the docs show) print "-m M, --microversion M".
_SHORT_AND_LONG = re.compile(r"(?m)^(\s+-\w) ([A-Z][A-Z_]*), (--[\w-]+ \2)\b")


def help_content(help_text: str) -> str:
    """What a ``--help`` text says, whatever argparse's layout.

    Python versions wrap the usage line and align option help differently, and
    3.13+ shows a short option's metavar once: this keeps the words (commands,
    options, metavars, help texts) in order and drops the layout.
    """
    return " ".join(_SHORT_AND_LONG.sub(r"\1, \3", help_text).split())


def as_this_python_prints(help_text: str) -> str:
    """``help_text`` as written in the docs, in this Python's argparse layout."""
    if sys.version_info >= (3, 13):
        return _SHORT_AND_LONG.sub(r"\1, \3", help_text)
    return help_text
