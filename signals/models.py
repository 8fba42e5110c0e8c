"""Models of the signals app."""
