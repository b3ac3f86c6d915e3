"""Document files: taking in scans and PDFs, templates, conversion (no Qt)."""
