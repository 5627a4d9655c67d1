"""Pages side by side with a plain view, served by the same gunicorn (`make bench`).

    .venv/bin/python bench/pages.py [--seconds 8] [--connections 4] [--workers 2]

For each database (SQLite in a temporary directory, always; PostgreSQL too when
BENCH_DATABASE_URL names one: it is migrated and gets the demo data and two bench
appeals), it sets up the demo data, starts gunicorn (``--workers`` sync workers on a
free loopback port, settings ``bench.settings``, whose URLconf adds ``/bench/plain``:
``HttpResponse('ok')``), signs the demo seller in and loads each page for
``--seconds`` seconds with ``--connections`` concurrent connections: the plain view, a
wizard step (situation, new appeal), the plan step with 15 actions, the review page of
that appeal, and the dashboard. It prints requests/s and p99 latency, each as a share of
the plain view's, then the median of letter assembly + HTML for the 15-action letter.

The load comes from wrk (``wrk --latency``) when it is on PATH, else from a small Python
generator (one thread per connection, a new connection per request as gunicorn's sync
workers close them). The Python generator shares the CPU with the server and tops out
first on the plain view, so its shares read higher than wrk's: compare like with like.
Prints figures only; asserts nothing (a page that does not answer 200 is reported).
"""

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PAGES = ("plain", "wizard step", "plan, 15 actions", "review", "dashboard")


def setup_data() -> None:
    """In a fresh process with DATABASE_URL set: migrate, demo data, two appeals.

    Prints a JSON object: the session cookie and the path of each page."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    for command, args in (
        ("migrate", ["--noinput"]),
        ("createcachetable", []),
        ("library_import", ["fixtures/library.json", "--publish", "--if-changed"]),
        ("load_demo", []),
        ("load_demo_appeals", []),
    ):
        call_command(command, *args, verbosity=0)

    import letters as bench_letters

    from accounts.models import Store
    from appeals import services
    from appeals.models import Appeal
    from library.selectors import library_for, version_current

    user = get_user_model().objects.get(username="seller")
    store = Store.objects.filter(workspace__memberships__user=user).first()
    fresh = Appeal.objects.filter(title="bench: new appeal").first()
    if fresh is None:
        fresh = services.appeal_create(
            user=user, store=store, title="bench: new appeal"
        )
    plan = Appeal.objects.filter(title="bench: 15 actions").first()
    if plan is None:
        library = library_for(version_current())
        plan = services.appeal_create(
            user=user,
            store=store,
            answers=bench_letters.fifteen_action_answers(library),
            title="bench: 15 actions",
        )
    client = Client()
    client.force_login(user)
    print(
        json.dumps(
            {
                "cookie": f"sessionid={client.cookies['sessionid'].value}",
                "paths": {
                    "plain": "/bench/plain",
                    "wizard step": f"/appeals/{fresh.pk}/step/situation/",
                    "plan, 15 actions": f"/appeals/{plan.pk}/step/plan/",
                    "review": f"/appeals/{plan.pk}/step/review/",
                    "dashboard": "/dashboard/",
                },
            }
        )
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, cookie: str) -> tuple[int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie, "Connection": "close"})
        response = conn.getresponse()
        return response.status, len(response.read())
    finally:
        conn.close()


def load_wrk(url: str, cookie: str, seconds: int, connections: int):
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-H",
            f"Cookie: {cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)\b", out).groups()
    p99 = float(value) * {"us": 1e-3, "ms": 1.0, "s": 1000.0}[unit]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rps, p99, int(bad.group(1)) if bad else 0


def load_python(port: int, path: str, cookie: str, seconds: int, connections: int):
    latencies: list[float] = []
    bad = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        mine, mine_bad = [], 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            status, _ = get(port, path, cookie)
            mine.append(time.perf_counter() - start)
            mine_bad += status != 200
        with lock:
            latencies.extend(mine)
            bad[0] += mine_bad

    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    p99 = statistics.quantiles(latencies, n=100)[-1] * 1000
    return len(latencies) / elapsed, p99, bad[0]


def measure(label: str, database_url: str, args) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "PYTHONPATH": str(ROOT),
    }
    setup = subprocess.run(
        [sys.executable, __file__, "--setup"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if setup.returncode:
        sys.exit(f"{label}: setting up the data failed:\n{setup.stderr}")
    given = json.loads(setup.stdout.strip().splitlines()[-1])
    port = free_port()
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi:application",
            f"--workers={args.workers}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                get(port, "/bench/plain", "")
                break
            except OSError:
                time.sleep(0.1)
        results = {}
        for page in PAGES:
            path = given["paths"][page]
            for _ in range(4 * args.workers):  # warm each worker: imports, caches
                status, size = get(port, path, given["cookie"])
            if status != 200:
                sys.exit(f"{label}: {page} ({path}) answered {status}")
            if shutil.which("wrk"):
                rps, p99, bad = load_wrk(
                    f"http://127.0.0.1:{port}{path}",
                    given["cookie"],
                    args.seconds,
                    args.connections,
                )
            else:
                rps, p99, bad = load_python(
                    port, path, given["cookie"], args.seconds, args.connections
                )
            results[page] = {"rps": rps, "p99": p99, "bad": bad, "bytes": size}
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def letter_median(runs: int = 300) -> float:
    """Median ms of assembling the 15-action letter and rendering its HTML."""
    sys.path.insert(0, str(ROOT / "bench"))
    import letters as bench_letters

    from library import exports, letters

    library = bench_letters.shipped_library()
    answers = bench_letters.fifteen_action_answers(library)

    def assemble_and_html():
        exports.to_html(
            letters.assemble(answers, library, today=bench_letters.TODAY, seed=7)
        )

    assemble_and_html()
    return statistics.median(bench_letters.timed(assemble_and_html, runs)) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        setup_data()
        return
    tool = "wrk" if shutil.which("wrk") else "Python threads (wrk not found)"
    print(
        f"gunicorn, {args.workers} sync workers; load: {tool}, "
        f"{args.connections} connections, {args.seconds} s per page; {os.cpu_count()} CPUs"
    )
    with tempfile.TemporaryDirectory() as tmp:
        databases = [("SQLite", f"sqlite:///{tmp}/bench.sqlite3")]
        if os.environ.get("BENCH_DATABASE_URL"):
            databases.append(("PostgreSQL", os.environ["BENCH_DATABASE_URL"]))
        runs = [(label, measure(label, url, args)) for label, url in databases]
    print(
        f"\n{'database':<12}{'page':<18}{'req/s':>9}{'share':>8}"
        f"{'p99 ms':>9}{'share':>8}{'KB':>7}"
    )
    for label, results in runs:
        plain = results["plain"]
        for page in PAGES:
            r = results[page]
            note = f"  ({r['bad']} not 2xx/3xx)" if r["bad"] else ""
            print(
                f"{label:<12}{page:<18}{r['rps']:>9.0f}{r['rps'] / plain['rps']:>8.1%}"
                f"{r['p99']:>9.1f}{plain['p99'] / r['p99']:>8.1%}"
                f"{r['bytes'] / 1024:>7.1f}{note}"
            )
    print(
        "\nshare: requests/s over the plain view's; p99 share: the plain view's p99 "
        "over the page's"
    )
    print(f"letter assembly + HTML, 15 actions, median: {letter_median():.3f} ms")


if __name__ == "__main__":
    main()
