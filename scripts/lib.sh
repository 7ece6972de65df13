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

# A Debian package probed by a file it installs (a font, a data file) rather than a command.
ensure_apt_file() {
    local pkg="$1" file="$2"
    if [ ! -e "$file" ]; then
        log "installing $pkg (Debian)"
        if [ -z "$APT_UPDATED" ]; then
            DEBIAN_FRONTEND=noninteractive apt-get update -qq
            APT_UPDATED=1
        fi
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null
    fi
}

# The CJK font the withholding slip (代扣受理单 PDF) embeds; `[withholding] slip_font`.
ensure_slip_font() {
    ensure_apt_file fonts-wqy-zenhei /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
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

# The local SMTP sink with a web page (npm maildev, pinned in scripts/mail-sink/): the platform
# sends real SMTP to it, and every mail shows on its page. Installs it on first use.
#   start_mail_sink SMTP_PORT WEB_PORT MAIL_DIR LOG  -> sets MAIL_SINK_PID (empty when reused)
# A sink already answering on WEB_PORT (e.g. from an earlier `scripts/dev.sh`) is reused.
MAIL_SINK_DIR="$ROOT/scripts/mail-sink"
start_mail_sink() {
    local smtp="$1" web="$2" dir="$3" logfile="$4"
    MAIL_SINK_PID=""
    if curl -fsS "http://127.0.0.1:$web/api/email" >/dev/null 2>&1; then
        log "a mail sink already answers on 127.0.0.1:$web: using it"
        return 0
    fi
    if [ ! -x "$MAIL_SINK_DIR/node_modules/.bin/maildev" ]; then
        log "installing the mail sink (npm maildev, scripts/mail-sink)"
        (cd "$MAIL_SINK_DIR" && npm ci --no-audit --no-fund --silent --loglevel=error)
    fi
    mkdir -p "$dir"
    "$MAIL_SINK_DIR/node_modules/.bin/maildev" --ip 127.0.0.1 --web-ip 127.0.0.1 \
        --smtp "$smtp" --web "$web" --mail-directory "$dir" >"$logfile" 2>&1 &
    MAIL_SINK_PID=$!
    for _ in $(seq 1 60); do
        curl -fsS "http://127.0.0.1:$web/api/email" >/dev/null 2>&1 && return 0
        kill -0 "$MAIL_SINK_PID" 2>/dev/null || break
        sleep 0.5
    done
    echo "the mail sink did not start (ports $smtp/$web taken?):" >&2
    cat "$logfile" >&2
    return 1
}

# A real S3-compatible server for the API tests' attachment suite (crates s3s-fs, storing
# under a temporary directory), installed on first use. 0.14 is the newest whose
# rust-version our toolchain meets (0.15 needs rustc 1.96); a cold install takes ~3–5 min.
#   start_s3_server DIR LOG  -> exports TEST_S3_URL, sets S3_SERVER_PID
# A TEST_S3_URL already set (e.g. a Garage or MinIO of the caller's) is used as it is.
S3S_FS_VERSION="0.14.0"
start_s3_server() {
    local dir="$1" logfile="$2" port
    S3_SERVER_PID=""
    if [ -n "${TEST_S3_URL:-}" ]; then
        log "S3 for the tests: the TEST_S3_URL given"
        return 0
    fi
    if [ "$(s3s-fs --version 2>/dev/null || true)" != "s3s-fs $S3S_FS_VERSION" ]; then
        log "installing s3s-fs $S3S_FS_VERSION (an S3-compatible server for the tests; a few minutes)"
        cargo install s3s-fs --version "$S3S_FS_VERSION" --features binary --locked
    fi
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    # A bucket of s3s-fs is a directory of its root.
    mkdir -p "$dir/rtp-test"
    s3s-fs --host 127.0.0.1 --port "$port" --access-key rtp-test --secret-key rtp-test-secret \
        "$dir" >"$logfile" 2>&1 &
    S3_SERVER_PID=$!
    for _ in $(seq 1 60); do
        # Any HTTP answer (403 to an unsigned request) means it listens.
        if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" || true)" != "000" ]; then
            export TEST_S3_URL="http://rtp-test:rtp-test-secret@127.0.0.1:$port/rtp-test"
            log "S3 for the tests: s3s-fs on 127.0.0.1:$port"
            return 0
        fi
        kill -0 "$S3_SERVER_PID" 2>/dev/null || break
        sleep 0.5
    done
    echo "the S3 test server did not start:" >&2
    cat "$logfile" >&2
    return 1
}
