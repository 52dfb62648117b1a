"""Where llm/1 finds its server, model and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyads.errors import InputError
from dyads.events.llm.settings import resolve


def test_options_override_the_environment_over_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "llm.yaml"
    config.write_text("url: http://file:1\nmodel: from-file\ntimeout: 7\nmode: verify\n")
    env = {"DYADS_LLM_MODEL": "from-env", "DYADS_LLM_CONFIG": str(config)}
    s = resolve({"url": "http://option:2"}, env=env)
    assert (s.url, s.model, s.timeout, s.mode) == ("http://option:2", "from-env", 7.0, "verify")


def test_the_key_comes_from_the_environment_or_a_file_and_is_not_shown(tmp_path: Path) -> None:
    base = {"url": "http://x", "model": "m"}
    assert resolve(base, env={"DYADS_LLM_API_KEY": "sk-secret"}).api_key == "sk-secret"
    key = tmp_path / "key"
    key.write_text("sk-from-file\n")
    s = resolve(base, env={"DYADS_LLM_API_KEY_FILE": str(key)})
    assert s.api_key == "sk-from-file" and "sk-from-file" not in repr(s)
    assert "api_key" not in s.to_options()


@pytest.mark.parametrize(
    ("options", "config", "message"),
    [
        ({"model": "m"}, None, "no server URL"),
        ({"url": "http://x"}, None, "no model name"),
        ({"url": "http://x", "model": "m", "mode": "half"}, None, "mode 'half'"),
        ({"url": "http://x", "model": "m", "timeout": "soon"}, None, "timeout must be a float"),
        ({"url": "http://x", "model": "m", "api_key": "k"}, None, "read from DYADS_LLM_API_KEY"),
        ({}, "url: http://x\napi_key: k\n", "not here"),
        ({}, "url: http://x\nmodle: m\n", "unknown LLM config key"),
    ],
)
def test_bad_settings_are_one_line_errors(
    tmp_path: Path, options: dict[str, str], config: str | None, message: str
) -> None:
    env = {}
    if config is not None:
        (tmp_path / "c.yaml").write_text(config)
        env["DYADS_LLM_CONFIG"] = str(tmp_path / "c.yaml")
    with pytest.raises(InputError, match=message):
        resolve(options, env=env)


def test_the_key_is_sent_as_a_bearer_token(fake_llm, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from dyads.pipeline import Pipeline, extract

    monkeypatch.setenv("DYADS_LLM_API_KEY", "sk-test-123")
    monkeypatch.setenv("DYADS_LLM_URL", fake_llm.url)
    monkeypatch.setenv("DYADS_LLM_MODEL", "env-model")
    monkeypatch.setenv("DYADS_LLM_CACHE_DIR", "off")
    extract("Norway sent aid to Sudan.", pipeline=Pipeline(extractor="llm/1"))
    assert fake_llm.headers[0]["Authorization"] == "Bearer sk-test-123"
    assert fake_llm.requests[0]["model"] == "env-model"
