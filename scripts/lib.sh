# Shared helpers of the scripts; sourced, not run.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

log() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }

# Debian packages, installed only when missing (apt-get update once per run).
APT_UPDATED=""
ensure_apt() {
    local pkg="$1" probe="$2"
    if ! command -v "$probe" >/dev/null 2>&1; then
        log "installing $pkg (Debian)"
        if [ -z "$APT_UPDATED" ]; then
            DEBIAN_FRONTEND=noninteractive apt-get update -qq
            APT_UPDATED=1
        fi
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null
    fi
}

# PostgreSQL for the API tests: start the local cluster when it is not answering.
ensure_postgres() {
    if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
        return 0
    fi
    log "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
    for _ in $(seq 1 30); do
        pg_isready -h 127.0.0.1 -p 5432 -q && return 0
        sleep 1
    done
    echo "PostgreSQL did not start" >&2
    return 1
}

# The test runner: nextest when installed, cargo test otherwise.
run_cargo_tests() {
    if cargo nextest --version >/dev/null 2>&1; then
        cargo nextest run --no-fail-fast "$@"
    else
        cargo test --no-fail-fast "$@"
    fi
}
