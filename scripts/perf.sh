#!/usr/bin/env bash
# Whole-process performance figures of fastmcp-auth against its budgets (docs/performance.md):
#   1. `generate` wall time against /bin/true and against the Python reference
#   2. wizard: process start to the first complete frame in a pseudo-terminal
#   3. wizard: idle CPU on every screen reachable by keys, keystroke round trip
#   4. peak resident memory   5. release binary size
# Prints a Markdown table (medians) and keeps the raw results in target/perf/.
#
# Usage: scripts/perf.sh [--quick] [--with-bench] [--no-python-reference]
#   --quick                fewer runs (a smoke test of the instruments, not for the README)
#   --with-bench           also run `cargo bench` (adds the in-process keystroke figure)
#   --no-python-reference  skip installing and timing MCPStore's builder
#
# Needs cargo and python3 (standard library only; 3.9+). The reference needs python3's venv
# and PyPI; GNU time (/usr/bin/time) gives peak memory and is installed with apt-get when
# missing and possible. Never reads the terminal: safe in CI and without a TTY.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
RESULTS=$ROOT/target/perf
REFERENCE_VENV=$ROOT/target/perf-mcpstore-venv
# The last mcpstore release that ships its auth builder (mcpstore.core.auth).
REFERENCE_PACKAGE="mcpstore==1.4.3013"

quick=0 with_bench=0 reference=1
for arg in "$@"; do
    case $arg in
        --quick) quick=1 ;;
        --with-bench) with_bench=1 ;;
        --no-python-reference) reference=0 ;;
        -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "perf.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
    esac
done
if ((quick)); then
    GEN_RUNS=100 REF_RUNS=5 WHOLE_RUNS=2 FRAME_RUNS=10 IDLE_SECONDS=1 KEYS=40
else
    GEN_RUNS=300 REF_RUNS=20 WHOLE_RUNS=5 FRAME_RUNS=30 IDLE_SECONDS=2 KEYS=200
fi

if ! command -v python3 >/dev/null; then
    echo "perf.sh: python3 is needed to drive the measurements (pty, timing)" >&2
    exit 2
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/fastmcp-auth-perf.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$RESULTS"
rm -f "$RESULTS"/*.json "$RESULTS"/*.txt

log() { echo "perf.sh: $*" >&2; }
export PYTHONDONTWRITEBYTECODE=1 # no __pycache__ next to the helpers

log "building the release binary"
cargo build --release --quiet </dev/null
BIN=$ROOT/target/release/fastmcp-auth

reference_note="skipped (--no-python-reference)"
reference_python=""
if ((reference)); then
    if [[ -x $REFERENCE_VENV/bin/python ]] &&
        "$REFERENCE_VENV/bin/python" -c "import importlib.util as u; assert u.find_spec('mcpstore')" 2>/dev/null; then
        reference_python=$REFERENCE_VENV/bin/python
    else
        log "installing the Python reference ($REFERENCE_PACKAGE) into ${REFERENCE_VENV#"$ROOT"/}"
        rm -rf "$REFERENCE_VENV"
        if python3 -m venv "$REFERENCE_VENV" >"$WORK/venv.log" 2>&1 &&
            timeout 600 "$REFERENCE_VENV/bin/pip" install --disable-pip-version-check --quiet \
                "$REFERENCE_PACKAGE" </dev/null >"$WORK/pip.log" 2>&1; then
            reference_python=$REFERENCE_VENV/bin/python
        else
            reference_note="not measured: $REFERENCE_PACKAGE did not install ($(tail -n 1 "$WORK/pip.log" "$WORK/venv.log" 2>/dev/null | grep -v '^==>' | grep . | tail -n 1))"
            log "$reference_note"
        fi
    fi
fi
[[ -n $reference_python ]] && reference_note="measured"

if [[ ! -x /usr/bin/time ]] && command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
    log "installing GNU time for peak-memory figures"
    { apt-get install -y -qq time || { apt-get update -qq && apt-get install -y -qq time; }; } \
        </dev/null >"$WORK/apt.log" 2>&1 || log "GNU time unavailable: no peak memory for processes"
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "load average before: $load_before (others may be compiling: figures are medians)"

log "timing generate, /bin/true and the reference (interleaved)"
{
    printf '[{"name": "true", "argv": ["/bin/true"], "runs": %d, "expect": ""},\n' "$GEN_RUNS"
    printf ' {"name": "generate", "runs": %d, "expect": "GoogleProvider", "argv": ["%s", "generate",' "$GEN_RUNS" "$BIN"
    printf ' "--provider", "google", "--env", "client_id=GOOGLE_CLIENT_ID", "--env",'
    printf ' "client_secret=GOOGLE_CLIENT_SECRET", "--set", "base_url=https://mcp.example.com"]}'
    if [[ -n $reference_python ]]; then
        printf ',\n {"name": "reference", "runs": %d, "expect": "GoogleProvider",' "$REF_RUNS"
        printf ' "argv": ["%s", "%s"]}' "$reference_python" "$ROOT/scripts/perf/mcpstore_google.py"
        printf ',\n {"name": "reference-whole-package", "runs": %d, "expect": "GoogleProvider",' "$WHOLE_RUNS"
        printf ' "argv": ["%s", "%s", "--whole-package"]}' "$reference_python" "$ROOT/scripts/perf/mcpstore_google.py"
    fi
    printf ']\n'
} >"$WORK/commands.json"
timeout 900 python3 scripts/perf/processes.py <"$WORK/commands.json" >"$RESULTS/processes.json"

log "wizard in a pseudo-terminal: first frame, keystrokes, idle CPU on every screen"
timeout 600 python3 scripts/perf/wizard.py "$BIN" "$WORK" --runs "$FRAME_RUNS" \
    --idle "$IDLE_SECONDS" --keys "$KEYS" </dev/null >"$RESULTS/wizard.json"

if ((with_bench)); then
    log "cargo bench (wizard keystrokes, generation, catalog)"
    cargo bench --quiet --bench wizard </dev/null >"$RESULTS/bench-wizard.txt" 2>&1
    cargo bench --quiet --bench generate </dev/null >"$RESULTS/bench-generate.txt" 2>&1
fi

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//' || true)
DATE=$(date -u +%Y-%m-%d) CPU=${cpu:-unknown CPU} CORES=$(nproc) LOAD_BEFORE=$load_before \
    LOAD_AFTER=$load_after BINARY_BYTES=$(stat -c %s "$BIN") REFERENCE_NOTE=$reference_note \
    python3 -c 'import json, os; json.dump({k.lower(): os.environ[k] for k in (
        "DATE", "CPU", "CORES", "LOAD_BEFORE", "LOAD_AFTER", "BINARY_BYTES", "REFERENCE_NOTE")},
        open(os.sys.argv[1], "w"))' "$RESULTS/meta.json"

python3 scripts/perf/report.py "$RESULTS"
log "raw results: ${RESULTS#"$ROOT"/}/"
