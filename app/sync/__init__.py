"""Sync with a shared target (a folder or an S3 bucket): targets, the capability probe (no Qt)."""
