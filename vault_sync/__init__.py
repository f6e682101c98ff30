"""vault-sync: minutes and work plans of librarians' associations, published as calendars."""

__version__ = "0.1.0"
