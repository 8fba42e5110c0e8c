"""Web pages of the crisis app."""
