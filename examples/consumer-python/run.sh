#!/usr/bin/env bash
# Makes a virtual environment with confluent-kafka (once, into .venv; librdkafka comes inside its
# wheel) and runs the consumer. Usage: examples/consumer-python/run.sh <bootstrap servers> <changes topic>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -f "$here/.venv/.complete" ]; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt" >&2
  touch "$here/.venv/.complete"
fi
exec "$here/.venv/bin/python" "$here/latest_states.py" "$@"
