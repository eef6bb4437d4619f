#!/usr/bin/env python3
"""The disk fills while runs are in flight: nothing acknowledged is lost, nothing runs twice, no restart needed.

Usage: Scripts/e2e/disk_full_test.py path/to/sundial [--runs 24]

Needs root (it skips, exit 0, otherwise): it re-runs itself inside `unshare -m`, so the small tmpfs it mounts as
the agent's home disappears with it. The agent runs with a callback receiver on loopback. It starts `--runs` runs
of a workflow whose two `sundial.shell` steps each append `<tag> <step>` to a ledger outside the home (the first
after sleeping 1 s, so the disk fills while they run), fills the tmpfs with a file, and then:
  - `/healthz` answers 503 with `store.error.code` `store.full` (polled until it does);
  - new runs are refused with 503;
then deletes the file and checks, without restarting the agent, that every acknowledged run ends Successful within
60 s, each of its steps appears once in the ledger (no step ran twice), each run's callback arrived, `/healthz`
is 200 again, and `PRAGMA integrity_check` is ok. Exits 1 on any violation, 2 when it could not be set up.
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from agent_process import Agent, Setup, shell_step, wait_for  # noqa: E402

STEP = 'if [ "$4" = slow ]; then sleep 1; fi; echo "$2 $3" >> "$1"'
TERMINAL = ("Successful", "Failed", "Cancelled", "TimedOut")


class Receiver(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.bodies = []
        self.lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with self.server.lock:
            self.server.bodies.append(json.loads(body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *arguments):
        pass


def fill(path):
    """Writes `path` until the filesystem is full."""
    chunk = b"\0" * (64 * 1024)
    with open(path, "wb") as file:
        try:
            while True:
                file.write(chunk)
                file.flush()
        except OSError:
            pass


def main(arguments):
    binary = os.path.abspath(arguments.binary)
    work = tempfile.mkdtemp(prefix="sundial-diskfull-")
    home = os.path.join(work, "home")
    os.makedirs(home)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", home], check=True)
    ledger = os.path.join(work, "ledger")
    problems = []

    def check(condition, message):
        if not condition:
            problems.append(message)
            print(f"FAIL: {message}")

    receiver = Receiver()
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    callback = f"http://127.0.0.1:{receiver.server_address[1]}/done"
    agent = Agent(binary, home, "--allow-outbound", "127.0.0.1", "--workers", "8")
    agent.start()
    workflow_id = agent.create_workflow("Ledger", [
        shell_step("First", STEP, ledger, "{{ Trigger.payload.tag }}", "First", "slow", edges=["Second"]),
        shell_step("Second", STEP, ledger, "{{ Trigger.payload.tag }}", "Second", "fast"),
    ])
    accepted = {}
    for number in range(arguments.runs):
        tag = f"run{number}"
        status, body = agent.call("POST", f"/api/v2/workflows/{workflow_id}/instances",
                                  {"meta": {"payload": {"tag": tag}, "callback": callback}})
        if status != 200:
            raise Setup(f"run {tag} answered {status} before the disk filled: {body}")
        accepted[tag] = body["data"]["id"]
    fill(os.path.join(home, "filler"))

    def unhealthy():
        status, body = agent.call("GET", "/healthz")
        return (status, body) if status == 503 else None

    answer = wait_for(unhealthy, 30)
    check(answer is not None, "/healthz never answered 503 while the disk was full")
    if answer:
        store = answer[1].get("store", {})
        check(answer[1].get("status") == "unavailable" and store.get("writable") is False,
              f"/healthz body does not say the store cannot write: {answer[1]}")
        check(store.get("error", {}).get("code") in ("store.full", "store.io"),
              f"/healthz does not give the reason: {store}")
        print(f"/healthz while full: {json.dumps(answer[1])}")
    status, body = agent.call("POST", f"/api/v2/workflows/{workflow_id}/instances", {"meta": {"payload": {"tag": "x"}}})
    check(status == 503, f"a run posted while the disk was full answered {status}, not 503")
    time.sleep(2)  # real time is the point: the runs stay blocked on the full disk for a while
    os.remove(os.path.join(home, "filler"))

    def finished():
        return all((agent.instance(workflow_id, ident) or {}).get("status") in TERMINAL for ident in accepted.values())

    check(wait_for(finished, 60, interval=0.5), "not every acknowledged run ended within 60 s of freeing the disk")
    statuses = {tag: (agent.instance(workflow_id, ident) or {}).get("status") for tag, ident in accepted.items()}
    bad = {tag: status for tag, status in statuses.items() if status != "Successful"}
    check(not bad, f"runs that did not end Successful: {bad}")
    with open(ledger) as file:
        lines = file.read().split("\n")[:-1]
    for tag in accepted:
        for step in ("First", "Second"):
            count = lines.count(f"{tag} {step}")
            check(count == 1, f"{tag} step {step} ran {count} times")
    delivered = lambda: {body.get("id") or body.get("data", {}).get("id") for body in list(receiver.bodies)}
    wait_for(lambda: set(accepted.values()) <= delivered(), 30)
    check(set(accepted.values()) <= delivered(),
          f"callbacks missing for {sorted(set(accepted.values()) - delivered())}")
    status, body = agent.call("GET", "/healthz")
    check(status == 200 and body.get("store", {}).get("writable") is True, f"/healthz after: {status} {body}")
    held = agent.text().count("the store cannot write execution events")
    written = agent.text().count("wrote held execution events")
    print(f"runs {len(accepted)}, held-event warnings {held}, written-after-retry notices {written}")
    check(held > 0, "no run's events were held: the disk filled too late to test anything")
    check(agent.stop() == 0, "the agent did not stop cleanly")
    database = sqlite3.connect(os.path.join(home, "sundial.db"))
    integrity = database.execute("PRAGMA integrity_check").fetchone()[0]
    database.close()
    check(integrity == "ok", f"integrity_check: {integrity}")
    subprocess.run(["umount", home])
    print(f"disk-full test: {'FAILED, log below' if problems else 'ok'}")
    if problems:
        print(agent.text()[-6000:])
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="the disk-full test")
    parser.add_argument("binary")
    parser.add_argument("--runs", type=int, default=24)
    arguments = parser.parse_args()
    if os.geteuid() != 0:
        print("disk-full test skipped: it needs root to mount a tmpfs (inside unshare -m)")
        sys.exit(0)
    if os.environ.get("SUNDIAL_DISKFULL_NAMESPACE") != "1":
        environment = dict(os.environ, SUNDIAL_DISKFULL_NAMESPACE="1")
        sys.exit(subprocess.run(["unshare", "-m", "--propagation", "private", sys.executable, *sys.argv],
                                env=environment).returncode)
    try:
        sys.exit(main(arguments))
    except Setup as error:
        print(f"setup: {error}")
        sys.exit(2)
