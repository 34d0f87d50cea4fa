"""repwatch: search for yourself, again and again, and hear about what is new."""

__version__ = "0.1.0"
