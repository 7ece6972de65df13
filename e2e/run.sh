#!/usr/bin/env bash
# Browser tests: starts the real server (fresh SQLite database, demo data, captcha check off)
# serving the built SPA, its simulator and a mail sink (maildev) it mails to over SMTP, then
# drives it with headless Chromium. Installs Chromium and the npm packages (the sink's too)
# when missing. Expects frontend/dist to be built (scripts/build-spa.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$ROOT"

ensure_apt chromium chromium
[ -f frontend/dist/index.html ] || { echo "frontend/dist is missing: run scripts/build-spa.sh" >&2; exit 1; }
if [ ! -d e2e/node_modules/playwright-core ]; then
    log "installing e2e npm packages"
    (cd e2e && npm install --no-audit --no-fund --silent)
fi
cargo build -p server -p simulator --locked

work="$(mktemp -d)"
port="${E2E_PORT:-18080}"
MAIL_SINK_PID=""
cleanup() {
    [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
    [ -n "${sim_pid:-}" ] && kill "$sim_pid" 2>/dev/null || true
    [ -n "${MAIL_SINK_PID:-}" ] && kill "$MAIL_SINK_PID" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

sim_port="${E2E_SIM_PORT:-18090}"
SIM_BIND="127.0.0.1:$sim_port" "$CARGO_TARGET_DIR/debug/simulator" >"$work/simulator.log" 2>&1 &
sim_pid=$!

# The product mails for real, over SMTP, to the sink; the tests read it through its API.
mail_smtp_port="${E2E_MAIL_SMTP_PORT:-18025}"
mail_web_port="${E2E_MAIL_WEB_PORT:-18081}"
start_mail_sink "$mail_smtp_port" "$mail_web_port" "$work/mail" "$work/mail-sink.log"
export RTP_MAIL__SMTP_HOST=127.0.0.1 RTP_MAIL__SMTP_PORT="$mail_smtp_port"

# The suite logs in dozens of times a minute from one address: the abuse limits would
# answer 429 to the browser (they are tested through the API, tests/api/throttling.rs).
export RTP_RATE_LIMITS__CAPTCHA_PER_IP__MAX=10000 RTP_RATE_LIMITS__LOGIN_PER_IP__MAX=10000 \
    RTP_RATE_LIMITS__LOGIN_PER_ACCOUNT__MAX=10000
RTP_ENV=test \
RTP_SIMULATOR_URL="http://127.0.0.1:$sim_port" \
RTP_DATABASE_URL="sqlite://$work/e2e.db?mode=rwc" \
RTP_DATA_DIR="$work" \
RTP_BIND="127.0.0.1:$port" \
RTP_STATIC_DIR="$ROOT/frontend/dist" \
RTP_CAPTCHA_DISABLED=true \
RTP_SEED_DEMO=true \
RTP_SEED_DEMO_ROSTER=false \
    "$CARGO_TARGET_DIR/debug/server" >"$work/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 60); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null || { cat "$work/server.log"; exit 1; }
# A server left over on the port would answer too: make sure ours is the one running.
kill -0 "$server_pid" 2>/dev/null || { echo "the e2e server exited (port $port taken?)" >&2; cat "$work/server.log"; exit 1; }

cd e2e
status=0
# E2E_ONLY=tests/withholding.test.js runs one file (or several, space-separated) while iterating.
read -r -a targets <<< "${E2E_ONLY:-tests/}"
E2E_MAIL_URL="http://127.0.0.1:$mail_web_port" E2E_SIMULATOR_URL="http://127.0.0.1:$sim_port" BASE_URL="http://127.0.0.1:$port" node --test --test-concurrency=1 "${targets[@]}" || status=$?
if [ "$status" -ne 0 ]; then
    echo "---- server log ----"; tail -n 50 "$work/server.log"
fi
exit "$status"
