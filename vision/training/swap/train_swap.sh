#!/usr/bin/env bash
# One command from the data folders to the shipped model, its card and its report:
#   train_swap.sh BUILD_DIR DATA_DIR WORK_DIR OUT_DIR [train.py options, e.g. --minutes 90]
# Needs python3-torch and python3-opencv (Debian). Re-running with the same WORK_DIR resumes training.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$1" data="$2" work="$3" out="$4"
shift 4
[[ -f "$work/train/crops.csv" ]] || bash "$here/prepare.sh" "$build" "$data" "$work"
/usr/bin/python3 "$here/train.py" "$work" "$out" "$@"
