#!/usr/bin/env python3
"""The kill -9 proof: a Sundial agent killed with SIGKILL at random moments loses nothing and repeats nothing
that it had recorded.

Usage: Scripts/e2e/crash_test.py path/to/sundial [--seed N] [--kills 20] [--expect-callbacks] [--with-schedules]

Python 3 standard library only. It makes a temporary home, starts `sundial agent` on a free loopback port (the
admin key comes from HOME/admin.key), creates and publishes a mix of workflows whose steps are `sundial.shell`
commands, and runs a loopback callback receiver in a thread. A poster thread starts executions over the API all
along (random priorities, some with an `Idempotency-Key` -- retried with the same key and body when the answer was
lost, and sometimes re-sent on purpose -- some with a `callback` to the receiver). The main thread kills the agent
with SIGKILL at seeded random moments (most after it listens, some while it starts), snapshots the database after
each kill (read-only, while no agent runs), and restarts it. Then it lets the agent drain, stops it with SIGTERM
and checks. It prints the counts and exits 1 on any violation (2 when the run itself could not be set up).

The ledger
----------
Every step is `/bin/sh -c SCRIPT` that sleeps a little (so kills land mid-step), then appends one line
`<execution id> <step name> <attempt nonce> <unix time>` to a ledger file and prints the nonce, which becomes the
attempt's stored output (`stdout`; for a failing step, `error.output.stdout`). The nonce is 64 random bits drawn
by the attempt itself, so each ledger line names exactly one run of the action, and the database says which of
those runs it recorded. The append is one `write` of a short line to a file opened `O_APPEND`, so lines never
interleave. A step process whose agent has died (its parent process changed) exits without writing, and the
script kills the leftover step processes after each kill, so no orphan of an earlier agent writes later.

Why the step check is sound
---------------------------
The engine awaits the store's commit of `stepStarted` before the action runs, of `attemptFinished` before the next
attempt or the step's end, and of `stepFinished` before any step that follows is launched. A kill therefore lands,
for each step, in one of three places: (a) before the step started -- nothing in the ledger; (b) while it was in
flight, i.e. its stored status is `Running` -- its process may or may not have appended its line, but the attempt
was not recorded, so the resumed run starts the step again and the ledger may hold one more line for it than the
store holds attempts; (c) after its attempt (or the whole step) was committed -- recovery must not run that
attempt again. The snapshot taken after each kill shows which place each step was in. So, for every
(execution, step):

  R1  what a snapshot shows committed (attempt nonces, the step's final result) is still in the final database,
      unchanged: a committed result is never replaced by a re-run;
  R2  the step's final result is the last ledger line of that step: nothing ran after its completion was recorded;
  R3  every nonce the database holds appears in the ledger: the store records only runs that happened;
  R4  the ledger lines the database does not hold (completions whose record a kill prevented) number at most the
      kills at which the step was `Running`: a step appears twice only if it was in flight when a kill landed.

A step that ran again although its completion was committed breaks R1 (the snapshot after the kill saw the first
result, the final database holds another) or R2 (its new line follows the recorded one). A step that was lost
breaks the execution checks: every execution the API accepted, and every execution in the database, must be
terminal, Successful unless its workflow says `onAgentRestart: fail`; an execution terminal in a snapshot must
keep that exact ending (status, finish time, error) -- it ended exactly once; one tag (a unique payload value per
request) and one idempotency key map to at most one execution; each execution with a callback has exactly one
outbox row; and `PRAGMA integrity_check` is `ok` after every kill and at the end.

`--expect-callbacks` (once the agent delivers callbacks): every execution with a callback reached the receiver at
least once (the receiver answers 503 to the first delivery of some, so retries happen), every delivery of one
execution carries the same non-empty `webhook-id`, no two executions share one, and the delivered status is the
final one. `--with-schedules`: a published workflow with `scheduleTrigger` `FREQ=SECONDLY;INTERVAL=2` runs
throughout; it must fire, fire again after the last restart (re-armed), never start two executions for one
scheduled time (the `fires` table), and each of its executions must come from a recorded fire and end Successful.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import http.server
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

TERMINAL = {"Successful", "Failed", "Cancelled", "TimedOut"}

# $1 execution id, $2 step name, $3 ledger, $4 seconds to sleep, $5 mode: ok | fail | flaky:<marker dir>.
# After its ledger line the step lingers a little before it exits (as a real command cleans up after its effect), so
# some kills land between the effect and its record.
STEP_SCRIPT = r"""
parent=$PPID
sleep "$4"
[ "$(cut -d' ' -f4 /proc/$$/stat)" = "$parent" ] || exit 99
nonce=$(od -An -N8 -tx8 /dev/urandom | tr -d ' \n')
echo "$1 $2 $nonce $(date +%s.%N)" >> "$3"
echo "$nonce"
sleep 0.15
case "$5" in
  ok) exit 0 ;;
  fail) exit 3 ;;
  flaky:*) marker="${5#flaky:}/$1"; [ -e "$marker" ] && exit 0; : > "$marker"; exit 1 ;;
esac
exit 4
"""


class Setup(Exception):
    """The run could not be set up (exit status 2)."""


# MARK: - Workflows


def shell_step(name, ledger, seconds, mode="ok", edges=(), **extra):
    step = {
        "name": name,
        "actionId": "sundial.shell",
        "parameters": [
            {
                "name": "command",
                "value": ["/bin/sh", "-c", STEP_SCRIPT, "step", "{{ Execution.id }}", name, ledger, str(seconds), mode],
            }
        ],
    }
    if edges:
        step["outboundEdges"] = [{"branchName": "main", "nextStepName": to} for to in edges]
    step.update(extra)
    return step


def workflow(name, steps, start, trigger=None, on_restart=None, published=True):
    spec = {
        "steps": steps,
        "triggers": [trigger or {"apiTrigger": {}, "startStepNames": [start]}],
        "inputSchema": {"parameters": [{"name": "tag", "type": "STRING", "defaultValue": ""}]},
    }
    if on_restart:
        spec["onAgentRestart"] = on_restart
    return {"data": {"type": "workflows", "attributes": {"name": name, "published": published, "spec": spec}}}


def workflows(ledger, markers):
    """(kind, body): `resume` workflows must end Successful; `fail` ones Successful or Failed by the restart."""
    retry = {"kind": "RETRY_STRATEGY_LINEAR", "linear": {"interval": "1s", "maxRetries": 2}}
    no_retry = {"kind": "RETRY_STRATEGY_LINEAR", "linear": {"interval": "1s", "maxRetries": 0}}
    chain = workflow(
        "crash-chain",
        [
            shell_step("Fetch", ledger, 0.3, edges=["Process"]),
            shell_step("Process", ledger, 0.5, edges=["Report"]),
            shell_step("Report", ledger, 0.2),
        ],
        "Fetch",
    )
    diamond = workflow(
        "crash-diamond",
        [
            shell_step("Start", ledger, 0.2, edges=["Left", "Right", "Risky"]),
            shell_step("Left", ledger, 0.6, edges=["Join"]),
            shell_step("Right", ledger, 0.3, edges=["Join"]),
            shell_step("Join", ledger, 0.2, readinessGate={"thresholdType": "ALL"}),
            shell_step(
                "Risky", ledger, 0.3, mode="fail",
                errorHandlers=[{"fallbackStepName": "Recover", "retryStrategy": no_retry}],
            ),
            shell_step("Recover", ledger, 0.2),
        ],
        "Start",
    )
    flaky = workflow(
        "crash-retry",
        [
            shell_step(
                "Flaky", ledger, 0.3, mode=f"flaky:{markers}", edges=["Done"],
                errorHandlers=[{"fallbackStepName": "GaveUp", "retryStrategy": retry}],
            ),
            shell_step("Done", ledger, 0.2),
            shell_step("GaveUp", ledger, 0.1, mode="fail"),
        ],
        "Flaky",
    )
    failing = workflow(
        "crash-fail-on-restart",
        [shell_step("Work", ledger, 0.8, edges=["Finish"]), shell_step("Finish", ledger, 0.2)],
        "Work",
        on_restart="fail",
    )
    return [("resume", chain), ("resume", diamond), ("resume", flaky), ("fail", failing)]


def scheduled_workflow(ledger):
    trigger = {
        "scheduleTrigger": {"rruleExpression": "FREQ=SECONDLY;INTERVAL=2", "overlapBehavior": "OVERLAP_ALLOWED"},
        "startStepNames": ["Tick"],
    }
    return workflow("crash-schedule", [shell_step("Tick", ledger, 0.3)], "Tick", trigger=trigger)


# MARK: - The agent and its API


class Agent:
    """One `sundial agent` process at a time, on HOME, restarted after each kill."""

    def __init__(self, binary, work):
        self.binary = binary
        self.work = work
        self.home = os.path.join(work, "home")
        self.process = None
        self.url = None
        self.starts = 0

    @property
    def database(self):
        return os.path.join(self.home, "sundial.db")

    def spawn(self):
        self.starts += 1
        self.log_path = os.path.join(self.work, f"agent-{self.starts}.log")
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [self.binary, "agent", "--home", self.home, "--listen", "127.0.0.1:0", "--allow-outbound",
                 "127.0.0.1", "--log-level", "notice", "--workers", "8"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log)

    def wait_listening(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(self.log_path, errors="replace") as log:
                found = re.search(r"http\.address=127\.0\.0\.1:(\d+)", log.read())
            if found:
                self.url = f"http://127.0.0.1:{found.group(1)}"
                return
            if self.process.poll() is not None:
                raise Setup(f"the agent exited (status {self.process.returncode}); see {self.log_path}")
            time.sleep(0.02)
        raise Setup(f"the agent did not listen within {timeout} s; see {self.log_path}")

    def kill(self):
        self.url = None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        kill_leftover_steps(self.work)

    def stop(self):
        self.url = None
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise Setup("the agent did not stop within 60 s of SIGTERM")


def kill_leftover_steps(work):
    """SIGKILLs the process groups of step commands a killed agent left running (their argv names the ledger)."""
    marker = os.path.join(work, "ledger.txt").encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as file:
                if marker not in file.read():
                    continue
            os.killpg(int(entry), signal.SIGKILL)
        except (OSError, ProcessLookupError):
            continue


class API:
    """JSON over HTTP to the agent with the admin key; no proxies."""

    def __init__(self, agent, key):
        self.agent = agent
        self.key = key
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def call(self, method, path, body=None, headers=None, timeout=10):
        """(status, JSON) -- raises OSError when the agent is down or the connection breaks."""
        url = self.agent.url
        if url is None:
            raise ConnectionRefusedError("the agent is down")
        request = urllib.request.Request(
            url + path, method=method, data=None if body is None else json.dumps(body).encode())
        request.add_header("DD-API-KEY", self.key)
        request.add_header("DD-APPLICATION-KEY", self.key)
        request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                text = response.read()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            text = error.read()
            try:
                return error.code, json.loads(text) if text else None
            except ValueError:
                return error.code, text.decode(errors="replace")
        except urllib.error.URLError as error:
            if isinstance(error.reason, ConnectionRefusedError):
                raise error.reason from error
            raise ConnectionError(str(error.reason)) from error
        except http.client.HTTPException as error:
            raise ConnectionError(str(error)) from error


# MARK: - Callbacks


class Receiver:
    """A loopback HTTP server recording every callback: path `/cb/<tag>`, its `webhook-id` and delivered status.
    The first delivery of every fifth tag is answered 503, so the agent must retry it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.deliveries = {}  # tag -> [(webhook id, status or None)]
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                tag = self.path.rsplit("/", 1)[-1]
                status = delivered_status(body)
                with receiver.lock:
                    seen = receiver.deliveries.setdefault(tag, [])
                    seen.append((self.headers.get("webhook-id") or "", status))
                    refuse = len(seen) == 1 and sum(map(ord, tag)) % 5 == 0
                self.send_response(503 if refuse else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *arguments):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/cb/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def snapshot(self):
        with self.lock:
            return {tag: list(seen) for tag, seen in self.deliveries.items()}


def delivered_status(body):
    """The execution status in a callback body (the execution itself, or wrapped in `data.attributes`)."""
    try:
        document = json.loads(body)
    except ValueError:
        return None
    if not isinstance(document, dict):
        return None
    data = document.get("data")
    attributes = data.get("attributes") if isinstance(data, dict) else None
    for candidate in (document, attributes):
        if isinstance(candidate, dict) and isinstance(candidate.get("status"), str):
            return candidate["status"]
    return None


# MARK: - Starting executions


class Poster(threading.Thread):
    """Starts executions over the API until told to stop, recording what the API answered."""

    def __init__(self, api, rng, targets, callback_url):
        super().__init__(daemon=True)
        self.api = api
        self.rng = rng
        self.targets = targets  # [(workflow id, kind)]
        self.callback_url = callback_url
        self.halt = threading.Event()
        self.lock = threading.Lock()
        self.count = 0
        self.accepted = {}  # tag -> execution id
        self.workflow_of = {}  # tag -> workflow id
        self.with_callback = set()  # tags
        self.unanswered = set()  # tags of POSTs without a key whose answer was lost
        self.refused = 0  # POSTs without a key refused while the agent was down
        self.keyed = {}  # key -> (workflow id, body, tag)
        self.answers = {}  # key -> [execution ids answered]
        self.outstanding = []  # keys whose answer was lost; retried with the same body
        self.errors = []

    def run(self):
        while not self.halt.is_set():
            self.step()
            self.halt.wait(self.rng.uniform(0.08, 0.4))

    def step(self):
        if self.outstanding and self.api.agent.url:
            self.send_keyed(self.outstanding.pop(0))
            return
        if self.answers and self.rng.random() < 0.08:
            self.send_keyed(self.rng.choice(sorted(self.answers)))  # a deliberate duplicate
            return
        self.count += 1
        tag = f"r{self.count}"
        workflow_id, _ = self.rng.choice(self.targets)
        meta = {"payload": {"tag": tag}, "priority": self.rng.randint(1, 9)}
        if self.rng.random() < 0.5:
            meta["callback"] = self.callback_url + tag
            self.with_callback.add(tag)
        self.workflow_of[tag] = workflow_id
        if self.rng.random() < 0.4:
            key = f"key-{tag}"
            self.keyed[key] = (workflow_id, {"meta": meta}, tag)
            self.send_keyed(key)
            return
        try:
            status, body = self.api.call("POST", f"/api/v2/workflows/{workflow_id}/instances", {"meta": meta})
        except ConnectionRefusedError:
            self.refused += 1
            return
        except OSError:
            self.unanswered.add(tag)
            return
        self.record(tag, status, body)

    def send_keyed(self, key):
        workflow_id, body, tag = self.keyed[key]
        try:
            status, answer = self.api.call(
                "POST", f"/api/v2/workflows/{workflow_id}/instances", body, {"Idempotency-Key": key})
        except OSError:
            self.outstanding.append(key)
            return
        if self.record(tag, status, answer):
            self.answers.setdefault(key, []).append(answer["data"]["id"])

    def record(self, tag, status, body):
        if status != 200 or not isinstance(body, dict) or "id" not in (body.get("data") or {}):
            self.errors.append(f"POST for {tag} answered {status}: {body}")
            return False
        with self.lock:
            self.accepted.setdefault(tag, body["data"]["id"])
            self.unanswered.discard(tag)
        return True

    def finish(self):
        """Stops posting and retries the keyed requests whose answer was lost until each is answered."""
        self.halt.set()
        self.join()
        deadline = time.monotonic() + 60
        while self.outstanding and time.monotonic() < deadline:
            self.send_keyed(self.outstanding.pop(0))
        if self.outstanding:
            self.errors.append(f"keyed requests never answered: {self.outstanding}")


# MARK: - The database


def nonce_of(output_text, error_text):
    """The nonce a step printed: its output's stdout, or its error's output's stdout."""
    for text, path in ((output_text, ()), (error_text, ("output",))):
        if not text:
            continue
        value = json.loads(text)
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, dict) and isinstance(value.get("stdout"), str) and value["stdout"].strip():
            return value["stdout"].strip()
    return None


def read_database(path, readonly=True):
    """What the database holds: executions, steps (status, final nonce), attempt nonces, outbox rows, fires, and
    the result of `PRAGMA integrity_check`."""
    uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
    connection = sqlite3.connect(uri, uri=True, timeout=30)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        executions = {}
        for row in connection.execute(
                "SELECT id, workflow_id, status, finished_at, error, input, callback, idempotency_key, created_at, "
                "trigger, instr(logs, 'resumed after an agent restart') > 0 FROM executions"):
            identifier, workflow_id, status, finished, error, text, callback, key, created, trigger, resumed = row
            tag = (json.loads(text) or {}).get("tag") if text else None
            executions[identifier] = {
                "workflow": workflow_id, "status": status, "finished": finished, "error": error, "tag": tag or None,
                "callback": callback, "key": key, "created": created, "trigger": trigger, "resumed": bool(resumed),
            }
        steps = {}
        for identifier, name, status, output, error in connection.execute(
                "SELECT execution_id, name, status, output, error FROM steps"):
            steps[(identifier, name)] = {"status": status, "nonce": nonce_of(output, error)}
        attempts = {}
        for identifier, name, output, error in connection.execute(
                "SELECT execution_id, step_name, output, error FROM step_attempts"):
            nonce = nonce_of(output, error)
            if nonce:
                attempts.setdefault((identifier, name), set()).add(nonce)
        outbox = {}
        for (identifier,) in connection.execute("SELECT execution_id FROM callback_outbox"):
            outbox[identifier] = outbox.get(identifier, 0) + 1
        fires = connection.execute(
            "SELECT workflow_id, trigger_id, scheduled_at, execution_id FROM fires WHERE execution_id IS NOT NULL"
        ).fetchall()
        return {"integrity": integrity, "executions": executions, "steps": steps, "attempts": attempts,
                "outbox": outbox, "fires": fires}
    finally:
        connection.close()


def read_ledger(path):
    """(execution id, step) -> [nonce, …] in the order the lines were written."""
    ledger = {}
    if not os.path.exists(path):
        return ledger
    with open(path) as file:
        for line in file:
            parts = line.split()
            if len(parts) == 4:
                ledger.setdefault((parts[0], parts[1]), []).append(parts[2])
    return ledger


# MARK: - Checks


class Report:
    """Counts to print and violations found."""

    def __init__(self):
        self.violations = []
        self.counts = {}

    def violation(self, text):
        self.violations.append(text)

    def count(self, name, value):
        self.counts[name] = value

    def print(self, seed):
        """Prints the counts and up to 50 violations; returns the exit status."""
        width = max(len(name) for name in self.counts)
        for name, value in self.counts.items():
            print(f"{name:<{width}}  {value}")
        for violation in self.violations[:50]:
            print(f"VIOLATION {violation}")
        if len(self.violations) > 50:
            print(f"... and {len(self.violations) - 50} more violations")
        print("ok" if not self.violations else f"FAILED: {len(self.violations)} violations (seed {seed})")
        return 0 if not self.violations else 1


def check_executions(report, final, snapshots, poster, api_statuses, kinds):
    """Nothing lost, nothing duplicated, each ended once and as its workflow says."""
    executions = final["executions"]
    by_tag = {}
    for identifier, execution in executions.items():
        if execution["tag"]:
            by_tag.setdefault(execution["tag"], []).append(identifier)
        if execution["status"] not in TERMINAL:
            report.violation(f"execution {identifier} is {execution['status']} after the drain")
        kind = kinds.get(execution["workflow"])
        error = json.loads(execution["error"]) if execution["error"] else {}
        restart_failure = execution["status"] == "Failed" and error.get("code") == "agent.stopped"
        if execution["status"] != "Successful" and not (kind == "fail" and restart_failure):
            report.violation(f"execution {identifier} ({kind}) ended {execution['status']}: {error}")
        rows = final["outbox"].get(identifier, 0)
        if rows != (1 if execution["callback"] else 0):
            report.violation(f"execution {identifier} has {rows} callback outbox rows")
    for tag, identifiers in by_tag.items():
        if len(identifiers) > 1:
            report.violation(f"tag {tag} started {len(identifiers)} executions: {identifiers}")
    for tag, identifier in poster.accepted.items():
        if by_tag.get(tag) != [identifier]:
            report.violation(f"accepted execution {identifier} ({tag}) is not the one execution of its tag in the "
                             f"database: {by_tag.get(tag)}")
        status = api_statuses.get(identifier)
        stored = executions.get(identifier, {}).get("status")
        if status not in TERMINAL or status != stored:
            report.violation(f"accepted execution {identifier}: API says {status}, database says {stored}")
    for key, answers in poster.answers.items():
        stored = [i for i, e in executions.items() if e["key"] == key]
        if len(set(answers)) != 1 or stored != answers[:1]:
            report.violation(f"Idempotency-Key {key}: answers {answers}, executions in the database {stored}")
    for number, snapshot in enumerate(snapshots, 1):
        for identifier, then in snapshot["executions"].items():
            now = executions.get(identifier)
            if now is None:
                report.violation(f"execution {identifier} seen after kill {number} is gone")
            elif then["status"] in TERMINAL and (then["status"], then["finished"], then["error"]) != (
                    now["status"], now["finished"], now["error"]):
                report.violation(f"execution {identifier} ended {then['status']} before kill {number} and "
                                 f"{now['status']} again later")
    unanswered_created = sum(1 for tag in poster.unanswered if tag in by_tag)
    report.count("executions accepted by the API", len(poster.accepted))
    report.count("POSTs refused while the agent was down", poster.refused)
    report.count("POSTs whose answer a kill cut off", len(poster.unanswered))
    report.count("  of which created anyway (and terminal)", unanswered_created)
    report.count("executions in the database", len(executions))
    report.count("terminal", sum(1 for e in executions.values() if e["status"] in TERMINAL))
    report.count("  resumed after a restart", sum(1 for e in executions.values() if e["resumed"]))
    report.count("  Failed by onAgentRestart: fail", sum(
        1 for e in executions.values()
        if e["status"] == "Failed" and json.loads(e["error"] or "{}").get("code") == "agent.stopped"))


def check_steps(report, final, snapshots, ledger):
    """R1-R4 of the docstring, for every step the ledger or the database knows."""
    keys = set(ledger) | set(final["steps"])
    in_flight_total = rerun_total = unrecorded_total = 0
    for key in sorted(keys):
        lines = ledger.get(key, [])
        step = final["steps"].get(key, {"status": None, "nonce": None})
        attempts = final["attempts"].get(key, set())
        recorded = attempts | ({step["nonce"]} if step["nonce"] else set())
        in_flight = 0
        for number, snapshot in enumerate(snapshots, 1):
            then = snapshot["steps"].get(key)
            if then and then["status"] == "Running":
                in_flight += 1
                rerun_total += step["status"] != "Stopped"
            missing = snapshot["attempts"].get(key, set()) - attempts
            if missing:
                report.violation(f"R1 {key}: attempts {sorted(missing)} recorded before kill {number} are gone")
            if then and then["nonce"] and then["nonce"] != step["nonce"]:
                report.violation(f"R1 {key}: its result before kill {number} was {then['nonce']}, now "
                                 f"{step['nonce']}: a recorded step ran again")
        if step["nonce"] and (not lines or lines[-1] != step["nonce"]):
            report.violation(f"R2 {key}: ran after its recorded completion {step['nonce']} (ledger {lines})")
        for nonce in recorded - set(lines):
            report.violation(f"R3 {key}: the database holds {nonce}, which never ran")
        unrecorded = [nonce for nonce in lines if nonce not in recorded]
        if len(unrecorded) > in_flight:
            report.violation(f"R4 {key}: {len(unrecorded)} completions not recorded but in flight at only "
                             f"{in_flight} kills (ledger {lines})")
        if len(lines) != len(set(lines)):
            report.violation(f"{key}: a nonce repeats in the ledger {lines}")
        in_flight_total += in_flight
        unrecorded_total += len(unrecorded)
    report.count("step runs in the ledger", sum(len(lines) for lines in ledger.values()))
    report.count("steps in flight at a kill", in_flight_total)
    report.count("  run again after the restart", rerun_total)
    report.count("  completed but not yet recorded (ran twice)", unrecorded_total)


def check_callbacks(report, final, deliveries):
    """Every callback arrived at least once with one stable webhook-id of its own and the final status."""
    expected = {e["tag"]: e for e in final["executions"].values() if e["callback"] and e["tag"]}
    owners = {}
    for tag, execution in sorted(expected.items()):
        seen = deliveries.get(tag, [])
        if not seen:
            report.violation(f"callback for {tag} never arrived")
            continue
        ids = {webhook for webhook, _ in seen}
        if len(ids) != 1 or "" in ids:
            report.violation(f"callback for {tag} arrived with webhook-ids {sorted(ids)}")
        for webhook in ids:
            owners.setdefault(webhook, set()).add(tag)
        statuses = {status for _, status in seen if status is not None}
        if statuses and statuses != {execution["status"]}:
            report.violation(f"callback for {tag} delivered {statuses}, the execution is {execution['status']}")
    for webhook, tags in owners.items():
        if len(tags) > 1:
            report.violation(f"webhook-id {webhook} was used for {sorted(tags)}")


def check_schedules(report, final, schedule_id, last_start_ms):
    executions = {i: e for i, e in final["executions"].items() if e["workflow"] == schedule_id}
    fired = [row for row in final["fires"] if row[0] == schedule_id]
    report.count("scheduled executions", len(executions))
    if len(executions) < 3:
        report.violation(f"the schedule started only {len(executions)} executions")
    after = [e for e in executions.values() if e["created"] >= last_start_ms]
    if len(after) < 2:
        report.violation(f"the schedule started {len(after)} executions after the last restart (not re-armed?)")
    times = {}
    for _, trigger, scheduled, execution in fired:
        times.setdefault((trigger, scheduled), []).append(execution)
    for (trigger, scheduled), started in times.items():
        if len(started) > 1:
            report.violation(f"trigger {trigger} fire at {scheduled} started {started}")
    from_fires = [row[3] for row in fired]
    if len(from_fires) != len(set(from_fires)):
        report.violation("an execution is recorded for two fires")
    for identifier in set(executions) - set(from_fires):
        report.violation(f"scheduled execution {identifier} has no recorded fire")


# MARK: - The run


def wait_until(predicate, timeout, pause=0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(pause)
    return predicate()


def unfinished(api):
    try:
        status, body = api.call("GET", "/api/v2/instances?filter[status]=Pending,Running&page[size]=1")
    except OSError:
        return None
    return body["meta"]["page"]["totalCount"] if status == 200 else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary", help="the sundial executable")
    parser.add_argument("--seed", type=int, default=None, help="the random seed (printed; default: from the clock)")
    parser.add_argument("--kills", type=int, default=20, help="how many times to SIGKILL the agent (default 20)")
    parser.add_argument("--expect-callbacks", action="store_true", help="check callback delivery")
    parser.add_argument("--with-schedules", action="store_true", help="add a scheduled workflow and check it")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    arguments = parser.parse_args()
    seed = arguments.seed if arguments.seed is not None else int(time.time() * 1000) % 1_000_000
    print(f"seed {seed}", flush=True)
    arguments.used_seed = seed
    rng = random.Random(seed)
    work = tempfile.mkdtemp(prefix="sundial-crash-")
    agent = Agent(os.path.abspath(arguments.binary), work)
    try:
        code = run(arguments, rng, agent, work)
    except Setup as error:
        print(f"setup failed: {error}", file=sys.stderr)
        code = 2
    finally:
        if agent.process and agent.process.poll() is None:
            agent.process.kill()
            agent.process.wait()
        kill_leftover_steps(work)
        if arguments.keep or code != 0:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return code


def run(arguments, rng, agent, work):
    ledger_path = os.path.join(work, "ledger.txt")
    markers = os.path.join(work, "markers")
    os.makedirs(markers)
    agent.spawn()
    agent.wait_listening()
    with open(os.path.join(agent.home, "admin.key")) as file:
        api = API(agent, file.read().strip())
    kinds, schedule_id = create_workflows(api, ledger_path, markers, arguments.with_schedules)
    targets = [(identifier, kind) for identifier, kind in kinds.items() if identifier != schedule_id]
    receiver = Receiver()
    poster = Poster(api, random.Random(rng.random()), targets, receiver.url)
    poster.start()
    started = time.monotonic()
    snapshots, early_kills = kill_repeatedly(agent, rng, arguments.kills)
    last_start_ms = int(time.time() * 1000)
    print(f"{arguments.kills} kills in {time.monotonic() - started:.0f} s; draining", flush=True)
    report = Report()
    drain(api, poster, receiver, report, arguments.expect_callbacks, schedule_id, last_start_ms)
    api_statuses = {}
    for tag, identifier in poster.accepted.items():
        status, body = api.call("GET", f"/api/v2/workflows/{poster.workflow_of[tag]}/instances/{identifier}")
        api_statuses[identifier] = body["data"]["attributes"]["status"] if status == 200 else f"HTTP {status}"
    agent.stop()
    final = read_database(agent.database, readonly=False)
    deliveries = receiver.snapshot()
    receiver.server.shutdown()
    report.count("kills (SIGKILL)", arguments.kills)
    report.count("  of which while the agent started", early_kills)
    bad = [(n, snapshot["integrity"]) for n, snapshot in enumerate(snapshots, 1) if snapshot["integrity"] != "ok"]
    for number, result in bad:
        report.violation(f"integrity_check after kill {number}: {result}")
    report.count("integrity_check after each kill", "ok" if not bad else f"{len(bad)} not ok")
    check_executions(report, final, snapshots, poster, api_statuses, kinds)
    check_steps(report, final, snapshots, read_ledger(ledger_path))
    report.count("callbacks queued in the outbox", sum(final["outbox"].values()))
    report.count("callback deliveries received", sum(len(seen) for seen in deliveries.values()))
    report.count("distinct webhook-ids", len({webhook for seen in deliveries.values() for webhook, _ in seen}))
    if arguments.expect_callbacks:
        check_callbacks(report, final, deliveries)
    if schedule_id:
        check_schedules(report, final, schedule_id, last_start_ms)
    if final["integrity"] != "ok":
        report.violation(f"integrity_check: {final['integrity']}")
    report.count("integrity_check", final["integrity"])
    return report.print(arguments.used_seed)


def create_workflows(api, ledger_path, markers, with_schedules):
    """Creates the workflows; returns {workflow id: kind} and the scheduled workflow's id (or None)."""
    bodies = workflows(ledger_path, markers)
    if with_schedules:
        bodies.append(("schedule", scheduled_workflow(ledger_path)))
    kinds, schedule_id = {}, None
    for kind, body in bodies:
        status, created = api.call("POST", "/api/v2/workflows", body)
        if status != 201:
            raise Setup(f"creating {body['data']['attributes']['name']} answered {status}: {created}")
        kinds[created["data"]["id"]] = "resume" if kind == "schedule" else kind
        if kind == "schedule":
            schedule_id = created["data"]["id"]
    return kinds, schedule_id


def kill_repeatedly(agent, rng, kills):
    """SIGKILLs the agent `kills` times at random moments -- about one in ten while it starts (recovering, before
    it listens), the others up to 8 s after it listens -- snapshotting the database after each kill and restarting
    it. Returns the snapshots and how many kills landed while it started."""
    snapshots, early = [], 0
    for number in range(1, kills + 1):
        if number > 1 and rng.random() < 0.1:
            early += 1
            time.sleep(rng.uniform(0.0, 0.15))
        else:
            agent.wait_listening()
            time.sleep(rng.choice([rng.uniform(0.0, 0.3), rng.uniform(0.5, 6.0), rng.uniform(1.0, 8.0)]))
        agent.kill()
        snapshots.append(read_database(agent.database))
        agent.spawn()
    agent.wait_listening()
    return snapshots, early


def drain(api, poster, receiver, report, expect_callbacks, schedule_id, last_start_ms):
    """Stops posting, waits for the schedule to fire after the last restart (then unpublishes it), for every
    execution to end and, when expected, for every callback to arrive."""
    poster.finish()
    for error in poster.errors:
        report.violation(error)
    if schedule_id:
        def fired_since_restart():
            status, body = api.call("GET", f"/api/v2/workflows/{schedule_id}/instances?page[size]=100")
            created = [time_ms(item["attributes"].get("createdAt")) for item in body["data"]] if status == 200 else []
            return sum(1 for at in created if at >= last_start_ms) >= 2

        wait_until(fired_since_restart, 20)
        api.call("PATCH", f"/api/v2/workflows/{schedule_id}",
                 {"data": {"type": "workflows", "attributes": {"published": False}}})
    if not wait_until(lambda: unfinished(api) == 0, 120):
        report.violation(f"{unfinished(api)} executions still unfinished 120 s after the last restart")
    if expect_callbacks:
        wanted = set(poster.with_callback) & set(poster.accepted)
        wait_until(lambda: wanted <= set(receiver.snapshot()), 90)


def time_ms(text):
    """Milliseconds since 1970 of an RFC 3339 timestamp (`…Z`), 0 when absent."""
    if not text:
        return 0
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


if __name__ == "__main__":
    sys.exit(main())
