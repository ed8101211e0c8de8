"""The inspection commission's pages (issue 14): programmes and plans, cases (``plans``, ``cases``), denunciations,
discipline complaints and discipline proposals (``letters``), the period's figures (``reports``). Each module
holds its own ``urlpatterns``; ``inspection.urls`` joins them."""
