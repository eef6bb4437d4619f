"""A `sundial agent` process for the e2e fault scripts: started on a home and a free loopback port, its log
collected from standard error, the API called with the admin key. Python 3 standard library only."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request


class Setup(Exception):
    """The run could not be set up (the scripts exit 2)."""


class Agent:
    def __init__(self, binary, home, *extra):
        self.binary, self.home, self.extra = binary, home, list(extra)
        self.process = None
        self.url = None
        self.log = ""
        self.lock = threading.Lock()

    def start(self, timeout=90):
        self.log = ""
        self.process = subprocess.Popen(
            [self.binary, "agent", "--home", self.home, "--listen", "127.0.0.1:0", "--log-level", "info",
             *self.extra],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        threading.Thread(target=self._read, args=(self.process,), daemon=True).start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(r"http\.address=127\.0\.0\.1:(\d+)", self.text())
            if found:
                self.url = f"http://127.0.0.1:{found.group(1)}"
                with open(os.path.join(self.home, "admin.key")) as file:
                    self.key = file.read().strip()
                return
            if self.process.poll() is not None:
                time.sleep(0.2)
                raise Setup(f"the agent exited (status {self.process.returncode}):\n{self.text()}")
            time.sleep(0.05)
        raise Setup(f"the agent did not listen within {timeout} s:\n{self.text()}")

    def _read(self, process):
        for line in iter(process.stderr.readline, b""):
            with self.lock:
                self.log += line.decode(errors="replace")

    def text(self):
        with self.lock:
            return self.log

    def stop(self, timeout=120):
        """SIGTERM, then waits; returns the exit status."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=timeout)
        self.url = None
        return self.process.returncode if self.process else None

    def call(self, method, path, body=None, timeout=30):
        """(status, JSON or text); no proxies."""
        request = urllib.request.Request(
            self.url + path, method=method, data=None if body is None else json.dumps(body).encode())
        for name in ("DD-API-KEY", "DD-APPLICATION-KEY"):
            request.add_header(name, self.key)
        request.add_header("Content-Type", "application/json")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=timeout) as response:
                text = response.read()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            text = error.read()
            try:
                return error.code, json.loads(text) if text else None
            except ValueError:
                return error.code, text.decode(errors="replace")

    def create_workflow(self, name, steps, on_restart=None):
        spec = {"steps": steps, "triggers": [{"apiTrigger": {}, "startStepNames": [steps[0]["name"]]}],
                "inputSchema": {"parameters": [{"name": "tag", "type": "STRING", "defaultValue": ""}]}}
        if on_restart:
            spec["onAgentRestart"] = on_restart
        status, body = self.call(
            "POST", "/api/v2/workflows",
            {"data": {"type": "workflows", "attributes": {"name": name, "published": True, "spec": spec}}})
        if status not in (200, 201):
            raise Setup(f"creating workflow {name} answered {status}: {body}")
        return body["data"]["id"]

    def instance(self, workflow_id, instance_id):
        status, body = self.call("GET", f"/api/v2/workflows/{workflow_id}/instances/{instance_id}")
        return body["data"]["attributes"] if status == 200 else None


def shell_step(name, script, *arguments, edges=()):
    """A `sundial.shell` step running `/bin/sh -c script step arguments…`."""
    step = {"name": name, "actionId": "sundial.shell",
            "parameters": [{"name": "command", "value": ["/bin/sh", "-c", script, "step", *arguments]}]}
    if edges:
        step["outboundEdges"] = [{"branchName": "main", "nextStepName": to} for to in edges]
    return step


def wait_for(condition, timeout, interval=0.1):
    """Polls `condition` until it returns a true value or `timeout` seconds pass; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)
