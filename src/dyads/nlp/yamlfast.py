"""YAML for the packaged data files, through libyaml where PyYAML was built with it.

The pure-Python ``yaml.safe_load`` spent over a second of every process's start-up on the
codebook and the patterns; the C parser reads the same files into the same values (same safe
constructor and resolver) several times faster. Even so, parsing the ~30 packaged files was a
fifth of a second of a one-sentence `dyads extract`: a document that parses to plain data is
kept in the user's data cache (:mod:`dyads.nlp.datacache`) under a hash of its text.
PyYAML itself is imported only when a document is parsed (or ``YAMLError`` is asked for):
with every packaged file in the cache, a start-up does not pay for its import.
"""

from __future__ import annotations

from typing import Any

from dyads.nlp import datacache


def load(text: str) -> Any:
    """``yaml.safe_load(text)`` through the C loader where there is one; not cached."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # no libyaml: the pure loader
    return yaml.load(text, Loader=loader)


def safe_load(text: str) -> Any:
    """``yaml.safe_load(text)``, faster; raises the same ``yaml.YAMLError`` on bad input."""
    return datacache.load_or_build("yaml", datacache.fingerprint(text), lambda: load(text))


def __getattr__(name: str) -> Any:
    """``yamlfast.YAMLError`` is PyYAML's, imported when an ``except`` clause asks for it."""
    if name == "YAMLError":
        import yaml

        return yaml.YAMLError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
