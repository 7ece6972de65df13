#!/usr/bin/env bash
# Builds the Leptos SPA into frontend/dist:
#   dist/index.html and dist/assets/<build hash>/{boot.js, style.css, frontend.js, frontend_bg.wasm}
# The server serves dist/ at / and answers every other non-/api path with dist/index.html;
# everything under assets/<hash>/ is named by its content, so the server lets browsers keep
# it for a year (index.html is revalidated each time). The boot code is a file, not an
# inline script, so the Content-Security-Policy needs no 'unsafe-inline'.
#
# Respects CARGO_TARGET_DIR (default: <repo>/target). wasm-opt (npm's binaryen only:
# Debian's binaryen breaks wasm-bindgen output) is used when frontend/node_modules/.bin/wasm-opt
# exists; SPA_WASM_OPT=1 installs it from npm first, SPA_WASM_OPT=0 skips it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$PWD/$TARGET_DIR" ;; esac
export CARGO_TARGET_DIR="$TARGET_DIR"
cd "$ROOT"

FRONTEND="$ROOT/frontend"
DIST="$FRONTEND/dist"
# wasm-bindgen's output is kept next to the compiled wasm, out of what is served.
PKG="$TARGET_DIR/spa-pkg"
TRIPLE=wasm32-unknown-unknown
PROFILE=release-wasm
WASM="$TARGET_DIR/$TRIPLE/$PROFILE/frontend.wasm"
BINARYEN_VERSION=132

log() { printf '[build-spa] %s\n' "$*" >&2; }

# 1. The wasm32 target.
if ! rustup target list --installed | grep -qx "$TRIPLE"; then
  log "installing the $TRIPLE target"
  rustup target add "$TRIPLE"
fi

# 2. The app (cargo is quick when nothing changed).
log "cargo build -p frontend --target $TRIPLE --profile $PROFILE"
cargo build -p frontend --target "$TRIPLE" --profile "$PROFILE"

# 3. wasm-bindgen CLI at exactly the library version in Cargo.lock.
WB_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [ -z "$WB_VERSION" ]; then
  log "cannot find wasm-bindgen in Cargo.lock"
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WB_VERSION" ]; then
  log "installing wasm-bindgen-cli $WB_VERSION (takes a few minutes)"
  # No --locked: its lock file pins a crate version the registry mirror lacks.
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

# 4. JS glue + final wasm, only when the compiled wasm changed.
WASM_OPT=""
if [ "${SPA_WASM_OPT:-}" = "0" ]; then
  WASM_OPT=""
elif [ -x "$FRONTEND/node_modules/.bin/wasm-opt" ]; then
  WASM_OPT="$FRONTEND/node_modules/.bin/wasm-opt"
elif [ "${SPA_WASM_OPT:-0}" = "1" ]; then
  log "installing binaryen@$BINARYEN_VERSION from npm into frontend/node_modules"
  npm install --prefix "$FRONTEND" --no-save --no-audit --no-fund "binaryen@$BINARYEN_VERSION" >&2
  WASM_OPT="$FRONTEND/node_modules/.bin/wasm-opt"
fi

mkdir -p "$PKG"
# The stamp says how dist/pkg was made, so adding wasm-opt later also redoes the step.
STAMP="$PKG/.build-stamp"
WANT_STAMP="wasm-bindgen=$WB_VERSION wasm-opt=${WASM_OPT:+yes}"
if [ ! -f "$PKG/frontend_bg.wasm" ] || [ ! -f "$PKG/frontend.js" ] || [ "$WASM" -nt "$STAMP" ] \
  || [ "$(cat "$STAMP" 2>/dev/null || true)" != "$WANT_STAMP" ]; then
  log "wasm-bindgen --target web"
  wasm-bindgen --target web --no-typescript --out-dir "$PKG" "$WASM"
  if [ -n "$WASM_OPT" ]; then
    log "wasm-opt -Oz"
    "$WASM_OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-reference-types \
      -o "$PKG/frontend_bg.wasm.opt" "$PKG/frontend_bg.wasm"
    mv "$PKG/frontend_bg.wasm.opt" "$PKG/frontend_bg.wasm"
  else
    log "wasm-opt not present: skipped (SPA_WASM_OPT=1 installs it from npm)"
  fi
  echo "$WANT_STAMP" > "$STAMP"
else
  log "wasm unchanged: wasm-bindgen skipped"
fi

# 5. The served files: a directory named by the content hash, index.html pointing into it.
BUILD_ID="$( (cd "$PKG" && find . -type f ! -name .build-stamp | LC_ALL=C sort | xargs cat) \
  | cat - "$FRONTEND/style.css" "$FRONTEND/boot.js" | sha256sum | cut -c1-12)"
ASSETS="$DIST/assets/$BUILD_ID"
if [ ! -d "$ASSETS" ]; then
  rm -rf "$ASSETS.tmp"
  mkdir -p "$ASSETS.tmp"
  cp -R "$PKG/." "$ASSETS.tmp/"
  rm -f "$ASSETS.tmp/.build-stamp"
  cp "$FRONTEND/style.css" "$FRONTEND/boot.js" "$ASSETS.tmp/"
  mv "$ASSETS.tmp" "$ASSETS"
fi
sed "s/__BUILD__/$BUILD_ID/g" "$FRONTEND/index.html" > "$DIST/index.html.tmp"
mv "$DIST/index.html.tmp" "$DIST/index.html"
# Older builds and the layout before assets/ (dist/pkg, dist/style.css) go.
find "$DIST/assets" -mindepth 1 -maxdepth 1 -type d ! -name "$BUILD_ID" -exec rm -rf {} +
rm -rf "$DIST/pkg" "$DIST/style.css"

log "done: $DIST (build $BUILD_ID, wasm $(wc -c < "$ASSETS/frontend_bg.wasm") bytes)"
