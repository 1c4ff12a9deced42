"""Kilometer: the application, its configuration, data and command line."""
