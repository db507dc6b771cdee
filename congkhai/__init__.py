"""congkhai: Vietnamese public transparency portals from files in git.

The build flows one way, one package per stage; a stage imports only the stages above it in this
list (tests/test_architecture.py holds the contract):

    common/     text.py (Vietnamese numbers, dates, folding), problems.py (what staff are told)
    content/    read and check the files: source.py (YAML, line numbers), model.py (the schema),
                vocab.py, deadline.py, validate.py, body.py (Markdown body policy), links.py,
                site.py (the whole site, cross-references, every problem at once)
    derive/     results computed from checked content: listings.py (catalogue, fee schedule,
                directory, task tracker), essentials.py (a procedure's first screen),
                compliance.py (the requirement register evaluated)
    publish/    what leaves the build: render.py (HTML fragments from overrides/congkhai/),
                search.py (search records and index), schemas.py (JSON Schema of each kind of file),
                editor.py (the web editor's configuration, /quan-tri/), open_data.py (the records as
                open data under du-lieu/), jsonld.py (schema.org JSON-LD of procedures and the department)
    importers/  content made from other sources: plans.py (plan documents from plain text), national.py
                (national procedure records read into the project's format), sync.py (written into a
                portal without losing staff's edits; compared with it: drift)
    cli.py      `congkhai check`, `import-plan`, `import-procedures`, `compare`

Nothing here imports MkDocs; hooks/congkhai_mkdocs.py is the adapter.

The public API is what this module exports.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .common.problems import ContentError, Problem
from .content import site as _site
from .content.site import PlanEntry, ProcedureEntry, Site
from .derive.compliance import compliance, parameter_checks
from .publish.render import Renderer

__all__ = ["ContentError", "PlanEntry", "Problem", "ProcedureEntry", "Renderer", "Site", "compliance", "load_site"]


def load_site(root: Path | str, build_date: dt.date | None = None) -> Site:
    """Read and check every content file under `root` (the portal's folder); raise ContentError
    listing every problem at once."""
    return _site.load_site(Path(root), build_date, checks=parameter_checks())
