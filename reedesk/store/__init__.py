"""Persistence: SQLModel tables over SQLite, the unit of work, and repositories."""
