"""The read side on a real SQLite file and a real PostgreSQL schema."""
