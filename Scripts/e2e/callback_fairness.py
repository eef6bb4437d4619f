#!/usr/bin/env python3
"""A receiver that never answers does not hold up another receiver's callbacks: the real agent, over loopback.

Usage: Scripts/e2e/callback_fairness.py path/to/sundial [--runs 300] [--p99-limit 1.0] [--no-backoff-wait]

Python 3 standard library only. It starts `sundial agent` on a fresh home and a free loopback port with
`--allow-outbound 127.0.0.1` (default callback settings: 32 at once, 4 per receiver, 30 s per attempt), and two
receivers in threads: a healthy one (answers 204 and notes when each `webhook-id` first arrived) and a hanging one
(accepts connections, reads the requests, never answers). It creates a published one-step noop workflow, starts
64 runs whose callback goes to the hanging receiver (the oldest rows), then `--runs` more alternating between the
two receivers, from four threads. It checks that

  - every healthy callback arrives, and the p99 of (arrival - the run's `finishedAt` in its callback body) is at
    most `--p99-limit` seconds;
  - the hanging receiver never had more requests open at once than the per-receiver limit (4);
  - unless `--no-backoff-wait`: once the hung attempts time out (30 s), the agent logs `callback receiver backing
    off` naming the hanging receiver, and `/metrics` shows `sundial_callback_receivers_backing_off 1`.

It prints the figures and exits 1 on a failed check, 2 when the run could not be set up.
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

PER_RECEIVER = 4


class Setup(Exception):
    pass


class Healthy:
    """204 to every callback; the first arrival time and the run's end of each webhook-id."""

    def __init__(self):
        self.lock = threading.Lock()
        self.arrivals = {}  # webhook id -> (arrival unix time, finishedAt unix time or None)
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                arrived = time.time()
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                webhook_id = self.headers.get("webhook-id") or ""
                with receiver.lock:
                    receiver.arrivals.setdefault(webhook_id, (arrived, finished_at(body)))
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *arguments):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/ok/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def snapshot(self):
        with self.lock:
            return dict(self.arrivals)


class Hanging:
    """Accepts connections and reads what comes, never answering; counts the requests open at once."""

    def __init__(self):
        self.lock = threading.Lock()
        self.open_requests = 0
        self.most_open = 0
        self.requests = 0
        self.sockets = []
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(256)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/hang/"
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.sockets.append(connection)
            threading.Thread(target=self.read, args=(connection,), daemon=True).start()

    def read(self, connection):
        # One request per connection is ever open: it is never answered, so the client sends no second one on it.
        seen = b""
        counted = False
        while True:
            try:
                chunk = connection.recv(65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            seen += chunk
            if not counted and b"\r\n\r\n" in seen:
                counted = True
                with self.lock:
                    self.requests += 1
                    self.open_requests += 1
                    self.most_open = max(self.most_open, self.open_requests)
        if counted:
            with self.lock:
                self.open_requests -= 1


def finished_at(body):
    """The run's end in a callback body (milliseconds or RFC 3339), as Unix seconds."""
    try:
        document = json.loads(body)
    except ValueError:
        return None
    candidates = [document]
    if isinstance(document, dict) and isinstance(document.get("data"), dict):
        candidates.append(document["data"].get("attributes"))
    for candidate in candidates:
        if not isinstance(candidate, dict):
            continue
        value = candidate.get("finishedAt")
        if isinstance(value, (int, float)):
            return value / 1000
        if isinstance(value, str):
            from datetime import datetime
            return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    return None


class Agent:
    def __init__(self, binary, home):
        self.binary = binary
        self.home = home
        self.log_path = os.path.join(home, "agent.log")
        self.url = None
        self.process = None

    def start(self):
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [self.binary, "agent", "--home", os.path.join(self.home, "home"), "--listen", "127.0.0.1:0",
                 "--allow-outbound", "127.0.0.1", "--log-level", "notice"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            found = re.search(r"http\.address=127\.0\.0\.1:(\d+)", self.log())
            if found:
                self.url = f"http://127.0.0.1:{found.group(1)}"
                with open(os.path.join(self.home, "home", "admin.key")) as file:
                    self.key = file.read().strip()
                return
            if self.process.poll() is not None:
                raise Setup(f"the agent exited (status {self.process.returncode}):\n{self.log()}")
            time.sleep(0.05)
        raise Setup("the agent did not listen within 120 s")

    def log(self):
        with open(self.log_path, errors="replace") as file:
            return file.read()

    def call(self, method, path, body=None):
        request = urllib.request.Request(
            self.url + path, method=method, data=None if body is None else json.dumps(body).encode())
        for header in ("DD-API-KEY", "DD-APPLICATION-KEY"):
            request.add_header(header, self.key)
        request.add_header("Content-Type", "application/json")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=60) as response:
                text = response.read()
                return response.status, text
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def stop(self):
        if self.process and self.process.poll() is None:
            # The hung deliveries would hold a graceful stop for their 30 s; the check is done by then.
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("inf")
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--runs", type=int, default=300, help="runs after the hung backlog, half to each receiver")
    parser.add_argument("--p99-limit", type=float, default=1.0, help="seconds")
    parser.add_argument("--no-backoff-wait", action="store_true", help="skip the 30 s wait for the back-off")
    arguments = parser.parse_args()

    work = tempfile.mkdtemp(prefix="sundial-fairness-")
    agent = Agent(os.path.abspath(arguments.binary), work)
    failures = []
    try:
        healthy, hanging = Healthy(), Hanging()
        agent.start()
        status, text = agent.call("POST", "/api/v2/workflows", {"data": {"type": "workflows", "attributes": {
            "name": "fairness", "published": True,
            "spec": {"steps": [{"name": "Only", "actionId": "com.datadoghq.core.noop"}],
                     "triggers": [{"apiTrigger": {}}]}}}})
        if status not in (200, 201):
            raise Setup(f"creating the workflow answered {status}: {text[:300]}")
        workflow = json.loads(text)["data"]["id"]

        def run(url):
            status, text = agent.call("POST", f"/api/v2/workflows/{workflow}/instances", {"meta": {"callback": url}})
            if status != 200:
                raise Setup(f"starting a run answered {status}: {text[:300]}")
            return json.loads(text)["data"]["id"]

        for index in range(64):
            run(hanging.url + f"backlog-{index}")
        expected = []
        lock = threading.Lock()
        errors = []

        def poster(offset):
            try:
                for index in range(offset, arguments.runs, 4):
                    target = healthy.url if index % 2 == 0 else hanging.url
                    identifier = run(target + str(index))
                    if index % 2 == 0:
                        with lock:
                            expected.append("msg_" + identifier)
            except Exception as error:  # reported below
                errors.append(error)

        threads = [threading.Thread(target=poster, args=(offset,)) for offset in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise Setup(f"starting runs failed: {errors[0]}")

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if all(identifier in healthy.snapshot() for identifier in expected):
                break
            time.sleep(0.05)
        arrivals = healthy.snapshot()
        missing = [identifier for identifier in expected if identifier not in arrivals]
        latencies = [max(0.0, arrived - ended) for identifier in expected if identifier in arrivals
                     for arrived, ended in [arrivals[identifier]] if ended is not None]
        p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
        print(f"healthy callbacks: {len(expected) - len(missing)} of {len(expected)} arrived; from run end to "
              f"arrival p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, max {max(latencies, default=0) * 1000:.1f} ms")
        print(f"hanging receiver: {hanging.requests} requests, at most {hanging.most_open} open at once "
              f"({64 + arguments.runs // 2} callbacks queued to it)")
        if missing:
            failures.append(f"{len(missing)} healthy callbacks never arrived within 60 s")
        if p99 > arguments.p99_limit:
            failures.append(f"healthy p99 {p99:.3f} s is over {arguments.p99_limit} s")
        if hanging.most_open > PER_RECEIVER:
            failures.append(f"the hanging receiver had {hanging.most_open} requests open, over {PER_RECEIVER}")

        if not arguments.no_backoff_wait:
            deadline = time.monotonic() + 90
            receiver = "http://127.0.0.1:" + hanging.url.split(":")[2].split("/")[0]

            def backing_off():
                return next((line for line in agent.log().splitlines()
                             if "callback receiver backing off" in line and f"callback.receiver={receiver} " in line),
                            None)

            while time.monotonic() < deadline and backing_off() is None:
                time.sleep(0.2)
            line = backing_off()
            if line is None:
                failures.append("no 'callback receiver backing off' line for the hanging receiver within 90 s")
            else:
                print("agent log: " + line.strip()[:400])
                status, text = agent.call("GET", "/metrics")
                gauge = re.search(rb"^sundial_callback_receivers_backing_off (\d+)$", text, re.MULTILINE)
                print(f"/metrics: sundial_callback_receivers_backing_off {gauge.group(1).decode() if gauge else '?'}")
                if not gauge or gauge.group(1) != b"1":
                    failures.append("/metrics does not show one receiver backing off")
    except Setup as error:
        print(f"setup failed: {error}", file=sys.stderr)
        agent.stop()
        shutil.rmtree(work, ignore_errors=True)
        return 2
    agent.stop()
    for failure in failures:
        print("FAIL: " + failure, file=sys.stderr)
    if failures:
        print(f"agent log kept in {agent.log_path}", file=sys.stderr)
    else:
        shutil.rmtree(work, ignore_errors=True)
        print("ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
