"""Web pages of the contacts app."""
