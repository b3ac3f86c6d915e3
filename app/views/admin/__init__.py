"""The administrator's pages: organisation, units, users, registers."""

from app.views.admin.directory_page import DirectoryPage

__all__ = ["DirectoryPage"]
