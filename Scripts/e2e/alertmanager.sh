#!/usr/bin/env bash
# Proof that a real Prometheus Alertmanager drives a remediation workflow: starts BINARY's agent on a fresh home
# and a free loopback port, publishes a workflow with handle `disk-full` and a monitorTrigger whose step writes a
# marker file, starts Debian's prometheus-alertmanager (installed when missing) with a webhook receiver pointing at
# the agent's POST /api/v2/alerts (the admin key as a bearer credential), posts an alert labelled
# workflow=disk-full to Alertmanager's API, and waits (bounded) until the execution has succeeded and the marker
# holds the alert's name. Prints one line; exits non-zero on failure (with the tail of both logs).
# Usage: Scripts/e2e/alertmanager.sh path/to/sundial
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 path/to/sundial" >&2
    exit 2
fi
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
agent_pid=""
alertmanager_pid=""

stop() {
    for pid in "$alertmanager_pid" "$agent_pid"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid"
            wait "$pid" || true
        fi
    done
    rm -rf "$work"
}
trap stop EXIT

fail() {
    echo "alertmanager e2e: FAILED: $1"
    echo "--- agent log (tail) ---" >&2
    tail -30 "$work/agent.log" >&2 || true
    echo "--- alertmanager log (tail) ---" >&2
    tail -30 "$work/alertmanager.log" >&2 || true
    exit 1
}

if ! command -v prometheus-alertmanager >/dev/null 2>&1; then
    echo "installing prometheus-alertmanager" >&2
    # A fresh machine may have no package lists yet: update them once if the first try fails.
    { DEBIAN_FRONTEND=noninteractive apt-get install -y prometheus-alertmanager >"$work/apt.log" 2>&1 \
        || { apt-get update >>"$work/apt.log" 2>&1 \
            && DEBIAN_FRONTEND=noninteractive apt-get install -y prometheus-alertmanager >>"$work/apt.log" 2>&1; }; } \
        || { cat "$work/apt.log" >&2; fail "cannot install prometheus-alertmanager"; }
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
port=$(free_port)
alertmanager_port=$(free_port)
url="http://127.0.0.1:$port"

"$binary" agent --home "$work/home" --listen "127.0.0.1:$port" >"$work/agent.log" 2>&1 &
agent_pid=$!
for _ in $(seq 1 200); do
    if curl -fsS "$url/healthz" >/dev/null 2>&1; then break; fi
    kill -0 "$agent_pid" 2>/dev/null || fail "the agent exited before it was ready"
    sleep 0.05
done
curl -fsS "$url/healthz" >/dev/null 2>&1 || fail "the agent did not answer /healthz within 10 s"
key=$(cat "$work/home/admin.key")
marker="$work/marker"

workflow_id=$(SUNDIAL_URL="$url" SUNDIAL_KEY="$key" python3 "$here/alertmanager_e2e.py" create "$marker") \
    || fail "cannot create the workflow"

cat >"$work/alertmanager.yml" <<YAML
route:
  receiver: sundial
  group_by: ['alertname']
  group_wait: 1s
  group_interval: 5s
  repeat_interval: 1h
receivers:
  - name: sundial
    webhook_configs:
      - url: $url/api/v2/alerts
        send_resolved: false
        http_config:
          authorization:
            type: Bearer
            credentials: $key
YAML

prometheus-alertmanager --config.file="$work/alertmanager.yml" --storage.path="$work/alertmanager-data" \
    --web.listen-address="127.0.0.1:$alertmanager_port" --cluster.listen-address= >"$work/alertmanager.log" 2>&1 &
alertmanager_pid=$!
for _ in $(seq 1 200); do
    if curl -fsS "http://127.0.0.1:$alertmanager_port/-/ready" >/dev/null 2>&1; then break; fi
    kill -0 "$alertmanager_pid" 2>/dev/null || fail "Alertmanager exited before it was ready"
    sleep 0.05
done
version=$(prometheus-alertmanager --version 2>&1 | head -1 | awk '{print $3}')

curl -fsS -X POST -H 'Content-Type: application/json' "http://127.0.0.1:$alertmanager_port/api/v2/alerts" \
    -d '[{"labels": {"alertname": "DiskFull", "workflow": "disk-full", "instance": "db-1", "severity": "critical"},
          "annotations": {"summary": "/var on db-1 is 97% full"}}]' >/dev/null \
    || fail "Alertmanager did not accept the alert"

if result=$(SUNDIAL_URL="$url" SUNDIAL_KEY="$key" python3 "$here/alertmanager_e2e.py" wait "$workflow_id" "$marker" 60); then
    echo "alertmanager e2e: ok: Alertmanager $version -> POST /api/v2/alerts -> $result"
else
    fail "$result"
fi
