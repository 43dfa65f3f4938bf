"""One exception hierarchy; the library raises, the CLI reports."""


class CitypactError(Exception):
    """Base of every error citypact raises on purpose."""


class ReadError(CitypactError):
    """A source could not be read into a Document (names the source and the reason)."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class LexiconError(CitypactError):
    """A lexicon file is malformed (names the file, the key and the problem)."""


class StoreError(CitypactError):
    """The store refused an operation or is inconsistent."""


class Conflict(StoreError):
    """A well-formed change the registry's present state refuses (a record merged into itself)."""


class NotFound(CitypactError):
    """A record asked for by id does not exist."""
