"""The test run reaches no network (pyproject's pytest-socket options): a connection
to anywhere but this machine fails, and so does any socket in the PDF renderer's
process as tests start it. The live server and PostgreSQL on 127.0.0.1 still work."""

import socket
import subprocess
import sys

import pytest
from pytest_socket import SocketBlockedError, SocketConnectBlockedError

from appeals import pdf
from tests.conftest import OFFLINE_PDF_WORKER


def test_a_connection_to_the_outside_fails():
    with pytest.warns(UserWarning), pytest.raises(SocketConnectBlockedError):
        socket.create_connection(("192.0.2.1", 80), timeout=1)  # TEST-NET-1


def test_a_connection_to_this_machine_still_works():
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            conn, _addr = server.accept()
            conn.close()


def test_the_pdf_renderer_runs_without_sockets():
    assert pdf.WORKER_COMMAND == OFFLINE_PDF_WORKER
    prelude = OFFLINE_PDF_WORKER[2].split("runpy.run_module")[0]
    opened = subprocess.run(
        [sys.executable, "-c", prelude + "import socket; socket.socket()"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert opened.returncode != 0
    assert SocketBlockedError.__name__ in opened.stderr


def test_the_offline_renderer_still_prints():
    from library import letters
    from library.readmodel import Library
    from tests.appeals.conftest import TODAY, load_library, odr_not_received

    library = Library.from_data(load_library())
    letter = letters.assemble(
        odr_not_received(), library, shape="classic", today=TODAY, seed=1
    )
    assert pdf.to_pdf(letter, timeout=60).startswith(b"%PDF-")
