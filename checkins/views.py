"""Web pages of the checkins app."""
