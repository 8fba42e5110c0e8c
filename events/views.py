"""Web pages of the events app."""
