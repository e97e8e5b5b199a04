"""Domain errors that views turn into clear 4xx answers."""


class DomainError(Exception):
    """A request that cannot be carried out; status is the HTTP answer it maps to."""

    status = 422

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Conflict(DomainError):
    """The change clashes with existing data (duplicate, already done)."""

    status = 409


class Forbidden(DomainError):
    """The actor may not do this."""

    status = 403


class NotFound(DomainError):
    """The thing does not exist, or the actor may not know it does."""

    status = 404
