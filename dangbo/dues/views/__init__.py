"""Web pages of party dues, one module per room: ``collection`` (picking a cell, the cell's monthly collection
sheet), ``books`` (the books S01/S02, B01 and the arrears list with its notice), ``writes`` (the payment rows and
their reversal, remittances up the chain)."""
