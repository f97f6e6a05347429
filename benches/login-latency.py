#!/usr/bin/env python3
"""Sign-in latency of a release build: p50/p90/p99 of sequential logins.

Usage: benches/login-latency.py [N]   (default N=200; needs `cargo build --release` first)
Starts target/release/jointreg on a fresh SQLite file and a free loopback port, creates an
administrator, signs in N times one after another, and prints the percentiles.
"""
import json, os, socket, subprocess, sys, tempfile, time, urllib.request

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "jointreg")
PASSWORD = "benchmark passphrase for the registry"

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

with tempfile.TemporaryDirectory() as folder:
    port = free_port()
    env = dict(os.environ, JOINTREG_DATABASE_URL="sqlite://bench.db", JOINTREG_BIND=f"127.0.0.1:{port}",
               JOINTREG_MAIL_BACKEND="memory", JOINTREG_LOG="warn",
               JOINTREG_JWT_SECRET="benchmark secret that is long enough!!")
    subprocess.run([BINARY, "create-admin", "--email", "bench@example.org", "--password-stdin"],
                   input=PASSWORD + "\n", text=True, env=env, cwd=folder, check=True, capture_output=True)
    server = subprocess.Popen([BINARY, "serve"], env=env, cwd=folder)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        body = json.dumps({"email": "bench@example.org", "password": PASSWORD}).encode()
        timings = []
        for _ in range(N):
            request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/auth/login", data=body,
                                             headers={"Content-Type": "application/json"})
            started = time.perf_counter()
            with urllib.request.urlopen(request) as response:
                assert response.status == 200
                response.read()
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        pick = lambda q: timings[min(len(timings) - 1, int(q * len(timings)))]
        print(f"logins: {N}  p50: {pick(0.5):.1f} ms  p90: {pick(0.9):.1f} ms  p99: {pick(0.99):.1f} ms  "
              f"(argon2id m=19456 KiB, t=2, p=1)")
    finally:
        server.terminate()
        server.wait(timeout=30)
