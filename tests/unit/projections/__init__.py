"""Read-side pieces that need no database."""
