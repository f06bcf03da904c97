"""The Matting Studio application: the command-line interface and the Qt desktop app."""

__version__ = "0.1.0"
