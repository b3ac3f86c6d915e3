"""Search (Tìm kiếm): the FTS5 index, query building and file text extraction. Qt-free."""
