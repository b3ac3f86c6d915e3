"""Use cases per area; plain classes with injected dependencies, no Qt."""
