"""The statistics forms' API: a form, a set, the members behind a figure (``forms``); the finalised snapshots
(``snapshots``)."""
