#!/usr/bin/env python3
"""The console's pages against the API calls behind them, side by side in one run, on SQLite and
PostgreSQL: the target is that every page answers within 2x the time of what it is built from.

    benches/console.py [--projects N] [--seconds S] [--backends sqlite,postgres]

Defaults: N = 50,000 projects, S = 5 s per measurement, one connection (a person's browser). It
reuses registry.py's machinery (release build, `oha`, the synthetic registry) and, per backend:

1. seeds a fresh database with `jointreg seed-synthetic --projects N`;
2. signs an administrator in twice: through the API (a bearer token) and through the console's
   sign-in form (a session cookie, as a browser holds it);
3. for each page, measures the page with `oha`, then each API call that gives the same data,
   alternating page and calls so that drift on a noisy machine hits both;
4. prints page p50 against the sum of its API calls' p50 (what a client putting the page together
   from the API would wait at least), and exits 1 when a ratio exceeds 2 or a request failed.

The pages and what is behind them:
- home (a coordinator's open findings):  GET /api/v1/funding-gaps
- a centre (timeline picture, table):     GET /api/v1/centres/{id}, …/timeline, …/coverage, /api/v1/labs?centre_id=
- a laboratory:                           GET /api/v1/labs/{id}, …/coverage, …/history, /api/v1/projects?lab_id=
- a project:                              GET /api/v1/projects/{id}, …/coverage, …/funding, …/outputs, …/history
- search:                                 GET /api/v1/{institutions,centres,labs,projects}?q=
"""

import argparse
import http.cookiejar
import os
import re
import sys
import tempfile
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import registry  # noqa: E402  (the shared machinery: Server, oha, ensure_tools, run, free_port)

TARGET = 2.0


def console_session(base):
    """Signs in through the console's form; returns the session cookie's value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    with opener.open(base + "/console/sign-in") as response:
        csrf = re.search(r'name="csrf" value="([^"]+)"', response.read().decode()).group(1)
    form = urllib.parse.urlencode({"csrf": csrf, "email": registry.EMAIL, "password": registry.PASSWORD, "next": "/console/"})
    try:
        opener.open(base + "/console/sign-in", data=form.encode())
    except urllib.error.HTTPError as answer:
        if answer.code != 303:
            raise
    session = next((c.value for c in jar if c.name == "jointreg_session"), None)
    if not session:
        sys.exit("the console's sign-in gave no session cookie")
    return session


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def page(url, seconds, session):
    """oha on a console page with the session cookie: (p50 ms, failures)."""
    command = [registry.OHA, "--no-tui", "--output-format", "json", "-z", f"{seconds}s", "-c", "1",
               "-H", f"Cookie: jointreg_session={session}", url]
    return parse(registry.run(*command, capture_output=True, text=True).stdout)


def api(url, seconds, token):
    command = [registry.OHA, "--no-tui", "--output-format", "json", "-z", f"{seconds}s", "-c", "1",
               "-H", f"Authorization: Bearer {token}", url]
    return parse(registry.run(*command, capture_output=True, text=True).stdout)


def parse(output):
    import json
    result = json.loads(output)
    statuses = result.get("statusCodeDistribution", {})
    failures = sum(n for status, n in statuses.items() if int(status) != 200)
    failures += sum(n for error, n in result.get("errorDistribution", {}).items() if error != "aborted due to deadline")
    return result["latencyPercentiles"]["p50"] * 1000, failures


def measure(backend, options, postgres):
    work = tempfile.mkdtemp(prefix="jointreg-console-bench-")
    port = registry.free_port()
    base = f"http://127.0.0.1:{port}"
    if backend == "sqlite":
        database = f"sqlite://{os.path.join(work, 'bench.db')}"
    else:
        name = f"jointreg_console_bench_{os.getpid()}"
        registry.run("psql", "-q", postgres, "-c", f"DROP DATABASE IF EXISTS {name}", "-c", f"CREATE DATABASE {name}",
                     capture_output=True)
        database = postgres.rsplit("/", 1)[0] + "/" + name
    env = dict(os.environ, JOINTREG_DATABASE_URL=database, JOINTREG_BIND=f"127.0.0.1:{port}", JOINTREG_PUBLIC_URL=base,
               JOINTREG_MAIL_BACKEND="memory", JOINTREG_ALERTS_ENABLED="false", JOINTREG_LOG="warn",
               JOINTREG_JWT_SECRET="benchmark-only secret 0123456789abcdef0123456789")
    registry.run(registry.BINARY, "migrate", env=env, capture_output=True)
    registry.run(registry.BINARY, "seed-synthetic", "--projects", str(options.projects), "--seed", str(registry.SEED),
                 env=env, capture_output=True)
    registry.run(registry.BINARY, "create-admin", "--email", registry.EMAIL, "--password-stdin",
                 input=registry.PASSWORD + "\n", text=True, env=env, capture_output=True)
    server = registry.Server(env)
    server.start()
    rows = []
    try:
        token = server.call("POST", "/api/v1/auth/login", {"email": registry.EMAIL, "password": registry.PASSWORD})["access_token"]
        session = console_session(base)
        centre = server.call("GET", "/api/v1/centres?limit=1", token=token)["items"][0]["id"]
        lab = server.call("GET", f"/api/v1/labs?centre_id={centre}&limit=1", token=token)["items"][0]["id"]
        project = server.call("GET", f"/api/v1/projects?lab_id={lab}&limit=1", token=token)["items"][0]["id"]
        word = "laboratory"
        pages = [
            ("home: open findings", "/console/", ["/api/v1/funding-gaps"]),
            ("a centre", f"/console/centres/{centre}",
             [f"/api/v1/centres/{centre}", f"/api/v1/centres/{centre}/timeline", f"/api/v1/centres/{centre}/coverage",
              f"/api/v1/labs?centre_id={centre}&limit=100"]),
            ("a laboratory", f"/console/labs/{lab}",
             [f"/api/v1/labs/{lab}", f"/api/v1/labs/{lab}/coverage", f"/api/v1/labs/{lab}/history",
              f"/api/v1/projects?lab_id={lab}&limit=100"]),
            ("a project", f"/console/projects/{project}",
             [f"/api/v1/projects/{project}", f"/api/v1/projects/{project}/coverage", f"/api/v1/projects/{project}/funding",
              f"/api/v1/projects/{project}/outputs", f"/api/v1/projects/{project}/history"]),
            ("search", f"/console/search?q={word}",
             [f"/api/v1/{kind}?q={word}" for kind in ("institutions", "centres", "labs", "projects")]),
        ]
        for name, path, calls in pages:
            page_ms, failures = page(base + path, options.seconds, session)
            api_ms = 0.0
            for call in calls:
                ms, failed = api(base + call, options.seconds, token)
                api_ms += ms
                failures += failed
            rows.append((name, page_ms, api_ms, len(calls), failures))
    finally:
        server.stop()
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--backends", default="sqlite,postgres")
    options = parser.parse_args()
    postgres = os.environ.get("JOINTREG_BENCH_POSTGRES_URL") or os.environ.get(
        "JOINTREG_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    registry.ensure_tools()
    missed = False
    for backend in options.backends.split(","):
        print(f"\n{backend}, {options.projects:,} projects, p50 of {options.seconds} s per page or call, 1 connection")
        print(f"{'page':<22} {'page p50':>10} {'API p50 (sum)':>14} {'calls':>6} {'ratio':>7} {'failed':>7}")
        for name, page_ms, api_ms, calls, failures in measure(backend, options, postgres):
            ratio = page_ms / api_ms if api_ms else float("inf")
            ok = ratio <= TARGET and failures == 0
            missed |= not ok
            print(f"{name:<22} {page_ms:>8.2f}ms {api_ms:>12.2f}ms {calls:>6} {ratio:>6.2f}x {failures:>7}{'' if ok else '  MISSED'}")
    print(f"\ntarget: every page within {TARGET:.0f}x the API calls behind it" + (" — missed" if missed else " — met"))
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
