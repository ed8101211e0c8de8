"""Web pages of the admission pipeline, one module per room: ``candidates`` (the candidates of a subtree, a
candidate's file and its steps), ``work`` (the committees' work pages: quotas, probations due, screening, the Huy
hiệu list)."""
