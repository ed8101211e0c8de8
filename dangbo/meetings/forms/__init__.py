"""Forms of the meeting pages: a meeting record, the committees above the cells, the cell's work with its members."""
