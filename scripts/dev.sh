#!/usr/bin/env bash
# The README's run command: builds the SPA, starts the simulator, the mail sink (maildev) and
# the server on SQLite (./data/app.db), seeds and prints the demo accounts, serves
# http://127.0.0.1:8080; every mail the platform sends is on the sink's page,
# http://127.0.0.1:1080.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

MAIL_SMTP_PORT="${MAIL_SMTP_PORT:-1025}"
MAIL_WEB_PORT="${MAIL_WEB_PORT:-1080}"

ensure_slip_font

log "building the SPA"
# wasm-opt -Oz by default (npm binaryen, installed on first run; it reaches npm's mirror
# offline here): the wasm shrinks from about 3.1 MB to 2.3 MB before compression.
# SPA_WASM_OPT=0 skips it.
SPA_WASM_OPT="${SPA_WASM_OPT:-1}" bash scripts/build-spa.sh
log "building the server and the simulator"
cargo build -p server -p simulator --locked

mkdir -p data
log "starting the simulator of the external interfaces on 127.0.0.1:8090"
# The demo roster's people answer one anomaly of each kind (config/demo-pins.json).
SIM_PINS_FILE="${SIM_PINS_FILE:-$ROOT/config/demo-pins.json}" "$CARGO_TARGET_DIR/debug/simulator" &
sim_pid=$!
MAIL_SINK_PID=""
trap 'kill $sim_pid ${MAIL_SINK_PID:-} 2>/dev/null || true' EXIT INT TERM

log "starting the mail sink (maildev): SMTP 127.0.0.1:$MAIL_SMTP_PORT"
start_mail_sink "$MAIL_SMTP_PORT" "$MAIL_WEB_PORT" "$ROOT/data/mail" "$ROOT/data/mail-sink.log"
log "mails the platform sends: http://127.0.0.1:$MAIL_WEB_PORT  (set an email in 经办人信息 to receive them)"

log "starting the server"
RTP_MAIL__SMTP_HOST=127.0.0.1 RTP_MAIL__SMTP_PORT="$MAIL_SMTP_PORT" "$CARGO_TARGET_DIR/debug/server"
