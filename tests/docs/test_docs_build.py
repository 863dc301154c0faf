"""The docs build without a single warning (``sphinx-build -W``), and the API
reference documents every public name."""

from __future__ import annotations

import importlib
import posixpath
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sphinx")
pytest.importorskip("furo")
pytest.importorskip("myst_parser")

from sphinx.util.inventory import InventoryFile

import bootreq

ROOT = Path(__file__).resolve().parents[2]

#: Modules whose public names (``__all__``) the API reference documents,
#: under the module or, for the names the package re-exports, under ``bootreq``.
DOCUMENTED_MODULES = (
    "advice", "cloud", "compute", "errors", "microversion", "openapi", "options", "releases",
    "release_rules", "schemas",
)


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs") / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         str(ROOT / "docs"), str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_sphinx_build_is_warning_free(html: Path) -> None:
    assert (html / "microversions.html").exists()
    assert (html / "cli.html").exists()


def _python_objects(html: Path) -> set[str]:
    with (html / "objects.inv").open("rb") as file:
        inventory = InventoryFile.load(file, "", posixpath.join)
    return {
        name for kind, objects in inventory.items() if kind.startswith("py:") for name in objects
    }


def test_the_api_reference_covers_every_public_name(html: Path) -> None:
    documented = _python_objects(html)
    missing = [f"bootreq.{name}" for name in bootreq.__all__
               if f"bootreq.{name}" not in documented]
    for module_name in DOCUMENTED_MODULES:
        module = importlib.import_module(f"bootreq.{module_name}")
        if f"bootreq.{module_name}" not in documented:
            missing.append(f"bootreq.{module_name} (the module)")
        missing.extend(
            f"bootreq.{module_name}.{name}" for name in module.__all__
            if f"bootreq.{module_name}.{name}" not in documented
            and not (name in bootreq.__all__ and f"bootreq.{name}" in documented)
        )
    assert not missing, f"docs/api.md does not document: {', '.join(missing)}"
