"""Publication: the SQLite store and the Datasette plugin with its templates."""
