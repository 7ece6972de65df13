# Recipes for everything typed twice. `just` is optional: each recipe is one script.

# Start the product (SPA + API + simulator on SQLite) on http://127.0.0.1:8080
dev:
    bash scripts/dev.sh

# Every check and test (SQLite, PostgreSQL, browser)
test:
    bash scripts/test.sh

# Format check and clippy, host and wasm32
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --exclude frontend --all-targets -- -D warnings
    cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

# Regenerate the committed OpenAPI document from the code
openapi:
    cargo run -q -p server -- openapi > openapi/openapi.json

# Browser tests only (builds the SPA and the server first)
e2e:
    bash scripts/build-spa.sh
    bash e2e/run.sh

# Build the SPA into frontend/dist
spa:
    bash scripts/build-spa.sh

# Import benchmark: a generated 50,000-row roster into SQLite and (with
# TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432) PostgreSQL; times and peak memory
bench rows="50000":
    cargo run --release -q -p server --bin bench_import {{rows}}

# Verification benchmark: one unit's roster (10,000 people by default) against the
# simulator's default limits, batch endpoints off and on, beside the physical limit; with
# TEST_DATABASE_URL also on PostgreSQL with two server instances
bench-verify people="10000":
    cargo build --release -q -p simulator
    cargo run --release -q -p server --bin bench_verify {{people}}

# Load benchmark: 100,000 people in four batches, the lists, searches and the export
# beside /healthz (10 connections, `requests` a line), page 4000 ÷ page 1, export ÷ bare
# write, import into a full table ÷ an empty one; with TEST_DATABASE_URL also PostgreSQL
bench-load people="100000" requests="3000":
    cargo run --release -q -p server --bin bench_load {{people}} {{requests}}
