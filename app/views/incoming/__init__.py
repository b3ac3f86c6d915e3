"""The incoming-document screens: lists per box, the detail pane, registration and assignment."""
