"""One exception hierarchy: the CLI turns any of these into one line on stderr."""


class ReportedlyError(Exception):
    """Base of every error reportedly raises on purpose (bad input, bad config)."""


class InputError(ReportedlyError):
    """The input cannot be read as an article: empty, binary, too large, no text."""


class FetchError(InputError):
    """A URL could not be fetched (unreachable, timeout, too large, not HTML)."""


class StoreError(ReportedlyError):
    """The database could not be opened or written."""
