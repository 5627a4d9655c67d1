"""SQLite under concurrent writers: two threads, each with its own connection made from
the project's settings, read then write in transactions on one database file. With WAL,
IMMEDIATE transactions and a busy timeout, neither fails with "database is locked"."""

import threading
import time

import pytest
from django.conf import settings
from django.db import connections, transaction

pytestmark = pytest.mark.hostile

WRITES = 40
ALIAS = "two_writers"


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """An extra connection alias on a database file, with the default's OPTIONS."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the SQLite options apply when the database is SQLite")
    connections.settings[ALIAS] = {
        **connections.settings["default"],
        "NAME": str(tmp_path / "db.sqlite3"),
        "ATOMIC_REQUESTS": False,
    }
    with django_db_blocker.unblock():
        yield connections[ALIAS]
        connections[ALIAS].close()
    del connections.settings[ALIAS]


def writer(errors: list) -> None:
    """Read the table, then write to it, in one transaction, ``WRITES`` times."""
    try:
        for _ in range(WRITES):
            with transaction.atomic(using=ALIAS):
                with connections[ALIAS].cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM counter")
                    (count,) = cursor.fetchone()
                    time.sleep(0.002)  # let the other writer read meanwhile
                    cursor.execute("INSERT INTO counter (n) VALUES (%s)", [count])
    except Exception as exc:  # noqa: BLE001 - the test reports what went wrong
        errors.append(exc)
    finally:
        connections[ALIAS].close()


def test_two_writers_on_one_sqlite_file_never_see_database_is_locked(sqlite_file):
    with sqlite_file.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (n integer)")
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    errors: list = []
    threads = [threading.Thread(target=writer, args=(errors,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with sqlite_file.cursor() as cursor:
        cursor.execute("SELECT count(*), count(DISTINCT n) FROM counter")
        # Every read-then-write saw the other's rows: no two wrote the same count.
        assert cursor.fetchone() == (2 * WRITES, 2 * WRITES)
