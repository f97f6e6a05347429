#!/usr/bin/env python3
"""What the change feed costs a write: the same PATCHes against two release builds side by side.

    benches/feed_write_cost.py BEFORE AFTER [--writes 400] [--backends sqlite,postgres]

BEFORE and AFTER are two `jointreg` binaries (e.g. one built from the commit before the feed, one
from now). Each gets its own fresh database per backend (SQLite in a temporary folder, PostgreSQL
at JOINTREG_TEST_POSTGRES_URL in a database made for the run and dropped after it), the demo data,
and one project with two laboratories. The script then sends the same merge PATCH (a changed
acronym, with If-Match) alternately to one server and the other, one at a time, so both see the
same machine noise, and prints p50 and p99 of each and the ratio AFTER / BEFORE. A feed entry is
written per change, so a restricted project's change costs its entry and its audience.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

POSTGRES = os.environ.get("JOINTREG_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, token=None, body=None, headers=None):
    request = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    with urllib.request.urlopen(request) as response:
        return response.status, dict(response.headers), json.loads(response.read() or b"null")


class Server:
    """A release binary serving a fresh database with the demo data and one project to change."""

    def __init__(self, binary, backend, work):
        self.binary, self.backend = binary, backend
        self.database_name = None
        if backend == "sqlite":
            url = f"sqlite://{work}/{uuid.uuid4().hex}.db"
        else:
            self.database_name = f"jointreg_bench_{uuid.uuid4().hex[:12]}"
            subprocess.run(["psql", "-q", POSTGRES, "-c", f"CREATE DATABASE {self.database_name}"], check=True)
            url = POSTGRES.rsplit("/", 1)[0] + "/" + self.database_name
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        env = dict(os.environ, JOINTREG_DATABASE_URL=url, JOINTREG_BIND=f"127.0.0.1:{port}", JOINTREG_MAIL_BACKEND="memory",
                   JOINTREG_ALERTS_ENABLED="false", JOINTREG_LOG="warn", JOINTREG_PUBLIC_URL=self.base,
                   JOINTREG_JWT_SECRET="bench-only-secret-0123456789abcdef0123456789abcdef")
        subprocess.run([binary, "migrate"], env=env, check=True, capture_output=True)
        password = uuid.uuid4().hex
        subprocess.run([binary, "create-admin", "--email", "admin@bench.test", "--password-stdin"], env=env,
                       input=password.encode(), check=True, capture_output=True)
        subprocess.run([binary, "seed-demo"], env=env, check=True, capture_output=True)
        self.process = subprocess.Popen([binary, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                call(self.base, "GET", "/health/ready")
                break
            except OSError:
                time.sleep(0.1)
        self.token = call(self.base, "POST", "/api/v1/auth/login", body={"email": "admin@bench.test", "password": password})[2]["access_token"]
        labs = call(self.base, "GET", "/api/v1/labs?limit=2", self.token)[2]["items"]
        project = {"titles": {"en": "Feed write cost"}, "starts_on": "2021-01-01", "status": "active",
                   "visibility": "restricted",
                   "labs": [{"lab_id": labs[0]["id"], "role": "lead"}, {"lab_id": labs[1]["id"], "role": "partner"}]}
        created = call(self.base, "POST", "/api/v1/projects", self.token, project)[2]
        self.path, self.version = f"/api/v1/projects/{created['id']}", created["version"]

    def patch(self, n):
        started = time.perf_counter()
        _, headers, body = call(self.base, "PATCH", self.path, self.token, {"acronym": f"FWC{n}"},
                                {"If-Match": f'"{self.version}"'})
        elapsed = time.perf_counter() - started
        self.version = body["version"]
        return elapsed * 1000

    def stop(self):
        self.process.terminate()
        self.process.wait()
        if self.database_name:
            subprocess.run(["psql", "-q", POSTGRES, "-c", f"DROP DATABASE IF EXISTS {self.database_name}"], check=True)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--writes", type=int, default=400)
    parser.add_argument("--backends", default="sqlite,postgres")
    options = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for backend in options.backends.split(","):
            servers = [Server(options.before, backend, work), Server(options.after, backend, work)]
            try:
                times = [[], []]
                for n in range(options.writes + 20):
                    for i, server in enumerate(servers):
                        elapsed = server.patch(n)
                        if n >= 20:  # the first 20 warm up
                            times[i].append(elapsed)
            finally:
                for server in servers:
                    server.stop()
            (b50, b99), (a50, a99) = [(statistics.median(t), percentile(t, 0.99)) for t in times]
            rows.append((backend, b50, a50, a50 / b50, b99, a99, a99 / b99))
    print(f"PATCH of a restricted project with two laboratories, {options.writes} each, alternating; ms")
    print(f"{'backend':9} {'before p50':>10} {'after p50':>10} {'ratio':>6} {'before p99':>10} {'after p99':>10} {'ratio':>6}")
    for backend, b50, a50, r50, b99, a99, r99 in rows:
        print(f"{backend:9} {b50:10.2f} {a50:10.2f} {r50:5.2f}× {b99:10.2f} {a99:10.2f} {r99:5.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
