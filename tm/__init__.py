"""Russian→English translation memory: documents → segments → argostranslate → TMX."""

__version__ = "0.1.0"
