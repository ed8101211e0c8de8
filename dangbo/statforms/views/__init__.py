"""The statistics forms' pages: a form, its members, the set and the country's set as jobs (``forms``); the
finalised snapshots and their comparison (``snapshots``)."""
