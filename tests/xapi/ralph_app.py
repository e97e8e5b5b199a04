"""Ralph's LRS app, as the tests run it: its file-system backend appends statements.

Ralph 5.1's file-system LRS backend writes with the "create" mode, which refuses to touch a
file that exists, so it stores only the first POST of each account. Appending is how that
backend's own `append` mode writes; everything else (the xAPI API, validation, duplicate
detection, queries) is Ralph's unchanged.
"""

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

from ralph.api import app  # noqa: E402 - after the backend is set up

__all__ = ["app"]
