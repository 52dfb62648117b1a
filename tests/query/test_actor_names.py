"""Actors typed as a user types them (issue 16, item 4): ids, codes and any dictionary name or
alias in any case; a value that names no actor warns with the closest names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dyads.cli import cli
from dyads.errors import InputError
from dyads.query.actors import resolve_actor
from dyads.query.filters import EventFilter, is_date_prefix


@pytest.mark.parametrize("typed", ["RUS", "rus", "Russia", "russia", "RUSSIAN FEDERATION"])
def test_ids_codes_and_names_in_any_case_find_the_actor(typed: str) -> None:
    found = resolve_actor(typed)
    assert found.key == "RUS"
    assert found.warning("--actor") is None


def test_a_capital_and_an_adjective_name_their_state() -> None:
    assert resolve_actor("moscow").key == "RUS"
    assert resolve_actor("Iranian").key == "IRN"


def test_an_unknown_name_warns_with_the_closest_names() -> None:
    found = resolve_actor("Rusia")
    assert found.key is None
    message = found.warning("--actor")
    assert message is not None and "'Rusia'" in message and "--actor" in message
    assert "Russia (RUS)" in message


def test_events_by_lower_case_code_and_by_name(analysis_db: Path) -> None:
    runner = CliRunner()
    by_id = runner.invoke(cli, ["events", "--db", str(analysis_db), "--actor", "RUS"])
    for typed in ("rus", "Russia"):
        result = runner.invoke(cli, ["events", "--db", str(analysis_db), "--actor", typed])
        assert result.exit_code == 0, result.output
        assert result.output == by_id.output
        assert "0 events" not in result.output


def test_series_by_names_equals_series_by_ids(analysis_db: Path) -> None:
    runner = CliRunner()
    args = ["--db", str(analysis_db), "--format", "json"]
    by_ids = json.loads(runner.invoke(cli, ["series", "RUS", "IRN", *args]).output)
    by_names = json.loads(runner.invoke(cli, ["series", "Russia", "iran", *args]).output)
    assert by_names["points"] == by_ids["points"] and by_ids["points"]


def test_events_warn_on_an_actor_that_matches_nothing(analysis_db: Path) -> None:
    result = CliRunner().invoke(cli, ["events", "--db", str(analysis_db), "--actor", "Frnace"])
    assert result.exit_code == 0
    assert "warning: --actor 'Frnace'" in result.output and "France (FRA)" in result.output


@pytest.mark.parametrize("bad", ["2016-13-01", "2016-02-30", "2016-00", "soon", "16-01-01"])
def test_impossible_dates_are_refused(bad: str, analysis_db: Path) -> None:
    assert not is_date_prefix(bad)
    with pytest.raises(InputError):
        EventFilter(since=bad)
    for command in (["events"], ["series", "RUS", "IRN"], ["stats"], ["alerts"]):
        result = CliRunner().invoke(cli, [*command, "--db", str(analysis_db), "--since", bad])
        assert result.exit_code == 2, (command, result.output)
        assert "--since" in result.output and repr(bad) in result.output


@pytest.mark.parametrize("good", ["2016", "2016-12", "2016-02-29"])
def test_real_dates_and_prefixes_are_accepted(good: str) -> None:
    assert is_date_prefix(good)


def test_an_actor_of_a_users_own_dictionary_is_found_in_the_store(tmp_path: Path) -> None:
    actors = tmp_path / "mine.yaml"
    actors.write_text(
        "version: '1'\nkind: group\nactors:\n"
        "  - {id: HARBOUR_GUILD, name: Harbour Guild, code: NGO, names: [Harbour Guild]}\n",
        encoding="utf-8",
    )
    article = tmp_path / "a.txt"
    article.write_text("The Harbour Guild condemned Chile on Monday.", encoding="utf-8")
    db = str(tmp_path / "mine.duckdb")
    runner = CliRunner()
    ingested = runner.invoke(cli, ["ingest", str(article), "--db", db, "--actors", str(actors)])
    assert ingested.exit_code == 0, ingested.output
    result = runner.invoke(cli, ["events", "--db", db, "--actor", "harbour_guild"])
    assert result.exit_code == 0 and "warning" not in result.output, result.output
    assert "HARBOUR_GUILD" in result.output and "1 events" in result.output
