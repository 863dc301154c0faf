"""The docs' CLI page shows each command's ``--help`` exactly as the command prints it.

``docs/cli.md`` holds, for the ``bootreq`` command and each of its commands,
a console block ``$ bootreq [COMMAND] --help`` followed by the help text,
generated and checked in an 80-column terminal (``COLUMNS=80``). When an
option or its help changes, regenerate the block with::

    COLUMNS=80 bootreq COMMAND --help
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from docs_support import ROOT, as_this_python_prints, command_env

PAGE = ROOT / "docs" / "cli.md"


def _bootreq() -> list[str]:
    # The installed entry point, as users run it.
    script = Path(sys.executable).parent / "bootreq"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bootreq"]


def _help(*command: str) -> str:
    result = subprocess.run(
        [*_bootreq(), *command, "--help"],
        cwd=ROOT, env=command_env(), capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("\n")
    return result.stdout


def _commands() -> list[str]:
    """The commands ``bootreq --help`` lists (every one must be documented)."""
    text = _help()
    listed = text.split("positional arguments:", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^ {4}(\w+) {2,}", listed, re.MULTILINE)


def test_the_commands_are_known() -> None:
    assert _commands() == ["check", "needs", "schema", "versions", "serve"]


@pytest.mark.parametrize("command", ["", *_commands()], ids=lambda c: c or "bootreq")
def test_help_matches_the_docs(command: str) -> None:
    argv = [command] if command else []
    prompt = " ".join(["$ bootreq", *argv, "--help"])
    page = PAGE.read_text(encoding="utf-8")
    shown = re.search(
        rf"^```console\n{re.escape(prompt)}\n(?P<text>.*?)^```$", page, re.MULTILINE | re.DOTALL
    )
    assert shown is not None, f"docs/cli.md has no console block starting with {prompt!r}"
    actual = _help(*argv)
    expected = as_this_python_prints(shown["text"])
    assert expected == actual, (
        f"docs/cli.md shows an outdated '{prompt[2:]}'; regenerate it with "
        f"COLUMNS=80 {prompt[2:]}"
    )
