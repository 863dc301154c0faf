"""Every code block in the docs runs, and shows what it claims.

A page's blocks run top to bottom in one namespace, from the project root:

- ``python``: executed;
- ``pycon``: run as a doctest (the output must match exactly);
- ``console``: each ``$ command`` is run and must exit with status 0, or
  with the status its trailing comment names (``$ bootreq check bad.json
  # exit status 1``); the lines after a command, up to the next ``$``, are its
  expected output: when there are any, stdout must match them (``...``
  matches anything, as in a doctest). ``pip install`` lines are not run (an
  install is not a test). Commands run from the project root with the venv's
  scripts first on ``PATH`` and ``COLUMNS=80``;
- ``json``: must parse.

Any other language fails the test, so that no block goes unchecked.
Directive blocks (``{literalinclude}``, ``{eval-rst}``, bootreq's generated
tables) are not code: the files they include are run by ``tests/examples``.
"""

from __future__ import annotations

import doctest
import json
import linecache
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from docs_support import as_this_python_prints, command_env, help_content

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))

_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>[^\n`]*)\n(?P<code>.*?)^(?P=fence)[ \t]*$",
                    re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    language: str
    code: str


def blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    found = []
    for match in _FENCE.finditer(text):
        info = match["info"].strip()
        if info.startswith("{"):
            continue  # a MyST directive, not a code block
        line = text.count("\n", 0, match.start()) + 1
        found.append(Block(page, line, info.split()[0] if info else "", match["code"]))
    return found


#: Packages of the ``examples`` extra: a page using one is skipped without it
#: (CI installs every extra, so there nothing is skipped).
OPTIONAL = frozenset({"flask", "fastapi", "httpx", "webob", "openstack", "novaclient"})


def _run_python(block: Block, namespace: dict[str, Any]) -> None:
    filename = f"{block.page.name}:{block.line}"
    # Tracebacks then show the block's lines.
    linecache.cache[filename] = (len(block.code), None, block.code.splitlines(True), filename)
    code = compile(block.code, filename, "exec")
    try:
        exec(code, namespace)
    except ModuleNotFoundError as missing:
        if (missing.name or "").split(".")[0] not in OPTIONAL:
            raise
        namespace.setdefault("__skipped__", []).append(f"{filename} needs {missing.name}")


def _run_pycon(block: Block, namespace: dict[str, Any]) -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(
        block.code, namespace, f"{block.page.name}:{block.line}", str(block.page), block.line
    )
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    runner.run(test, out=report.append, clear_globs=False)
    namespace.update(test.globs)  # DocTest works on a copy of the namespace
    assert runner.failures == 0, "".join(report)


_EXIT_STATUS = re.compile(r"#\s*exit status (\d+)\s*$")


def _console_commands(code: str) -> list[tuple[str, str]]:
    """Each ``$ command`` of a console block with the output lines shown after it."""
    commands: list[tuple[str, list[str]]] = []
    for line in code.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        elif commands:
            commands[-1][1].append(line)
    return [(command, "".join(f"{line}\n" for line in output)) for command, output in commands]


def _same_output(expected: str, actual: str) -> bool:
    def lines(text: str) -> str:
        return "".join(line.rstrip() + "\n" for line in text.splitlines())

    return doctest.OutputChecker().check_output(
        lines(expected), lines(actual), doctest.ELLIPSIS
    )


def _run_console(block: Block, namespace: dict[str, Any]) -> None:
    commands = _console_commands(block.code)
    assert commands, f"{block.page.name}:{block.line}: a console block without a $ command"
    for command, expected in commands:
        argv = shlex.split(command, comments=True)
        if argv[:2] == ["pip", "install"]:
            continue
        status = _EXIT_STATUS.search(command)
        wanted = int(status.group(1)) if status else 0
        if argv[0] == "python":
            argv[0] = sys.executable
        result = subprocess.run(
            argv, cwd=ROOT, env=command_env(), capture_output=True, text=True, timeout=120
        )
        assert result.returncode == wanted, (
            f"{block.page.name}:{block.line}: {command}\nexit status {result.returncode}, "
            f"not {wanted}\n{result.stdout}{result.stderr}"
        )
        if expected.strip() and argv[-1] == "--help":
            # argparse's layout differs between Pythons: its words must not.
            assert help_content(expected) == help_content(result.stdout), (
                f"{block.page.name}:{block.line}: {command}\nexpected:\n{expected}"
                f"got:\n{result.stdout}"
            )
        elif expected.strip():
            expected = as_this_python_prints(expected)
            assert _same_output(expected, result.stdout), (
                f"{block.page.name}:{block.line}: {command}\nexpected:\n{expected}"
                f"got:\n{result.stdout}"
            )


def _run_json(block: Block, namespace: dict[str, Any]) -> None:
    json.loads(block.code)


RUNNERS = {
    "python": _run_python,
    "pycon": _run_pycon,
    "console": _run_console,
    "json": _run_json,
}


def test_the_docs_have_code() -> None:
    assert PAGES
    assert sum(len(blocks(page)) for page in PAGES) >= 10


@pytest.mark.filterwarnings("ignore:Support for InfluxDB")
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_page_code_runs(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, Any] = {"__name__": f"docs_{page.stem}"}
    for block in blocks(page):
        runner = RUNNERS.get(block.language)
        assert runner is not None, (
            f"{page.name}:{block.line}: code block language {block.language!r} is not run "
            f"by the tests; use one of {sorted(RUNNERS)}"
        )
        runner(block, namespace)
    if namespace.get("__skipped__"):
        pytest.skip("; ".join(namespace["__skipped__"]))
