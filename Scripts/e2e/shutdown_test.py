#!/usr/bin/env python3
"""SIGTERM mid-step: a graceful stop loses nothing that a crash would have kept.

Usage: Scripts/e2e/shutdown_test.py path/to/sundial

A home with `shutdownGraceSeconds: 2`; two workflows whose first step is a `sundial.shell` command that sleeps 120 s
the first time it runs for a run (it leaves a marker file) and succeeds at once when it runs again, then a noop step:
`Resume` (the default `onAgentRestart: resume`) and `Fail` (`onAgentRestart: fail`). One run of each, SIGTERM while
both are in their first step. Checks:
  - while it waits, the agent logs once a second "waiting for 2 executions to finish: ID (Sleep), …, N s of 2 s left";
  - it exits 0 within the grace period and a margin;
  - in the database (read while no agent runs), the Resume run is still Running, its Sleep step Running with the
    stopped attempt's error `agent.shutdown`, and its log says the agent shut down and it resumes; the Fail run is
    Failed with `agent.shutdown`, its message naming onAgentRestart;
  - after a restart the Resume run resumes, its Sleep step runs a second time, and it ends Successful; the Fail run
    stays Failed.
Exits 1 on any violation, 2 when the run could not be set up.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from agent_process import Agent, Setup, shell_step, wait_for  # noqa: E402

SCRIPT = 'if [ -e "$1/$2" ]; then echo again >> "$1/$2.runs"; exit 0; fi; touch "$1/$2"; echo first >> "$1/$2.runs"; sleep 120'


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    binary = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="sundial-shutdown-")
    home = os.path.join(work, "home")
    config = os.path.join(work, "agent.yaml")
    with open(config, "w") as file:
        file.write("shutdownGraceSeconds: 2\n")
    problems = []

    def check(condition, message):
        if not condition:
            problems.append(message)
            print(f"FAIL: {message}")

    agent = Agent(binary, home, "--config", config)
    agent.start()
    steps = lambda: [shell_step("Sleep", SCRIPT, work, "{{ Trigger.payload.tag }}", edges=["After"]),
                     {"name": "After", "actionId": "com.datadoghq.core.noop"}]
    resume_id = agent.create_workflow("Resume", steps())
    fail_id = agent.create_workflow("Fail", steps(), on_restart="fail")
    runs = {}
    for tag, workflow_id in (("resume", resume_id), ("fail", fail_id)):
        status, body = agent.call("POST", f"/api/v2/workflows/{workflow_id}/instances",
                                  {"meta": {"payload": {"tag": tag}}})
        if status != 200:
            raise Setup(f"starting the {tag} run answered {status}: {body}")
        runs[tag] = (workflow_id, body["data"]["id"])
    if not wait_for(lambda: all(os.path.exists(os.path.join(work, tag)) for tag in runs), 60):
        raise Setup("the Sleep steps did not start within 60 s")

    stopped_at = time.monotonic()
    status = agent.stop(timeout=60)
    took = time.monotonic() - stopped_at
    log = agent.text()
    check(status == 0, f"the agent exited {status} after SIGTERM")
    check(took < 2 + 20, f"the stop took {took:.1f} s with a grace period of 2 s")
    waiting = re.findall(r"waiting for 2 executions to finish: ([^\n]*?), (\d+) s of 2 s left", log)
    check(waiting, "no 'waiting for 2 executions to finish: …, N s of 2 s left' line in the log")
    for listed, _ in waiting[:1]:
        for tag, (_, instance_id) in runs.items():
            check(f"{instance_id} (Sleep)" in listed, f"the waiting line does not name {instance_id} (Sleep): {listed}")

    database = sqlite3.connect(f"file:{os.path.join(home, 'sundial.db')}?mode=ro", uri=True)
    def stored(instance_id):
        status, error, logs = database.execute(
            "SELECT status, error, logs FROM executions WHERE id = ?", (instance_id,)).fetchone()
        steps = dict(database.execute(
            "SELECT name, status FROM steps WHERE execution_id = ?", (instance_id,)).fetchall())
        attempts = [json.loads(row[0]) if row[0] else None for row in database.execute(
            "SELECT error FROM step_attempts WHERE execution_id = ? AND step_name = 'Sleep' ORDER BY number",
            (instance_id,))]
        return status, json.loads(error) if error else None, json.loads(logs or "[]"), steps, attempts

    status, error, logs, steps, attempts = stored(runs["resume"][1])
    check(status == "Running", f"the resume run is {status} after the stop, not Running")
    check(steps.get("Sleep") == "Running", f"its Sleep step is {steps.get('Sleep')}, not Running")
    check(attempts and (attempts[-1] or {}).get("code") == "agent.shutdown",
          f"its Sleep attempt does not say agent.shutdown: {attempts}")
    last = logs[-1]["message"] if logs else ""
    check("the agent shut down (its shutdown grace period of 2 s ended)" in last and "resumes" in last,
          f"its log does not say the shutdown interrupted it: {last!r}")
    status, error, logs, steps, _ = stored(runs["fail"][1])
    check(status == "Failed", f"the onAgentRestart: fail run is {status}, not Failed")
    check((error or {}).get("code") == "agent.shutdown" and "onAgentRestart is fail" in (error or {}).get("message", ""),
          f"its error does not say the agent shut down: {error}")
    database.close()

    agent.start()
    workflow_id, instance_id = runs["resume"]
    final = wait_for(lambda: (agent.instance(workflow_id, instance_id) or {}).get("status") in
                     ("Successful", "Failed", "Cancelled", "TimedOut"), 60)
    attributes = agent.instance(workflow_id, instance_id) or {}
    check(final and attributes.get("status") == "Successful",
          f"the resumed run ended {attributes.get('status')}: {attributes.get('error')}")
    with open(os.path.join(work, "resume.runs")) as file:
        check(file.read().split() == ["first", "again"], "the Sleep step of the resumed run did not run exactly twice")
    attributes = agent.instance(*runs["fail"]) or {}
    check(attributes.get("status") == "Failed", f"the fail run is {attributes.get('status')} after the restart")
    check("resumes after an agent restart" in agent.text(), "the restart did not log that the run resumes")
    agent.stop()
    print(f"shutdown test: {'FAILED, home kept at ' + home if problems else 'ok'} (stop took {took:.1f} s)")
    if not problems:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Setup as error:
        print(f"setup: {error}")
        sys.exit(2)
