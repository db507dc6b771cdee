"""Content made from other sources (plan documents, national procedure records): they write files in the
portal's format for staff to review, and read the content stage's schema to do so."""
