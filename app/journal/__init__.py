"""The journal of signed ops and its one apply path (ARCHITECTURE §3)."""
