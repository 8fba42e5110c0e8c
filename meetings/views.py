"""Web pages of the meetings app."""
