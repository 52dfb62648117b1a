"""Binding rules of `dyads serve`: loopback is open, anything else needs a token."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dyads.api.server import dashboard_url, is_loopback, resolve_token
from dyads.cli import cli
from dyads.errors import InputError


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("192.168.1.10", False),
        ("example.org", False),
    ],
)
def test_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_a_public_bind_needs_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DYADS_TOKEN", raising=False)
    with pytest.raises(InputError, match="--token"):
        resolve_token("0.0.0.0", None)
    assert resolve_token("0.0.0.0", "long-enough-token") == "long-enough-token"
    assert resolve_token("127.0.0.1", None) is None
    with pytest.raises(InputError, match="8 characters"):
        resolve_token("127.0.0.1", "short")
    monkeypatch.setenv("DYADS_TOKEN", "from-the-environment")
    assert resolve_token("0.0.0.0", None) == "from-the-environment"


def test_serve_refuses_before_opening_anything(
    api_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DYADS_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--db", str(api_db), "--host", "0.0.0.0"])
    assert result.exit_code != 0
    assert "--token" in str(result.exception) + result.output


def test_dashboard_url() -> None:
    assert dashboard_url("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert dashboard_url("::1", 8080) == "http://[::1]:8080/"
