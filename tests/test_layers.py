"""The layer rules of the architecture, checked by importing each module alone in
a fresh interpreter and looking at what came with it:

- nothing below the app (model, text, sources, store, library, fetch, the
  session, config...) imports Textual;
- sources never import the store (they read; they do not keep state);
- the Markdown source does not need lxml (a Markdown file is not HTML).
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import reader
import reader.sources
import reader.store

CORE = sorted(
    {f"reader.{m.name}" for m in pkgutil.iter_modules(reader.__path__)}
    # The app's own modules, and the entry points that start it:
    - {"reader.app", "reader.background_writes", "reader.screens", "reader.widgets",
       "reader.__main__", "reader.cli", "reader.commands", "reader.samples", "reader.styles"}
    | {f"reader.sources.{m.name}" for m in pkgutil.iter_modules(reader.sources.__path__)}
    | {f"reader.store.{m.name}" for m in pkgutil.iter_modules(reader.store.__path__)}
)


def imported_by(module: str) -> set[str]:
    code = f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    return set(json.loads(out))


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module):
    textual = sorted(m for m in imported_by(module) if m == "textual" or m.startswith("textual."))
    assert not textual, f"{module} imports Textual ({textual[0]})"


@pytest.mark.parametrize("module", [m for m in CORE if m.startswith("reader.sources.")])
def test_sources_do_not_import_the_store(module):
    assert "reader.store" not in imported_by(module), f"{module} imports the store"


def test_markdown_source_does_not_import_lxml():
    assert "lxml" not in imported_by("reader.sources.markdown")


def test_the_rule_itself_catches_a_textual_import():
    """The check is real: a module known to import Textual is caught."""
    assert "textual" in imported_by("reader.widgets.article_list")
    assert "reader.session" in CORE and "reader.config" in CORE and "reader.fetch" in CORE
