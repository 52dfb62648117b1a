"""Where ``llm/1`` finds its server: options, a config file, the environment.

Precedence: an option given in code or on the command line, then the environment
(``DYADS_LLM_URL``, ``DYADS_LLM_MODEL``, ``DYADS_LLM_MODE`` ...), then the config file
(``--llm-config FILE`` or ``DYADS_LLM_CONFIG``: YAML with the same keys, ``url``, ``model``
...). The API key is read only from ``DYADS_LLM_API_KEY`` or a key file
(``DYADS_LLM_API_KEY_FILE``, or ``api_key_file`` in the config), never from an option, so
that it lands in no shell history or log; it is left out of ``repr``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from dyads.errors import InputError
from dyads.nlp import yamlfast

MODES = ("full", "verify")


@dataclass(frozen=True)
class LLMSettings:
    url: str = ""
    model: str = ""
    mode: str = "full"
    # verify mode: rule candidates whose gate probability is in [low, high] go to the model;
    # above it they are kept, under it dropped, without a request ("0,1": all are sent).
    band: str = "0.1,0.7"
    timeout: float = 60.0  # seconds a request may take
    retries: int = 4  # on 429, 5xx and timeouts, with exponential backoff
    backoff: float = 1.0  # first wait in seconds; doubles each retry
    concurrency: int = 4  # requests in flight at once
    max_tokens: int = 512
    temperature: float = 0.0
    json_schema: bool = True  # send response_format; servers that refuse it are retried without
    cache_dir: str = ""  # "" the user cache; "off" no cache
    price_in: float = 0.0  # cost per million prompt tokens, for the progress line
    price_out: float = 0.0  # cost per million completion tokens
    progress: bool = False  # a progress line on stderr
    api_key: str = field(default="", repr=False)

    @property
    def band_range(self) -> tuple[float, float]:
        return parse_band(self.band)

    def to_options(self) -> dict[str, Any]:
        """The settings as plain values (what a worker process rebuilds them from)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "api_key"}


def parse_band(value: str, where: str = "llm/1") -> tuple[float, float]:
    """``"0.1,0.7"`` as (0.1, 0.7); a one-line error for anything else."""
    try:
        low, high = (float(part) for part in str(value).replace(":", ",").split(","))
    except ValueError:
        wanted = f"the gate band must be LOW,HIGH (e.g. 0.1,0.7), not {value!r}"
        raise InputError(where, wanted) from None
    if not 0.0 <= low <= high <= 1.0:
        raise InputError(where, f"the gate band needs 0 <= LOW <= HIGH <= 1, not {value!r}")
    return low, high


_ENV = {f.name: f"DYADS_LLM_{f.name.upper()}" for f in fields(LLMSettings) if f.name != "api_key"}


def _coerce(name: str, value: Any, where: str) -> Any:
    kind = type(getattr(LLMSettings(), name))
    try:
        if kind is bool and isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "on")
        return kind(value)
    except (TypeError, ValueError):
        raise InputError(where, f"{name} must be a {kind.__name__}, not {value!r}") from None


def _read_config(path: str) -> dict[str, Any]:
    try:
        data = yamlfast.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except OSError as err:
        raise InputError(path, f"cannot read the LLM config ({err.strerror})") from None
    if not isinstance(data, dict):
        raise InputError(path, "the LLM config must be a mapping of keys to values")
    if "api_key" in data:
        raise InputError(path, "put the API key in DYADS_LLM_API_KEY or a key file, not here")
    return data


def _read_key(path: str) -> str:
    try:
        return Path(path).expanduser().read_text(encoding="utf-8").strip()
    except OSError as err:
        raise InputError(path, f"cannot read the API key file ({err.strerror})") from None


def resolve(options: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None,
            config: str | None = None) -> LLMSettings:  # fmt: skip
    """Settings from options over environment over config file; one-line errors."""
    env = os.environ if env is None else env
    options = {k: v for k, v in (options or {}).items() if v is not None}
    if "api_key" in options:
        raise InputError("api_key", "the API key is read from DYADS_LLM_API_KEY or a key file")
    config = config or options.pop("config", None) or env.get("DYADS_LLM_CONFIG")
    values: dict[str, Any] = {}
    file_values = _read_config(config) if config else {}
    unknown = set(file_values) - set(_ENV) - {"api_key_file"}
    if unknown:
        raise InputError(str(config), f"unknown LLM config key(s): {', '.join(sorted(unknown))}")
    for name, env_name in _ENV.items():
        for value, where in ((options.get(name), "option"), (env.get(env_name), env_name),
                             (file_values.get(name), str(config))):  # fmt: skip
            if value is not None and value != "":
                values[name] = _coerce(name, value, where)
                break
    key_file = env.get("DYADS_LLM_API_KEY_FILE") or file_values.get("api_key_file")
    values["api_key"] = env.get("DYADS_LLM_API_KEY") or (_read_key(key_file) if key_file else "")
    settings = LLMSettings(**values)
    if not settings.url:
        raise InputError("llm/1", "no server URL: give --llm-url, DYADS_LLM_URL or a config file")
    if not settings.model:
        raise InputError("llm/1", "no model name: give --llm-model or DYADS_LLM_MODEL")
    if settings.mode not in MODES:
        raise InputError("llm/1", f"mode {settings.mode!r} is not one of {', '.join(MODES)}")
    parse_band(settings.band, "llm/1 band")  # a one-line error now, not at the first sentence
    return settings
