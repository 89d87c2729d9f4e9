"""gunicorn.conf.py (issue 17): gunicorn loads it, its numbers come from the environment, and a server started
with it serves the app with JSON logs only."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.app.wsgiapp import WSGIApplication

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "gunicorn.conf.py"
SETTINGS = (
    "WEB_CONCURRENCY",
    "GUNICORN_THREADS",
    "GUNICORN_TIMEOUT",
    "GUNICORN_GRACEFUL_TIMEOUT",
    "GUNICORN_MAX_REQUESTS",
    "GUNICORN_BIND",
    "GUNICORN_CONTROL_SOCKET",
)


def loaded(monkeypatch, **env: str):
    """gunicorn's settings after it read gunicorn.conf.py under ``env`` (as ``gunicorn -c gunicorn.conf.py``)."""
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "argv", ["gunicorn", "-c", str(CONF)])
    return WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]", prog="gunicorn").cfg


def test_gunicorn_loads_the_config_with_its_defaults(monkeypatch):
    cfg = loaded(monkeypatch)
    assert cfg.wsgi_app == "factcheck:create_app()"
    assert cfg.bind == ["127.0.0.1:8000"]
    assert (cfg.workers, cfg.threads, cfg.worker_class_str) == (2, 4, "gthread")
    assert (cfg.timeout, cfg.graceful_timeout, cfg.keepalive) == (60, 30, 5)
    assert (cfg.max_requests, cfg.max_requests_jitter) == (10000, 1000)
    assert cfg.accesslog is None and cfg.errorlog == "-"
    assert cfg.logconfig_dict["handlers"]["stderr"] == {"()": "factcheck.ops.logs.json_handler"}
    assert cfg.control_socket_disable is True


def test_the_numbers_come_from_the_environment(monkeypatch):
    cfg = loaded(
        monkeypatch,
        WEB_CONCURRENCY="5",
        GUNICORN_THREADS="8",
        GUNICORN_TIMEOUT="120",
        GUNICORN_GRACEFUL_TIMEOUT="45",
        GUNICORN_MAX_REQUESTS="500",
        GUNICORN_BIND="0.0.0.0:9000",
        GUNICORN_CONTROL_SOCKET="/run/factcheck/gunicorn.ctl",
    )
    assert (cfg.workers, cfg.threads, cfg.timeout, cfg.graceful_timeout) == (5, 8, 120, 45)
    assert (cfg.max_requests, cfg.max_requests_jitter) == (500, 50)
    assert cfg.bind == ["0.0.0.0:9000"]
    assert cfg.control_socket == "/run/factcheck/gunicorn.ctl" and cfg.control_socket_disable is False


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
def test_a_number_that_is_not_one_is_refused_naming_its_variable(monkeypatch, capsys, value):
    with pytest.raises(SystemExit):  # gunicorn prints why it cannot read its config, and exits
        loaded(monkeypatch, GUNICORN_THREADS=value)
    assert f"ValueError: GUNICORN_THREADS={value!r} is not a whole number of at least 1." in capsys.readouterr().err


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_a_server_started_with_it_serves_the_app_and_logs_json_lines_only(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "FACTCHECK_CONFIG": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'gunicorn.sqlite'}",
        "FACTCHECK_ALLOW_SQLITE": "1",
        "FACTCHECK_PUBLIC_BASE_URL": "https://factcheck.example.org",
        "FACTCHECK_ORG_NAME": "Example Daily Fact Check",
        "FACTCHECK_RATELIMIT_STORAGE_URI": "memory://",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    stderr = tmp_path / "stderr"
    with stderr.open("w") as errors:
        server = subprocess.Popen(  # noqa: S603 - our own gunicorn, our own arguments
            [str(gunicorn), "-c", str(CONF)], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=errors
        )
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"X-Request-ID": "probe-1"})
            deadline = time.monotonic() + 120  # a worker loads the analysis pipeline first
            while True:
                try:
                    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback http
                        assert response.read() == b"ok"
                        assert response.headers["X-Request-ID"] == "probe-1"
                    break
                except OSError:
                    assert server.poll() is None, stderr.read_text()
                    assert time.monotonic() < deadline, "gunicorn did not answer /healthz"
                    time.sleep(0.2)
        finally:
            server.terminate()
            stdout, _ = server.communicate(timeout=60)
    assert server.returncode == 0  # a graceful stop
    assert stdout == b""  # no access log
    lines = [json.loads(line) for line in stderr.read_text().splitlines()]  # every line is JSON
    assert any(line["logger"] == "gunicorn.error" and line["message"].startswith("Booting worker") for line in lines)
    (request_line,) = [line for line in lines if line["logger"] == "factcheck.requests"]
    assert (request_line["path"], request_line["status"], request_line["request_id"]) == ("/healthz", 200, "probe-1")


@pytest.mark.parametrize(
    ("bind", "proxies", "warned"),
    [
        ("0.0.0.0:8000", "1", True),
        ("[::]:8000", "2", True),
        ("web.internal:8000", "1", True),
        ("0.0.0.0:8000", "0", False),
        ("127.0.0.1:8000", "1", False),
        ("[::1]:8000", "1", False),
        ("unix:/run/factcheck.sock", "1", False),
    ],
)
def test_trusting_proxy_headers_where_others_reach_the_server_is_warned(monkeypatch, bind, proxies, warned):
    cfg = loaded(monkeypatch, GUNICORN_BIND=bind)
    monkeypatch.setenv("FACTCHECK_TRUSTED_PROXY_COUNT", proxies)
    warnings: list[str] = []
    server = SimpleNamespace(
        cfg=cfg, log=SimpleNamespace(warning=lambda message, *args: warnings.append(message % args))
    )
    cfg.when_ready(server)
    assert bool(warnings) is warned, warnings
    if warned:
        assert bind in warnings[0] and "forge X-Forwarded-For" in warnings[0]
