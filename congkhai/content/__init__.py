"""Stage 1, content: read the portal's files, check them against the schema (model.py) and each other,
and hand on a typed Site. Every problem is reported at once, with file, line and field, in Vietnamese."""
