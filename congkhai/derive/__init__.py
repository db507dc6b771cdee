"""Stage 2, derive: results computed from a checked Site (listings, a procedure's first screen,
compliance with the requirement register). Nothing here reads files or writes pages."""
