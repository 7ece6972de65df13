#!/usr/bin/env bash
# The README's test command: every check and every test, on SQLite and PostgreSQL, plus the
# browser tests in headless Chromium. Installs what it needs (wasm target, wasm-bindgen,
# Chromium, the e2e npm packages, the S3 test server s3s-fs), starts PostgreSQL when it is
# down, and runs s3s-fs for the API tests' attachment suite.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
started=$(date +%s)

log "format"
cargo fmt --all -- --check

log "lint (host crates)"
cargo clippy --workspace --exclude frontend --all-targets --locked -- -D warnings

log "domain and api-types pull no web or database crate"
for crate in domain api-types; do
    if cargo tree -p "$crate" -e normal --prefix none --locked | grep -Eq '^(actix|sea-orm|sqlx|reqwest|tokio) '; then
        echo "crate $crate depends on a web/database crate:" >&2
        cargo tree -p "$crate" -e normal --locked | grep -E 'actix|sea-orm|sqlx|reqwest|tokio' >&2
        exit 1
    fi
done

log "docker-compose.yml is valid (no Docker engine needed)"
ensure_apt docker-compose docker-compose
RTP_JWT_SECRET=ci-only-placeholder RTP_PII_KEYS=ci-only-placeholder \
    RTP_STORAGE__SECRET_ACCESS_KEY=ci-only-placeholder docker-compose -f docker-compose.yml config -q

log "build the SPA (wasm32) — also proves api-types and domain build for wasm32"
bash scripts/build-spa.sh
cargo clippy -p frontend --target wasm32-unknown-unknown --locked -- -D warnings

log "unit, property and API tests on SQLite"
ensure_slip_font
# The README's 接口对接 example runs inside the API tests (tests/api/readme_integrating.rs).
ensure_apt curl curl
ensure_apt jq jq
# The attachment suite also runs against a real S3 server (TEST_S3_URL), on both databases.
S3_DIR="$(mktemp -d)"
trap 'kill ${S3_SERVER_PID:-} 2>/dev/null || true; rm -rf "$S3_DIR"' EXIT
start_s3_server "$S3_DIR/data" "$S3_DIR/s3s-fs.log"
run_cargo_tests --workspace --locked

log "API tests on PostgreSQL"
ensure_postgres
# Drop what earlier runs left behind (each test makes its own database).
psql -h 127.0.0.1 -U postgres -d postgres -Atc \
    "SELECT datname FROM pg_database WHERE datname LIKE 'rtp_test_%'" 2>/dev/null |
    while read -r db; do psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS \"$db\"" || true; done
# --workspace keeps the feature set of the SQLite run: no rebuild.
TEST_DATABASE_URL="postgres://postgres@127.0.0.1:5432" run_cargo_tests --workspace --test api --test schema --locked

log "API fuzzing (schemathesis: anonymous, unit operator, reviewer, admin)"
bash scripts/schemathesis.sh

log "browser tests (headless Chromium)"
bash e2e/run.sh

log "all checks passed in $(( $(date +%s) - started )) s"
