"""vault-sync: minutes and work plans of librarians' associations, published as calendars."""

from vault_sync import messages as _messages
from vault_sync.when_messages import MESSAGES as _WHEN_MESSAGES

__version__ = "0.1.0"

_messages.register(_WHEN_MESSAGES)
