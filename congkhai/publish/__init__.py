"""Stage 3, publish: what leaves the build (HTML fragments from the templates, the search index, the JSON Schemas
and the web editor's configuration)."""
