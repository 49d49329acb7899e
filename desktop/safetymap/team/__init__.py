"""The team store: a family record shared through PostgreSQL, synced with each laptop."""
