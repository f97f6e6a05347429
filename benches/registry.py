#!/usr/bin/env python3
"""The registry at scale: HTTP throughput and latency against the raw cost of the same SQL, side by
side in one run, on SQLite and PostgreSQL.

    benches/registry.py [--projects N] [--seconds S] [--concurrency C] [--backends sqlite,postgres]

Defaults: N = 50,000, S = 10 s per measurement, C = 4, both backends. Needs the local PostgreSQL
(JOINTREG_BENCH_POSTGRES_URL or JOINTREG_TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres)
and `pgbench`. It builds the release binary, installs the load generator `oha` into target/tools
(from crates.io) when it is missing, and per backend:

1. seeds a fresh database with `jointreg seed-synthetic --projects N` (the load time is reported);
2. measures start-up to ready on that existing database (median of three starts);
3. with `oha`, C connections, S seconds each: get one project (random ids, its labs, areas and
   participants), a filtered list page of 50, the first and the 500th page of the full list
   (through the cursor), the funding-findings report, creating a project, signing in;
4. the raw database cost of the same SQL at the same concurrency: `pgbench` on PostgreSQL, Python's
   sqlite3 (one connection per thread) on SQLite; and one plain scan of the funding table;
5. the server's resident memory (peak, VmHWM) after all of it.

It prints one table per backend and the ratios the performance targets are stated in, and exits 1
when a request failed (any answer but the expected one) or a target is missed.
"""

import argparse
import json
import os
import random
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "jointreg")
TOOLS = os.path.join(ROOT, "target", "tools")
OHA = os.path.join(TOOLS, "bin", "oha")
OHA_VERSION = "1.16.0"
PASSWORD = "benchmark passphrase for the registry"
EMAIL = "bench@example.org"
SEED = 1


def project_id(n):
    return f"01a21f73-2001-7000-8000-{n:012x}"


def lab_id(n):
    return f"01a21f73-1003-7000-8000-{n:012x}"


# The SQL each endpoint runs (as diesel writes it for an administrator: the read scope is `1 = 1`),
# with :placeholders filled per run. Kept beside the figures so the comparison can be checked.
GET_ONE = [
    "SELECT * FROM users WHERE id = :admin",
    "SELECT * FROM projects WHERE id = :project AND 1 = 1 LIMIT 1",
    "SELECT pl.project_id, pl.lab_id, pl.role, l.name_en, l.institution_id, i.country, l.centre_id, l.head_user_id "
    "FROM project_labs pl JOIN labs l ON l.id = pl.lab_id JOIN institutions i ON i.id = l.institution_id "
    "WHERE pl.project_id IN (:project) ORDER BY pl.project_id, pl.role, l.sort_key, l.id",
    "SELECT project_id, asjc_code FROM project_subjects WHERE project_id IN (:project) ORDER BY project_id, asjc_code",
    "SELECT * FROM project_participants WHERE project_id IN (:project) ORDER BY project_id, position",
]
FUNDING_SCAN = ["SELECT id, project_id, funder_id, side, starts_on, ends_on, status FROM funding_records"]


def page_sql(where, cursor="1 = 1"):
    """A list page's count and page queries (its three view queries, as for get-one, aside)."""
    return [
        f"SELECT COUNT(*) FROM projects WHERE {where}",
        f"SELECT * FROM projects WHERE {where} AND {cursor} ORDER BY sort_key, id LIMIT 51",
    ]


# ------------------------------------------------------------------------------------------------
# Processes


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*command, **kwargs):
    return subprocess.run(command, check=True, **kwargs)


def ensure_tools():
    run("cargo", "build", "--release", "--locked", "--quiet", cwd=ROOT)
    if not os.path.exists(OHA):
        print(f"installing oha {OHA_VERSION} into target/tools (once)…", file=sys.stderr)
        run("cargo", "install", "oha", "--locked", "--quiet", "--version", OHA_VERSION, "--root", TOOLS)
    if not shutil.which("pgbench"):
        sys.exit("pgbench is needed (Debian: postgresql-client)")


class Server:
    def __init__(self, env):
        self.env = env
        self.process = None
        self.base = env["JOINTREG_PUBLIC_URL"]

    def start(self):
        """Starts the server; returns the seconds until /health/ready answered 200."""
        started = time.monotonic()
        self.process = subprocess.Popen([BINARY, "serve"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while time.monotonic() - started < 30:
            try:
                with urllib.request.urlopen(self.base + "/health/ready", timeout=1) as response:
                    if response.status == 200:
                        return time.monotonic() - started
            except OSError:
                time.sleep(0.005)
        sys.exit("the server did not become ready in 30 s")

    def stop(self):
        self.process.terminate()
        self.process.wait()

    def status_mib(self, field):
        fields = dict(line.split(":", 1) for line in open(f"/proc/{self.process.pid}/status"))
        return int(fields[field].split()[0]) / 1024

    def resident_mib(self):
        return self.status_mib("VmRSS")

    def peak_mib(self):
        return self.status_mib("VmHWM")

    def call(self, method, path, body=None, token=None):
        request = urllib.request.Request(self.base + path, method=method, data=json.dumps(body).encode() if body is not None else None)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)


# ------------------------------------------------------------------------------------------------
# Measurements: (requests per second, p50 ms, p99 ms, failures)


def oha(url, seconds, concurrency, expected, method="GET", body=None, token=None, random_url=False):
    command = [OHA, "--no-tui", "--output-format", "json", "-z", f"{seconds}s", "-c", str(concurrency), "-m", method]
    if token:
        command += ["-H", f"Authorization: Bearer {token}"]
    if body is not None:
        command += ["-T", "application/json", "-d", json.dumps(body)]
    if random_url:
        command.append("--rand-regex-url")
    result = json.loads(run(*command, url, capture_output=True, text=True).stdout)
    statuses = result.get("statusCodeDistribution", {})
    failures = sum(count for status, count in statuses.items() if int(status) != expected)
    # Requests still in flight when the time is up are cut off by oha itself, not failed.
    failures += sum(n for error, n in result.get("errorDistribution", {}).items() if error != "aborted due to deadline")
    latency = result["latencyPercentiles"]
    return result["summary"]["requestsPerSec"], latency["p50"] * 1000, latency["p99"] * 1000, failures


def pgbench(url, statements, seconds, concurrency, variables):
    """The statements as one pgbench transaction; :project is drawn at random per transaction."""
    with tempfile.TemporaryDirectory() as folder:
        script = os.path.join(folder, "script.sql")
        with open(script, "w") as f:
            if "project" in variables:
                f.write(f"\\set n random(0, {variables['project'] - 1})\n")
            for statement in statements:
                sql = statement.replace(":project", "('01a21f73-2001-7000-8000-' || lpad(to_hex(:n), 12, '0'))")
                for name, value in variables.items():
                    if name != "project":
                        sql = sql.replace(f":{name}", "'" + str(value).replace("'", "''") + "'")
                f.write(sql + ";\n")
        run("pgbench", "-n", "-f", script, "-c", str(concurrency), "-j", str(min(concurrency, 2)), "-T", str(seconds),
            "--log", "--log-prefix", os.path.join(folder, "tx"), url, capture_output=True)
        latencies = []
        for name in os.listdir(folder):
            if name.startswith("tx"):
                latencies += [int(line.split()[2]) / 1000 for line in open(os.path.join(folder, name))]
    return summarise(latencies, seconds)


def sqlite_bench(path, statements, seconds, concurrency, variables):
    """The statements through Python's sqlite3, one connection per thread, for `seconds`."""
    latencies = []
    deadline = time.monotonic() + seconds

    def worker():
        conn = sqlite3.connect(path)
        mine = []
        rng = random.Random()
        while time.monotonic() < deadline:
            values = {k: v for k, v in variables.items() if k != "project"}
            if "project" in variables:
                values["project"] = project_id(rng.randrange(variables["project"]))
            started = time.perf_counter()
            for statement in statements:
                conn.execute(statement, {k: v for k, v in values.items() if f":{k}" in statement}).fetchall()
            mine.append((time.perf_counter() - started) * 1000)
        latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return summarise(latencies, seconds)


def summarise(latencies, seconds):
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else float("nan")
    return len(latencies) / seconds, p(0.50), p(0.99), 0


# ------------------------------------------------------------------------------------------------
# One backend


def measure(backend, options, postgres):
    work = tempfile.mkdtemp(prefix="jointreg-bench-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    if backend == "sqlite":
        path = os.path.join(work, "bench.db")
        database = f"sqlite://{path}"
    else:
        name = f"jointreg_bench_{os.getpid()}"
        run("psql", "-q", postgres, "-c", f"DROP DATABASE IF EXISTS {name}", "-c", f"CREATE DATABASE {name}", capture_output=True)
        database = postgres.rsplit("/", 1)[0] + "/" + name
    env = dict(os.environ, JOINTREG_DATABASE_URL=database, JOINTREG_BIND=f"127.0.0.1:{port}", JOINTREG_PUBLIC_URL=base,
               JOINTREG_MAIL_BACKEND="memory", JOINTREG_ALERTS_ENABLED="false", JOINTREG_LOG="warn",
               JOINTREG_JWT_SECRET="benchmark-only secret 0123456789abcdef0123456789")
    rows = []
    try:
        run(BINARY, "migrate", env=env, capture_output=True)
        started = time.monotonic()
        run(BINARY, "seed-synthetic", "--projects", str(options.projects), "--seed", str(SEED), env=env, capture_output=True)
        seeded = time.monotonic() - started
        run(BINARY, "create-admin", "--email", EMAIL, "--password-stdin", input=PASSWORD + "\n", text=True, env=env, capture_output=True)

        server = Server(env)
        starts = []
        for _ in range(3):
            starts.append(server.start())
            server.stop()
        startup = statistics.median(starts)
        server.start()
        token = server.call("POST", "/api/v1/auth/login", {"email": EMAIL, "password": PASSWORD})["access_token"]
        admin = server.call("GET", "/api/v1/me", token=token)["id"]

        # The 500th page of the full list, reached through the cursor as a client would.
        cursor, last = None, None
        deep_pages = min(500, options.projects // 50) - 1  # fewer on a small registry
        for _ in range(deep_pages):
            page = server.call("GET", "/api/v1/projects?limit=50" + (f"&cursor={cursor}" if cursor else ""), token=token)
            cursor, last = page["next_cursor"], page["items"][-1]
        deep = f"/api/v1/projects?limit=50&cursor={urllib.parse.quote(cursor)}"
        deep_key = last["titles"]["en"].lower()
        deep_where = "sort_key >= :key AND (sort_key > :key OR id > :id)"

        n, s, c = options.projects, options.seconds, options.concurrency
        # Random ids below the largest hex number with 3 free digits, so the regex stays simple.
        top = min(n, 16 ** 3 * 12)
        digits = "[0-9a-b][0-9a-f]{3}" if top == 16 ** 3 * 12 else None
        one_url = base + "/api/v1/projects/01a21f73-2001-7000-8000-00000000"
        # As a regex for oha: the dots of the address as a class (oha reads `\.` as any character).
        one_url = one_url.replace(".", "[.]") + digits if digits else one_url + "0000"
        def raw(statements, concurrency=c, **variables):
            if backend == "postgres":
                return pgbench(database, statements, s, concurrency, variables)
            return sqlite_bench(path, statements, s, concurrency, variables)
        create = {"titles": {"en": "Benchmark project", "ru": "Проект для замера", "zh": "基准项目"}, "starts_on": "2026-01-01",
                  "status": "planned", "visibility": "public", "labs": [{"lab_id": lab_id(0), "role": "lead"}, {"lab_id": lab_id(1), "role": "partner"}]}

        measurements = []

        def step(name, http, raw_sql=None):
            """One operation: the HTTP figures, the raw ones, and the server's resident memory after it."""
            figures = http()
            measurements.append((name, figures, raw_sql() if raw_sql else None, server.resident_mib()))

        step("get one project", lambda: oha(one_url, s, c, 200, token=token, random_url=digits is not None),
             lambda: raw(GET_ONE, project=top, admin=admin))
        step("list page of 50, status=active", lambda: oha(base + "/api/v1/projects?status=active&limit=50", s, c, 200, token=token),
             lambda: raw(page_sql("status = 'active'")))
        step("first page of 50", lambda: oha(base + "/api/v1/projects?limit=50", s, c, 200, token=token), lambda: raw(page_sql("1 = 1")))
        step("deep page of 50 (cursor)", lambda: oha(base + deep, s, c, 200, token=token),
             lambda: raw(page_sql("1 = 1", deep_where), key=deep_key, id=last["id"]))
        step("funding-findings report", lambda: oha(base + "/api/v1/funding-gaps?limit=50", s, 1, 200, token=token),
             lambda: raw(FUNDING_SCAN, concurrency=1))
        step("create a project", lambda: oha(base + "/api/v1/projects", s, c, 201, method="POST", body=create, token=token))
        step("sign in", lambda: oha(base + "/api/v1/auth/login", s, c, 200, method="POST", body={"email": EMAIL, "password": PASSWORD}))
        memory = server.peak_mib()
        server.stop()
        return {"backend": backend, "seeded": seeded, "startup": startup, "memory": memory, "rows": measurements}
    finally:
        if backend == "postgres":
            run("psql", "-q", postgres, "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


def report(result, options):
    print(f"\n{result['backend']}: {options.projects:,} projects seeded in {result['seeded']:.1f} s; "
          f"start-up to ready {result['startup'] * 1000:.0f} ms; peak resident memory {result['memory']:.1f} MiB")
    header = (f"{'operation':32} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'fail':>5} {'RSS MiB':>8} | "
              f"{'raw tx/s':>9} {'p50 ms':>8} {'p99 ms':>8} | {'p50 ×':>6} {'p99 ×':>6}")
    print(header)
    print("-" * len(header))
    for name, http, raw, resident in result["rows"]:
        line = f"{name:32} {http[0]:8.1f} {http[1]:8.2f} {http[2]:8.2f} {http[3]:5d} {resident:8.1f} |"
        if raw:
            line += f" {raw[0]:9.1f} {raw[1]:8.2f} {raw[2]:8.2f} | {http[1] / raw[1]:6.2f} {http[2] / raw[2]:6.2f}"
        print(line)
    rows = {name: (http, raw) for name, http, raw, _ in result["rows"]}
    targets = [
        ("get-one p99 ≤ 2× raw SQL p99", rows["get one project"][0][2] / rows["get one project"][1][2], 2.0),
        ("deep (500th) page p50 ≤ 1.5× first page p50", rows["deep page of 50 (cursor)"][0][1] / rows["first page of 50"][0][1], 1.5),
        ("findings report p50 ≤ 3× funding scan p50", rows["funding-findings report"][0][1] / rows["funding-findings report"][1][1], 3.0),
        ("peak resident memory ≤ 100 MiB", result["memory"], 100.0),
        ("start-up to ready ≤ 1 s", result["startup"], 1.0),
        ("failed requests = 0", sum(http[3] for _, http, _, _ in result["rows"]), 0),
    ]
    missed = 0
    for name, value, limit in targets:
        met = value <= limit
        missed += not met
        print(f"  {'met   ' if met else 'MISSED'}  {name}: {value:.2f}")
    return missed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--backends", default="sqlite,postgres")
    options = parser.parse_args()
    postgres = os.environ.get("JOINTREG_BENCH_POSTGRES_URL") or os.environ.get("JOINTREG_TEST_POSTGRES_URL") or \
        "postgres://postgres@127.0.0.1:5432/postgres"
    ensure_tools()
    cpus = os.cpu_count()
    print(f"jointreg registry benchmark: {options.projects:,} projects, {options.seconds} s per measurement, "
          f"{options.concurrency} connections, {cpus} CPUs, load {os.getloadavg()[0]:.2f}")
    missed = 0
    for backend in options.backends.split(","):
        missed += report(measure(backend, options, postgres), options)
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
