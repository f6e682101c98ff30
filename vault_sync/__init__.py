"""vault-sync: minutes and work plans of librarians' associations, published as calendars."""

from vault_sync import messages as _messages
from vault_sync.daemon_messages import MESSAGES as _DAEMON_MESSAGES
from vault_sync.feed_messages import MESSAGES as _FEED_MESSAGES
from vault_sync.import_messages import MESSAGES as _IMPORT_MESSAGES
from vault_sync.remote_messages import MESSAGES as _REMOTE_MESSAGES
from vault_sync.summary_messages import MESSAGES as _SUMMARY_MESSAGES
from vault_sync.when_messages import MESSAGES as _WHEN_MESSAGES

__version__ = "0.1.0"

for _catalogue in (
    _WHEN_MESSAGES,
    _FEED_MESSAGES,
    _SUMMARY_MESSAGES,
    _IMPORT_MESSAGES,
    _REMOTE_MESSAGES,
    _DAEMON_MESSAGES,
):
    _messages.register(_catalogue)
