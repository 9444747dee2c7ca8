#!/usr/bin/env bash
# Execute every notebook of this folder headless, failing if any cell errors.
#
#   notebooks/run_notebooks.sh            # after `analyze batch datasets/research.example.toml`
#
# Environment:
#   ANALYZE_RUN     run folder the notebooks read (default: <repo>/output/research-example;
#                   a relative path is taken relative to the current directory)
#   NOTEBOOK_VENV   virtual environment to create or reuse
#                   (default: $HOME/.cache/analyze-notebooks-venv, shared by CI runs on one machine)
#   NOTEBOOK_OUT    folder for the executed copies (default: a new temporary folder)
#   PYTHON          interpreter used to create the environment (default: python3, needs >= 3.10)
#
# The committed notebooks are never modified: executed copies go to NOTEBOOK_OUT.
set -euo pipefail

NB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$NB_DIR")"
RUN="${ANALYZE_RUN:-$REPO/output/research-example}"
VENV="${NOTEBOOK_VENV:-$HOME/.cache/analyze-notebooks-venv}"
PYTHON="${PYTHON:-python3}"
KERNEL=analyze-notebooks

if [ ! -d "$RUN" ]; then
    echo "run_notebooks.sh: run folder $RUN not found." >&2
    echo "  Create it first, from the repository root: analyze batch datasets/research.example.toml" >&2
    echo "  (or set ANALYZE_RUN to another run folder)." >&2
    exit 2
fi
RUN="$(cd "$RUN" && pwd)"   # absolute: the notebooks run with notebooks/ as working directory

# 1. Virtual environment, reinstalled only when requirements.txt changes.
if [ ! -x "$VENV/bin/python" ]; then
    echo "creating virtual environment $VENV"
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
        || { echo "run_notebooks.sh: $PYTHON is older than 3.10" >&2; exit 2; }
    "$PYTHON" -m venv "$VENV"
fi
REQ_SHA="$(sha256sum "$NB_DIR/requirements.txt" | cut -d' ' -f1)"
STAMP="$VENV/.analyze-notebooks-requirements.sha256"
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$REQ_SHA" ]; then
    echo "installing notebooks/requirements.txt into $VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$NB_DIR/requirements.txt"
    echo "$REQ_SHA" > "$STAMP"
fi

# 2. A kernel inside the environment (not in ~/.local), so that the notebooks run
#    with this environment's packages whatever other "python3" kernels exist.
if [ ! -f "$VENV/share/jupyter/kernels/$KERNEL/kernel.json" ]; then
    "$VENV/bin/python" -m ipykernel install --prefix "$VENV" --name "$KERNEL" \
        --display-name "Python (analyze notebooks)" >/dev/null
fi

# 3. Execute each notebook into NOTEBOOK_OUT.
OUT="${NOTEBOOK_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/analyze-notebooks.XXXXXX")}"
mkdir -p "$OUT"
export ANALYZE_RUN="$RUN"
export TMPDIR="$OUT"    # temporary files of the notebooks (the trend figure) land next to the copies

"$VENV/bin/python" - "$NB_DIR" "$OUT" "$KERNEL" <<'PY'
import re, sys, time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

nb_dir, out_dir, kernel = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
failed = []
for path in sorted(nb_dir.glob("*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name=kernel,
                            resources={"metadata": {"path": str(nb_dir)}})
    # The kernel's own stderr (start-up chatter such as ipykernel's "running over TCP"
    # warning) goes to a log next to the executed copy, shown only if something fails.
    log_path = out_dir / (path.stem + ".kernel.log")
    start = time.monotonic()
    with open(log_path, "w") as log:
        try:
            client.execute(stderr=log)
            status = "ok"
        except Exception as err:  # a cell error, a timeout or a dead kernel
            status = "FAILED"
            failed.append(path.name)
            print(re.sub(r"\x1b\[[0-9;]*m", "", str(err)), file=sys.stderr)  # no terminal colours in logs
        finally:
            nbformat.write(nb, out_dir / path.name)
    if status != "ok" and log_path.stat().st_size:
        print(f"kernel log ({log_path}):\n{log_path.read_text()}", file=sys.stderr)
    print(f"{status:6} {path.name} ({time.monotonic() - start:.1f} s)")
print(f"executed notebooks: {out_dir}")
if failed:
    print(f"run_notebooks.sh: {len(failed)} notebook(s) failed: {', '.join(failed)}", file=sys.stderr)
    sys.exit(1)
PY
