"""The agent-side half of Scripts/e2e/alertmanager.sh, over the agent's HTTP API (standard library only).

Usage: SUNDIAL_URL=http://127.0.0.1:PORT SUNDIAL_KEY=... python3 alertmanager_e2e.py create MARKER
       SUNDIAL_URL=... SUNDIAL_KEY=... python3 alertmanager_e2e.py wait WORKFLOW_ID MARKER SECONDS

`create` publishes a workflow with handle `disk-full`, a monitorTrigger and one sundial.shell step that writes the
alert's name (Trigger.payload.labels.alertname) to MARKER, and prints its id. `wait` polls until an execution of it
has succeeded and MARKER holds "DiskFull", prints "execution ID Successful in N s, marker DiskFull" and exits 0, or
prints what it saw last and exits 1 after SECONDS.
"""

import json
import os
import sys
import time
import urllib.error
import urllib.request

URL = os.environ["SUNDIAL_URL"]
KEY = os.environ["SUNDIAL_KEY"]


def call(method, path, body=None):
    """Sends one request with the key and returns (status, parsed JSON body or None)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(URL + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + KEY)
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read()
            return response.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, None


def create(marker):
    script = 'printf "%s" "$1" > "$2"'
    body = {
        "data": {
            "type": "workflows",
            "attributes": {
                "name": "Disk full remediation",
                "published": True,
                "spec": {
                    "handle": "disk-full",
                    "triggers": [{"monitorTrigger": {"rateLimit": {"count": 10, "interval": "60s"}}}],
                    "steps": [
                        {
                            "name": "Remediate",
                            "actionId": "sundial.shell",
                            "parameters": [
                                {
                                    "name": "command",
                                    "value": [
                                        "/bin/sh", "-c", script, "sh",
                                        "{{ Trigger.payload.labels.alertname }}", marker,
                                    ],
                                }
                            ],
                        }
                    ],
                },
            },
        }
    }
    status, reply = call("POST", "/api/v2/workflows", body)
    if status != 201:
        print(f"creating the workflow answered {status}: {reply}", file=sys.stderr)
        return 1
    print(reply["data"]["id"])
    return 0


def wait(workflow_id, marker, seconds):
    start = time.monotonic()
    deadline = start + float(seconds)
    status, document = call("GET", "/api/v2/openapi.json")
    if status == 200 and "/api/v2/alerts" not in (document or {}).get("paths", {}):
        print("the agent does not serve POST /api/v2/alerts (no trigger event sink is wired into it yet)")
        return 1
    seen = "no execution yet"
    while time.monotonic() < deadline:
        status, page = call("GET", f"/api/v2/workflows/{workflow_id}/instances?page[size]=10")
        for item in (page or {}).get("data", []) if status == 200 else []:
            _, instance = call("GET", f"/api/v2/workflows/{workflow_id}/instances/{item['id']}")
            attributes = (instance or {}).get("data", {}).get("attributes", {})
            state = attributes.get("status")
            seen = f"execution {item['id']} {state}"
            if state == "Successful":
                text = open(marker).read() if os.path.exists(marker) else None
                if text == "DiskFull":
                    print(f"execution {item['id']} Successful in {time.monotonic() - start:.1f} s, marker {text}")
                    return 0
                seen += f", marker {text!r}"
            elif state in ("Failed", "Cancelled", "TimedOut"):
                print(f"execution {item['id']} ended {state}: {attributes.get('error')}")
                return 1
        time.sleep(0.2)
    print(f"no successful execution within {seconds} s; last seen: {seen}")
    return 1


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "create" and len(sys.argv) == 3:
        sys.exit(create(sys.argv[2]))
    if command == "wait" and len(sys.argv) == 5:
        sys.exit(wait(sys.argv[2], sys.argv[3], sys.argv[4]))
    print(__doc__, file=sys.stderr)
    sys.exit(2)
