"""Web pages of the signals app."""
