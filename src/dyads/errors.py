"""One exception tree. Every message names the input and the problem on one line."""

from __future__ import annotations


class DyadsError(Exception):
    """Base of every error Dyads raises on purpose."""


class InputError(DyadsError):
    """An input (file, line, URL, text) cannot be read or is not what it claims to be."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}")


class DataError(DyadsError):
    """A dictionary, pattern or codebook file is invalid."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}")


class RegistryError(DyadsError):
    """No implementation is registered under a name."""


class StoreError(DyadsError):
    """The event store cannot be opened, written or read."""
