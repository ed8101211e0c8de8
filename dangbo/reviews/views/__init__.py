"""Review pages, one module per area: the workflow (entry), plans and streaks, imports, statistics."""
