"""The Qt views: windows, pages, dialogs and their item models."""
