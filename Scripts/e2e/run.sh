#!/usr/bin/env bash
# Starts BINARY's agent on a fresh home and a free loopback port, runs the Datadog client end-to-end check against
# it, and stops the agent with SIGTERM whatever happens.
# Usage: Scripts/e2e/run.sh path/to/sundial
set -euo pipefail

binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
home=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
log="$home/agent.log"
agent_pid=""

stop() {
    if [[ -n "$agent_pid" ]] && kill -0 "$agent_pid" 2>/dev/null; then
        kill -TERM "$agent_pid"
        wait "$agent_pid" || true
    fi
    rm -rf "$home"
}
trap stop EXIT

# The seed's example workflow uses a Datadog integration action (com.datadoghq.dd.monitor.listMonitors) the agent
# does not have; without --allow-unknown-actions the agent refuses it, as `sundial validate` does.
"$binary" agent --home "$home" --listen "127.0.0.1:$port" --allow-unknown-actions >"$log" 2>&1 &
agent_pid=$!

for _ in $(seq 1 200); do
    if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$agent_pid" 2>/dev/null; then
        echo "the agent exited before it was ready:" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 0.05
done

status=0
SUNDIAL_URL="http://127.0.0.1:$port" SUNDIAL_KEY="$(cat "$home/admin.key")" \
    python3 "$here/datadog_client_e2e.py" || status=$?
if [[ $status -ne 0 ]]; then
    echo "agent log:" >&2
    tail -50 "$log" >&2
fi
exit $status
