#!/usr/bin/env python3
"""The HTTP server's bounds against a real agent: connections are capped and timed out, and the agent keeps
serving at its open-file limit.

Usage: Scripts/e2e/connections_test.py path/to/sundial [--only limits|fdlimit]

Python 3 standard library only; loopback only; every wait has a deadline. Exits 1 on a violation.

limits   An agent with limits {maxConnections: 40, headTimeoutSeconds: 2, bodyReadTimeoutSeconds: 5,
         idleTimeoutSeconds: 3}:
         - 30 keep-alive connections left idle after a request are closed by the agent after the idle timeout;
         - 20 slowloris connections (a request head trickled a byte at a time) are closed after the head timeout;
         - a request announcing a 100 MB body that never comes is closed after the body timeout;
         - with 40 connections busy (their bodies half sent), a new connection is answered 503 at once, and a busy
           one still gets its answer when it finishes its body;
         - /metrics counts the refusal and each kind of timeout.
fdlimit  An agent under `prlimit --nofile=1024:1024` (systemd's default) with its default limits: it logs the
         limit and a cap of 512 connections; 1,100 idle client connections are opened and held, and then
         /healthz answers 200 on a fresh connection within 1 s, 60 runs of a shell workflow are accepted with
         distinct, non-zero ids and all end Successful, the agent is alive throughout, and SIGTERM stops it with
         status 0.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

FAILURES: list[str] = []


def check(condition: bool, what: str) -> None:
    print(("ok    " if condition else "FAIL  ") + what, flush=True)
    if not condition:
        FAILURES.append(what)


class Agent:
    """`sundial agent` on a fresh home and a free port; its log is collected from standard error."""

    def __init__(self, binary: str, config: str | None = None, prefix: list[str] | None = None):
        self.home = tempfile.mkdtemp(prefix="sundial-connections-")
        arguments = [binary, "agent", "--home", self.home, "--listen", "127.0.0.1:0"]
        if config is not None:
            path = os.path.join(self.home, "agent.yaml")
            with open(path, "w") as file:
                file.write(config)
            arguments += ["--config", path]
        self.process = subprocess.Popen(
            (prefix or []) + arguments, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.log: list[str] = []
        self.port = 0
        listening = threading.Event()

        def read() -> None:
            for raw in self.process.stderr:
                line = raw.decode(errors="replace").rstrip("\n")
                self.log.append(line)
                found = re.search(r"http\.address=127\.0\.0\.1:(\d+)", line)
                if found:
                    self.port = int(found.group(1))
                    listening.set()
            listening.set()

        threading.Thread(target=read, daemon=True).start()
        if not listening.wait(60) or self.port == 0:
            self.stop()
            raise SystemExit("the agent did not start:\n" + "\n".join(self.log))
        with open(os.path.join(self.home, "admin.key")) as file:
            self.key = file.read().strip()

    def request(self, method: str, path: str, body=None, timeout: float = 10) -> tuple[int, object, float]:
        """(status, JSON or text, seconds) on a fresh connection; status 0 when no answer came."""
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            return self._exchange(connection, method, path, body, started)
        except (OSError, http.client.HTTPException) as error:
            return 0, f"no answer: {error!r}", time.monotonic() - started
        finally:
            connection.close()

    def _exchange(self, connection, method, path, body, started) -> tuple[int, object, float]:
        headers = {"DD-API-KEY": self.key, "DD-APPLICATION-KEY": self.key, "Content-Type": "application/json"}
        connection.request(method, path, None if body is None else json.dumps(body), headers)
        response = connection.getresponse()
        text = response.read().decode(errors="replace")
        try:
            value = json.loads(text) if text else None
        except ValueError:
            value = text
        return response.status, value, time.monotonic() - started

    def connect(self, timeout: float = 10) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=timeout)

    def stop(self, grace: float = 45) -> int | None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                return None
        return self.process.returncode

    def cleanup(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.home, ignore_errors=True)


def closed_by_peer(sock: socket.socket, within: float) -> bool:
    """Whether the agent closes `sock` (EOF or reset) within `within` seconds; drains what it sends meanwhile."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        sock.settimeout(max(0.05, min(1.0, deadline - time.monotonic())))
        try:
            if sock.recv(65536) == b"":
                return True
        except socket.timeout:
            continue
        except (ConnectionResetError, BrokenPipeError):
            return True
    return False


def all_closed(sockets: list[socket.socket], within: float) -> int:
    """How many of `sockets` the agent closed within `within` seconds (checked in parallel)."""
    results = [False] * len(sockets)

    def watch(index: int) -> None:
        results[index] = closed_by_peer(sockets[index], within)

    threads = [threading.Thread(target=watch, args=(index,)) for index in range(len(sockets))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(results)


def metric(agent: Agent, name: str) -> int:
    status, text, _ = agent.request("GET", "/metrics")
    found = re.search(r"^" + re.escape(name) + r" (\d+)$", text if isinstance(text, str) else "", re.M)
    return int(found.group(1)) if found else -1


def head(agent: Agent, method: str, path: str, extra: str = "") -> bytes:
    return (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nDD-API-KEY: {agent.key}\r\n"
        f"DD-APPLICATION-KEY: {agent.key}\r\n{extra}\r\n"
    ).encode()


def limits(binary: str) -> None:
    config = (
        "limits: {maxConnections: 40, headTimeoutSeconds: 2, bodyReadTimeoutSeconds: 5, idleTimeoutSeconds: 3}\n"
    )
    agent = Agent(binary, config)
    try:
        check(any("http.connections.max=40" in line for line in agent.log), "the agent logs its cap of 40")

        idle = []
        for _ in range(30):
            sock = agent.connect()
            sock.sendall(head(agent, "GET", "/healthz"))
            idle.append(sock)
        started = time.monotonic()
        closed = all_closed(idle, within=3 + 15)
        check(closed == 30, f"30 idle keep-alive connections are closed after the idle timeout ({closed} were)")
        check(time.monotonic() - started >= 2.5, "and not before it")
        for sock in idle:
            sock.close()

        slow = [agent.connect() for _ in range(20)]
        stop = threading.Event()

        def trickle() -> None:
            payload = head(agent, "GET", "/healthz", "X-Slow: " + "a" * 200 + "\r\n")
            for byte in payload[:-4]:
                if stop.is_set():
                    return
                for sock in slow:
                    try:
                        sock.send(bytes([byte]))
                    except OSError:
                        pass
                time.sleep(0.2)

        trickler = threading.Thread(target=trickle, daemon=True)
        trickler.start()
        closed = all_closed(slow, within=2 + 15)
        stop.set()
        check(closed == 20, f"20 slowloris connections are closed after the head timeout ({closed} were)")
        for sock in slow:
            sock.close()

        big = agent.connect()
        big.sendall(head(agent, "POST", "/api/v2/workflows", "Content-Type: application/json\r\n"
                         "Content-Length: 100000000\r\n"))
        check(closed_by_peer(big, within=5 + 15), "a request announcing a 100 MB body that never comes is closed")
        big.close()

        body = json.dumps({"data": {"type": "workflows", "attributes": {"name": "x", "spec": {"steps": []}}}})
        busy = []
        for _ in range(40):
            sock = agent.connect()
            sock.sendall(head(agent, "POST", "/api/v2/workflows",
                              f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n")
                         + body[:10].encode())
            busy.append(sock)
        time.sleep(0.5)  # the agent reads the 40 heads; the body deadline (5 s) is far
        started = time.monotonic()
        extra = agent.connect()
        extra.sendall(head(agent, "GET", "/healthz"))
        extra.settimeout(3)
        try:
            answer = extra.recv(4096).decode(errors="replace")
        except OSError as error:
            answer = f"({error})"
        elapsed = time.monotonic() - started
        check(answer.startswith("HTTP/1.1 503"), f"past the cap with all busy, a new connection gets 503: {answer[:40]!r}")
        check("limits.maxConnections = 40" in answer, "the 503 names limits.maxConnections")
        check(elapsed < 1.0, f"at once ({elapsed:.2f} s)")
        extra.close()
        busy[0].sendall(body[10:].encode())
        busy[0].settimeout(5)
        try:
            reply = busy[0].recv(4096).decode(errors="replace")
        except OSError as error:
            reply = f"({error})"
        check(reply.startswith("HTTP/1.1 "), f"a busy connection still gets its answer: {reply[:30]!r}")
        for sock in busy:
            sock.close()

        time.sleep(0.5)
        check(metric(agent, 'sundial_http_connections_total{outcome="refused"}') >= 1, "/metrics counts the refusal")
        for reason in ("head", "body", "idle"):
            count = metric(agent, f'sundial_http_connection_timeouts_total{{reason="{reason}"}}')
            check(count >= 1, f"/metrics counts {reason} timeouts ({count})")
        status = agent.stop()
        check(status == 0, f"SIGTERM stops the agent with status 0 ({status})")
    finally:
        agent.cleanup()


def fdlimit(binary: str) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 4096:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
    agent = Agent(binary, prefix=["prlimit", "--nofile=1024:1024"])
    held: list[socket.socket] = []
    try:
        check(any("nofile.soft=1024" in line for line in agent.log), "the agent logs its open-file limit 1024")
        check(any("http.connections.max=512" in line for line in agent.log), "and a connection cap of 512")
        workflow = {"data": {"type": "workflows", "attributes": {"name": "fd", "published": True, "spec": {
            "steps": [{"name": "Echo", "actionId": "sundial.shell",
                       "parameters": [{"name": "command", "value": ["/bin/echo", "hello"]}]}],
            "triggers": [{"apiTrigger": {}, "startStepNames": ["Echo"]}]}}}}
        status, created, _ = agent.request("POST", "/api/v2/workflows", workflow)
        check(status in (200, 201), f"a workflow is created ({status})")
        if status not in (200, 201):
            return
        workflow_id = created["data"]["id"]

        failed_connects = 0
        for _ in range(1100):
            try:
                held.append(agent.connect(timeout=5))
            except OSError:
                failed_connects += 1
        check(failed_connects == 0, f"1,100 client connections are accepted ({failed_connects} failed)")

        timings = []
        for _ in range(5):
            status, _, elapsed = agent.request("GET", "/healthz", timeout=5)
            timings.append((status, elapsed))
        check(all(status == 200 and elapsed < 1.0 for status, elapsed in timings),
              "/healthz answers 200 on a fresh connection within 1 s: "
              + ", ".join(f"{status} in {elapsed:.2f} s" for status, elapsed in timings))

        ids = []
        refused = 0
        for index in range(60):
            status, body, _ = agent.request("POST", f"/api/v2/workflows/{workflow_id}/instances", {"meta": {}})
            if status == 200:
                ids.append(body["data"]["id"])
            else:
                refused += 1
                if refused <= 5:
                    print(f"      run {index}: {status} {body}")
            for _ in range(5):  # keep the pressure: more idle connections while the runs go
                try:
                    held.append(agent.connect(timeout=5))
                except OSError:
                    pass
        if refused == 60:
            check(False, "no run was accepted")
            return
        check(refused == 0, f"60 runs are accepted while the connections are held ({refused} were not)")
        check(len(set(ids)) == len(ids), "with distinct ids")
        check(not any(set(i.replace("-", "")) == {"0"} for i in ids), "none of them all zeros")

        deadline = time.monotonic() + 120
        pending = set(ids)
        unsuccessful = []
        while pending and time.monotonic() < deadline and agent.process.poll() is None:
            for instance in list(pending):
                status, body, _ = agent.request("GET", f"/api/v2/workflows/{workflow_id}/instances/{instance}")
                if status == 200 and body["data"]["attributes"]["status"] not in ("Pending", "Running"):
                    if body["data"]["attributes"]["status"] != "Successful":
                        unsuccessful.append((instance, body["data"]["attributes"]["status"]))
                    pending.discard(instance)
            if pending:
                time.sleep(0.2)
        check(not pending, f"every accepted run ends ({len(pending)} did not)")
        check(not unsuccessful, f"and ends Successful {unsuccessful[:3]}")
        check(agent.process.poll() is None, "the agent is alive")
        status, _, elapsed = agent.request("GET", "/healthz", timeout=5)
        check(status == 200 and elapsed < 1.0, f"/healthz still answers ({status} in {elapsed:.2f} s)")
        for sock in held:
            sock.close()
        held.clear()
        code = agent.stop()
        check(code == 0, f"SIGTERM stops the agent with status 0 ({code})")
        crashes = [line for line in agent.log if "Fatal error" in line or "SIGILL" in line or "crash" in line.lower()]
        check(not crashes, f"no crash in the agent's log {crashes[:3]}")
    finally:
        for sock in held:
            sock.close()
        agent.cleanup()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--only", choices=["limits", "fdlimit"])
    arguments = parser.parse_args()
    if arguments.only in (None, "limits"):
        print("== connection limits", flush=True)
        limits(arguments.binary)
    if arguments.only in (None, "fdlimit"):
        print("== the open-file limit", flush=True)
        fdlimit(arguments.binary)
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed", flush=True)
        return 1
    print("all checks passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
