"""Web pages of the calendars app."""
