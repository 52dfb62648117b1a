"""YAML for the packaged data files, through libyaml where PyYAML was built with it.

The pure-Python ``yaml.safe_load`` spent over a second of every process's start-up on the
codebook and the patterns; the C parser reads the same files into the same values (same safe
constructor and resolver) several times faster.
"""

from __future__ import annotations

from typing import Any

import yaml

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader


def safe_load(text: str) -> Any:
    """``yaml.safe_load(text)``, faster; raises the same ``yaml.YAMLError`` on bad input."""
    return yaml.load(text, Loader=_Loader)
