"""Run the real ``bootreq`` console script, as a user's shell would."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


class Run:
    def __init__(self, completed: subprocess.CompletedProcess[str]) -> None:
        self.status = completed.returncode
        self.out = completed.stdout
        self.err = completed.stderr

    def json(self) -> Any:
        return json.loads(self.out)


def _command() -> list[str]:
    # The installed entry point when there is one (that is what users run).
    script = shutil.which("bootreq", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "bootreq"]


@pytest.fixture(scope="session")
def bootreq() -> Callable[..., Run]:
    command = _command()

    def run(*args: str, stdin: str | None = None) -> Run:
        completed = subprocess.run(
            [*command, *args], input=stdin, capture_output=True, text=True, timeout=60,
            check=False,
        )
        return Run(completed)

    return run
