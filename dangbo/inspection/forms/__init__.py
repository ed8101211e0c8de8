"""The inspection pages' forms: programmes, plans and cases (``cases``); letters, complaints and proposals
(``letters``)."""
