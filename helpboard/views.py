"""Web pages of the helpboard app."""
