"""The task screens: the lists, the detail pane, the dialogs of each step, deadline reminders."""
