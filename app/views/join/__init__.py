"""The first-run wizard's pages for a new PC joining the ward's existing space."""
