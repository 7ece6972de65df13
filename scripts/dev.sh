#!/usr/bin/env bash
# The README's run command: builds the SPA, starts the simulator and the server on SQLite
# (./data/app.db), seeds and prints the demo accounts, serves http://127.0.0.1:8080.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

log "building the SPA"
bash scripts/build-spa.sh
log "building the server and the simulator"
cargo build -p server -p simulator --locked

mkdir -p data
log "starting the simulator of the external interfaces on 127.0.0.1:8090"
# The demo roster's people answer one anomaly of each kind (config/demo-pins.json).
SIM_PINS_FILE="${SIM_PINS_FILE:-$ROOT/config/demo-pins.json}" "$CARGO_TARGET_DIR/debug/simulator" &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null || true' EXIT INT TERM

log "starting the server"
"$CARGO_TARGET_DIR/debug/server"
