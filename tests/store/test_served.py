"""The discovery file beside a served DuckDB file: which ones are trusted, which are stale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dyads.store import open_store
from dyads.store.duckdb import DuckDBStore
from dyads.store.served import (
    LockedError,
    discovery_path,
    find_server,
    remove_discovery,
    write_discovery,
)

TOKEN = "t" * 43


def dead_pid() -> int:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return gone.pid


def test_written_for_this_user_only_and_found_while_its_pid_lives(tmp_path: Path) -> None:
    db = tmp_path / "a.duckdb"
    path = write_discovery(db, url="http://127.0.0.1:1/", pid=os.getpid(), token=TOKEN)
    assert path == discovery_path(db) and path.stat().st_mode & 0o777 == 0o600
    found = find_server(db)
    assert found is not None and found.pid == os.getpid() and found.token == TOKEN
    assert TOKEN not in repr(found)  # never shown, even in a traceback's locals
    remove_discovery(db, pid=os.getpid() + 1)  # another run's: left alone
    assert path.exists()
    remove_discovery(db, pid=os.getpid())
    assert not path.exists()


def test_a_dead_pid_is_stale_and_removed(tmp_path: Path) -> None:
    db = tmp_path / "b.duckdb"
    write_discovery(db, url="http://127.0.0.1:1/", pid=dead_pid(), token=TOKEN)
    assert find_server(db) is None
    assert not discovery_path(db).exists()


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660])
def test_a_file_others_can_read_or_write_is_not_trusted(tmp_path: Path, mode: int) -> None:
    db = tmp_path / "c.duckdb"
    path = write_discovery(db, url="http://127.0.0.1:1/", pid=os.getpid(), token=TOKEN)
    path.chmod(mode)
    assert find_server(db) is None


def test_a_discovery_file_for_another_database_is_not_used(tmp_path: Path) -> None:
    db, other = tmp_path / "d.duckdb", tmp_path / "e.duckdb"
    write_discovery(other, url="http://127.0.0.1:1/", pid=os.getpid(), token=TOKEN)
    discovery_path(other).rename(discovery_path(db))  # names e.duckdb inside
    assert find_server(db) is None


def test_opening_the_file_clears_a_stale_one_but_not_its_own_servers(tmp_path: Path) -> None:
    db = tmp_path / "f.duckdb"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:  # a live pid, but not the file's owner: this process gets the lock
        write_discovery(db, url="http://127.0.0.1:1/", pid=sleeper.pid, token=TOKEN)
        with open_store(db) as store:
            assert isinstance(store, DuckDBStore)
        assert not discovery_path(db).exists()
    finally:
        sleeper.kill()
        sleeper.wait()
    # This process's own server (`serve --watch` opens the file a second time) keeps its file.
    write_discovery(db, url="http://127.0.0.1:1/", pid=os.getpid(), token=TOKEN)
    open_store(db).close()
    assert discovery_path(db).exists()


def test_a_lock_without_a_server_is_duckdbs_error(tmp_path: Path) -> None:
    db = tmp_path / "g.duckdb"
    DuckDBStore(db).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys; c = duckdb.connect({str(db)!r}); "
            "print('held', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(LockedError, match="Could not set lock"):
            open_store(db)
    finally:
        holder.communicate("", timeout=30)
