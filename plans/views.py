"""Web pages of the plans app."""
