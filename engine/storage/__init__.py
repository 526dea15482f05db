"""SQLite storage: one WAL database, numbered migrations, one lock for writers."""
