"""Sphinx configuration for bootreq's documentation.

Build: ``sphinx-build -W -b html docs docs/_build/html`` (needs the ``docs`` extra).
The microversion tables are generated from :mod:`bootreq.schemas` at build
time by ``_ext/bootreq_tables.py``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from sphinx.application import Sphinx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))
sys.path.insert(0, str(HERE.parent / "src"))

import bootreq  # noqa: E402

project = "bootreq"
author = "the bootreq authors"
copyright = "the bootreq authors"
try:
    from importlib.metadata import version as _version

    release = _version("bootreq")
except Exception:  # pragma: no cover - docs built from a plain checkout
    release = "1.0.0"
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "bootreq_tables",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
# _generated/ holds files other pages include (see _benchmark_reports below).
exclude_patterns = ["_build", "_generated", "Thumbs.db", ".DS_Store"]

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "undoc-members": False}
autodoc_preserve_defaults = True

# No intersphinx: the docs build offline, and -W turns a failed fetch into an error.

html_theme = "furo"
html_title = f"bootreq {release}"

assert callable(bootreq.parse)  # the docs describe an importable package


# Reports under benchmarks/ that pages include, and where they are copied.
_REPORTS = {
    "RESULTS.md": ("benchmark-results.md", "run `benchmarks/run.py` to make one"),
    "ADVERSARIAL.md": ("adversarial-results.md", "run `benchmarks/adversarial.py` to make one"),
}


def _benchmark_reports(app: Sphinx) -> None:
    """Copy the benchmark reports where ``performance.md`` and ``robustness.md`` include them.

    Relative links in a report point into ``benchmarks/``, which is not part
    of the docs: they become plain text naming the file.
    """
    for name, (copy, how) in _REPORTS.items():
        source = HERE.parent / "benchmarks" / name
        target = HERE / "_generated" / copy
        target.parent.mkdir(exist_ok=True)
        if source.exists():
            text = source.read_text(encoding="utf-8")
            text = re.sub(
                r"\[([^\]]+)\]\((?!https?:|#)([^)]+)\)", r"\1 (`benchmarks/\2`)", text
            )
        else:
            text = (
                f"```{{note}}\nNo report has been published with this build "
                f"(`benchmarks/{name}` is missing): {how}.\n```\n"
            )
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _benchmark_reports)
