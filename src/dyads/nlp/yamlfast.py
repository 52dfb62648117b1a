"""YAML for the packaged data files, through libyaml where PyYAML was built with it.

The pure-Python ``yaml.safe_load`` spent over a second of every process's start-up on the
codebook and the patterns; the C parser reads the same files into the same values (same safe
constructor and resolver) several times faster. Even so, parsing the ~30 packaged files was a
fifth of a second of a one-sentence `dyads extract`: a document that parses to plain data is
kept in the user's data cache (:mod:`dyads.nlp.datacache`) under a hash of its text.
"""

from __future__ import annotations

from typing import Any

import yaml

from dyads.nlp import datacache

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader


def safe_load(text: str) -> Any:
    """``yaml.safe_load(text)``, faster; raises the same ``yaml.YAMLError`` on bad input."""
    return datacache.load_or_build(
        "yaml", datacache.fingerprint(text), lambda: yaml.load(text, Loader=_Loader)
    )
