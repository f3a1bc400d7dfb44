"""The reader's search: the index the builder writes (``records``, ``index``), the words as both
sides see them (``text``), and the client the site ships (``client/``: plain scripts that load
only the index files a query needs, over HTTP and from file:// alike)."""
