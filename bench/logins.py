"""A burst of logins against gunicorn: is each attempt counted before its hash, and does the hash cap keep a
worker's memory and ``/healthz`` in bounds (issue 19)?

    python bench/logins.py                           # this checkout
    python bench/logins.py --app-root /tmp/before    # another checkout, e.g. a worktree of an older commit

gunicorn serves the production configuration (scrypt at N = 2^17: about a second of CPU and 128 MiB a
check) from ``--app-root`` with 2 workers of ``THREADS`` threads each (gthread: a sync worker would check one
password at a time whatever the app does), on a SQLite file, behind one trusted proxy (``X-Forwarded-For``
gives each attempt its address). The limits count in Redis when one answers on 127.0.0.1:6379 (both workers
count together, as in production), else in each worker's memory. The hash cap is the checkout's default
unless ``FACTCHECK_LOGIN_MAX_CONCURRENT_HASHES`` is set. Three bursts of ``BURST`` POSTs sent at once, each
with its own session and CSRF token fetched beforehand:

- **no password**: the control, forms the app refuses before counting or hashing anything: what a burst of
  32 requests costs ``/healthz`` on this machine by itself;
- **one account**: wrong passwords for one account from one address (``LOGIN_LIMIT_PER_ACCOUNT``: 5 a
  minute);
- **spray**: wrong passwords for as many unknown accounts from as many addresses, which no limit stops: only
  the cap on concurrent hashes bounds the work.

Figures per burst: the attempts evaluated (answered "Wrong email or password") and refused (429: over a
limit, or the worker busy hashing), each worker's resident memory just before the burst and its peak during
it (``/proc/<pid>/status`` sampled every 10 ms), and ``/healthz`` asked again as soon as it answers during the
burst, on a new connection each time (median and worst). Targets (issue 19): at most the limit evaluated,
a worker's peak under 600 MB, ``/healthz`` under 100 ms.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO_ROOT, emit

BURST = 32
THREADS = 16  # per worker: 2 x 16 = every attempt of the burst in flight at once
SECRET = "bench-only-secret-key-of-forty-characters"  # noqa: S105 - the benchmark server's own key
PASSWORD = "the right passphrase of the victim"  # noqa: S105 - a throwaway account's
WRONG = "a wrong password, again"
REDIS = "redis://127.0.0.1:6379/0"
TARGET_PEAK_MB = 600
TARGET_HEALTHZ_MS = 100
_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


def prepare_database(app_root: Path, env: dict, account: str) -> None:
    """The schema and the victim's account, made by the checkout under test."""
    script = (
        "from factcheck import create_app\n"
        "from factcheck.extensions import db\n"
        "from factcheck.auth.operations import create_user\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    db.create_all()\n"
        f"    create_user({account!r}, {PASSWORD!r}, 'reviewer')\n"
        "    db.session.commit()\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=app_root, env=env, check=True)  # noqa: S603


def start_server(app_root: Path, env: dict, port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if not gunicorn.exists():
        sys.exit("gunicorn is not installed: .venv/bin/pip install 'gunicorn>=23,<24'")
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [
            str(gunicorn),
            "--workers",
            "2",
            "--worker-class",
            "gthread",
            "--threads",
            str(THREADS),
            "--bind",
            f"127.0.0.1:{port}",
            "--chdir",
            str(app_root),
            "--log-level",
            "warning",
            "factcheck:create_app()",
        ],
        cwd=app_root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while len(workers(server.pid)) < 2 or not healthz_ms(port):
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            sys.exit("gunicorn did not start: " + server.communicate()[1].decode()[-800:])
        time.sleep(0.3)
    return server


def workers(master: int) -> list[int]:
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return []
    return [int(pid) for pid in children]


def status_mib(pid: int, field: str) -> float:
    match = re.search(rf"^{field}:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.MULTILINE)
    return int(match.group(1)) / 1024 if match else 0.0


def healthz_ms(port: int) -> float | None:
    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", "/healthz")
        ok = connection.getresponse().read() == b"ok"
        connection.close()
    except OSError:
        return None
    return (time.perf_counter() - started) * 1000 if ok else None


def login_form(port: int, address: str) -> tuple[str, str]:
    """A fresh session's cookie and CSRF token."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/login", headers={"X-Forwarded-For": address})
    response = connection.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie", "").split(";", 1)[0]
    connection.close()
    match = _TOKEN.search(page)
    assert match and cookie.startswith("session="), "no login form"
    return cookie, match.group(1)


def post_login(port: int, form: tuple[str, str], email: str, password: str, address: str) -> str:
    """What the app answered: evaluated, limited (a 429 over a limit), busy (a 429, no free hash slot),
    logged-in, or another status."""
    cookie, token = form
    body = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password})
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookie,
        "X-Forwarded-For": address,
    }
    connection.request("POST", "/login", body=body, headers=headers)
    response = connection.getresponse()
    page = response.read().decode()
    connection.close()
    if response.status == 200 and "Wrong email or password" in page:
        return "evaluated"
    if response.status == 200:
        return "form refused"
    if response.status == 429:
        return "busy" if "checking other passwords" in page else "limited"
    if response.status == 302:
        return "logged-in"
    return f"status {response.status}"


def burst(port: int, pids: list[int], attempts: list[tuple[str, str]], password: str) -> dict:
    """Send ``attempts`` (email, address) at once, with ``password`` (wrong, or empty: a form the app refuses
    before counting or hashing anything); memory and /healthz meanwhile."""
    forms = [login_form(port, address) for _, address in attempts]
    time.sleep(1)  # let the workers settle after the form requests
    before = {pid: status_mib(pid, "VmRSS") for pid in pids}
    peak = dict(before)
    outcomes: list[str] = [""] * len(attempts)
    health: list[float] = []
    done = threading.Event()
    barrier = threading.Barrier(len(attempts) + 1)

    def attack(index: int) -> None:
        email, address = attempts[index]
        barrier.wait()
        outcomes[index] = post_login(port, forms[index], email, password, address)

    def sample() -> None:
        while not done.is_set():
            for pid in pids:
                peak[pid] = max(peak[pid], status_mib(pid, "VmRSS"))
            time.sleep(0.01)

    def poll() -> None:
        while not done.is_set():
            latency = healthz_ms(port)
            health.append(latency if latency is not None else float("inf"))

    threads = [threading.Thread(target=attack, args=(i,)) for i in range(len(attempts))]
    for thread in threads:
        thread.start()
    watchers = [threading.Thread(target=sample), threading.Thread(target=poll)]
    for thread in watchers:
        thread.start()
    started = time.perf_counter()
    barrier.wait()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    done.set()
    for thread in watchers:
        thread.join()
    counts = {name: outcomes.count(name) for name in sorted(set(outcomes))}
    return {
        "outcomes": counts,
        "seconds": round(seconds, 2),
        "rss_before_mib": [round(before[pid]) for pid in pids],
        "rss_peak_mib": [round(peak[pid]) for pid in pids],
        "healthz_ms_median": round(statistics.median(health), 1) if health else None,
        "healthz_ms_max": round(max(health), 1) if health else None,
        "healthz_samples": len(health),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app-root", type=Path, default=REPO_ROOT, help="the checkout to serve")
    args = parser.parse_args(argv)
    app_root = args.app_root.resolve()
    storage = REDIS if redis_answers() else "memory://"
    rng = random.Random()

    def addresses() -> str:
        """A /24 of its own for each burst: counters an earlier run left in Redis (up to a day) do not count."""
        return f"10.{rng.randrange(256)}.{rng.randrange(256)}"

    with tempfile.TemporaryDirectory(prefix="bench-logins-") as workdir:
        env = {
            **os.environ,
            "FACTCHECK_CONFIG": "production",
            "SECRET_KEY": SECRET,
            "FACTCHECK_ALLOW_SQLITE": "1",
            "FACTCHECK_PUBLIC_BASE_URL": "http://127.0.0.1",
            "FACTCHECK_ORG_NAME": "factcheck benchmark",
            "DATABASE_URL": f"sqlite:///{workdir}/logins.sqlite",
            "FACTCHECK_INSECURE_COOKIES": "1",
            "FACTCHECK_TRUSTED_PROXY_COUNT": "1",
            "FACTCHECK_RATELIMIT_STORAGE_URI": storage,
        }
        account = f"victim-{os.getpid()}-{rng.randrange(10**9)}@example.org"  # a new one each run, likewise
        prepare_database(app_root, env, account)
        port = free_port()
        server = start_server(app_root, env, port)
        try:
            pids = workers(server.pid)
            # Warm-up: every worker's first hashes (the dummy hash of an unknown account is made once), and
            # its threads (gthread starts them as connections come).
            warm = addresses()
            for index in range(8):
                address = f"{warm}.{index}"
                post_login(port, login_form(port, address), f"warm{index}@example.org", "x", address)
            burst(port, pids, [(f"warm-{i}@example.org", f"{warm}.{i}") for i in range(BURST)], "")
            one, many = addresses(), addresses()
            spray = [(f"nobody{i}@example.org", f"{many}.{i}") for i in range(BURST)]
            results = {
                "no password": burst(port, pids, spray, ""),
                "one account": burst(port, pids, [(account, f"{one}.1")] * BURST, WRONG),
                "spray": burst(port, pids, spray, WRONG),
            }
        finally:
            server.terminate()
            server.wait(timeout=30)
    cap = os.environ.get("FACTCHECK_LOGIN_MAX_CONCURRENT_HASHES", "unset (the checkout's default)")
    print(f"logins: gunicorn 2 workers x {THREADS} threads, {BURST} attempts at once, limits in {storage}")
    print(f"  app: {app_root}; hash cap: {cap}")
    for name, result in results.items():
        print(
            f"  {name}: {result['outcomes']} in {result['seconds']} s; worker RSS "
            f"{result['rss_before_mib']} -> peak {result['rss_peak_mib']} MiB; /healthz median "
            f"{result['healthz_ms_median']} ms, worst {result['healthz_ms_max']} ms ({result['healthz_samples']} asked)"
        )
    emit("logins", {"storage": storage, "threads": THREADS, "burst": BURST, "hash_cap": cap, **results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
