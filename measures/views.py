"""Web pages of the measures app."""
