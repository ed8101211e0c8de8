"""XLSX exports of the meeting pages: the compliance alerts and ratings, and who is missing what in the members' work."""
