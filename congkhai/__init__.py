"""congkhai: Vietnamese public transparency portals from files in git.

The build flows one way, one module per stage:

    source.py    read files (YAML front matter, data files), keep every value's line
    model.py     the content model: the schema every file is checked against
    body.py      the body policy: what Markdown bodies may publish (check, then an allow-list)
    validate.py  typed records from raw data, problems in plain Vietnamese
    site.py      the whole site: all files, cross-references, every problem at once
    derive.py    catalogue, fee schedule, directory
    essentials.py  a procedure's first screen: time, fee, where, what to bring, forms
    render.py    HTML fragments from the templates in overrides/congkhai/

Nothing here imports MkDocs; hooks/congkhai_mkdocs.py is the adapter.
"""

from .problems import ContentError, Problem
from .render import Renderer
from .site import ProcedureEntry, Site, load_site

__all__ = ["ContentError", "Problem", "ProcedureEntry", "Renderer", "Site", "load_site"]
