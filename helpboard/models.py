"""Models of the helpboard app."""
