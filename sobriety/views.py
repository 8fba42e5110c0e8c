"""Web pages of the sobriety app."""
