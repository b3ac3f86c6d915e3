"""The screens of outgoing documents (văn bản đi): lists, the detail pane, the step dialogs."""
