"""Qt helpers shared by the views: the background ops runner, the change broadcast, dialogs."""
