"""gunicorn settings for the workbench (issue 17): ``gunicorn -c gunicorn.conf.py`` from this folder.

Threaded workers (gthread): a worker holds the analysis pipeline in memory once and serves ``GUNICORN_THREADS``
requests at a time. Workers restart after about ``GUNICORN_MAX_REQUESTS`` requests (a tenth of it at random, so
they do not all restart together), and get ``GUNICORN_GRACEFUL_TIMEOUT`` seconds to finish their requests on a
restart or a stop. No access log: the app writes one JSON line per request itself (factcheck.ops.logs), with its
request id and user; gunicorn's own messages are JSON lines too. Every variable: docs/configuration.md.
"""

import ipaddress
import os


def _whole_number(variable: str, default: int) -> int:
    """``variable`` from the environment as a whole number of at least 1 (``default`` when unset)."""
    value = os.environ.get(variable, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{variable}={value!r} is not a whole number of at least 1.")
    return int(value)


wsgi_app = "factcheck:create_app()"
# Loopback: the reverse proxy in front reaches it (FACTCHECK_TRUSTED_PROXY_COUNT then trusts its headers).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# WEB_CONCURRENCY: gunicorn's own name for the number of workers. Each worker takes about 300 MB (the pipeline)
# plus up to FACTCHECK_LOGIN_MAX_CONCURRENT_HASHES x 128 MiB while checking passwords.
workers = _whole_number("WEB_CONCURRENCY", 2)
worker_class = "gthread"
threads = _whole_number("GUNICORN_THREADS", 4)
# A worker silent this long is killed and replaced (gthread: its main loop, not one slow request).
timeout = _whole_number("GUNICORN_TIMEOUT", 60)
graceful_timeout = _whole_number("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# A new worker loads the app again (about 2 s of CPU: Flask, SQLAlchemy, spaCy), and while it does, the others
# serve alone. At 1,000 requests a busy server replaced each worker every 5-10 s and lost a fifth to a half of
# its pages per second to it (docs/performance.md, "Pages under load"); at 10,000 it costs about 1 %, and a
# worker still starts afresh now and then (memory a large upload left behind is returned).
max_requests = _whole_number("GUNICORN_MAX_REQUESTS", 10000)
max_requests_jitter = max(1, max_requests // 10)
accesslog = None
errorlog = "-"
# gunicornc's control socket only where asked for: at gunicorn's default path, two servers on one machine (two
# ports, or the deployment test) would share it.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
# Every line on standard error as JSON (the app's formatter and request ids): gunicorn's own, other libraries'
# warnings, and the app's (its handler, added by the app itself, is the only one for "factcheck").
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"()": "factcheck.ops.logs.json_handler"}},
    "root": {"level": "WARNING", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
        "factcheck": {"level": "INFO", "handlers": [], "propagate": False},
    },
}


def _reached_only_locally(address: str) -> bool:
    """Whether a bind address is one only this machine reaches: a Unix socket, a file descriptor or loopback."""
    if address.startswith(("unix:", "fd://")):
        return True
    host = address.rsplit(":", 1)[0].strip("[]") if ":" in address else address
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any address


def when_ready(server) -> None:
    """Warn when the app trusts proxy headers (FACTCHECK_TRUSTED_PROXY_COUNT) while listening where others than
    the proxy reach it: anyone reaching it directly can write their own X-Forwarded-For and pass the per-address
    login limits (docs/security.md)."""
    proxies = os.environ.get("FACTCHECK_TRUSTED_PROXY_COUNT", "").strip()
    exposed = [address for address in server.cfg.bind if not _reached_only_locally(address)]
    if proxies not in ("", "0") and exposed:
        server.log.warning(
            "FACTCHECK_TRUSTED_PROXY_COUNT=%s while listening on %s: whoever reaches that address directly can forge "
            "X-Forwarded-For. Bind to 127.0.0.1 or a Unix socket behind the proxy, or set the count to 0.",
            proxies,
            ", ".join(exposed),
        )
