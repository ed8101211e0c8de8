"""Web pages of cell meetings, one module per room: ``cell`` (a cell's months, the cell finder, the member's own
page), ``record`` (one meeting: its form, detail and the actions on it), ``phone`` (the secretary's one page)."""
