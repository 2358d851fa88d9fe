#!/usr/bin/env bash
# Cuts the swap detector's crops from the data folders with the product's own exporter:
#   prepare.sh BUILD_DIR DATA_DIR WORK_DIR
# DATA_DIR is ../shared/data/faces (train/real, train/fake, train/stills_utkface for training;
# real/ and fake/ are the development set, cut into WORK_DIR/dev for checking only).
# Each training clip is also re-encoded once smaller and at a lower H.264 quality, as a call would.
set -euo pipefail
build="$1" data="$2" work="$3"
export_crops="$build/vision/vision_export_crops"
[[ -x "$export_crops" ]] || { echo "prepare.sh: build $export_crops first" >&2; exit 2; }
rm -rf "$work/train" "$work/dev" "$work/variants"
mkdir -p "$work/train" "$work/dev" "$work/variants"

for label in real fake; do
  for clip in "$data/train/$label"/*.mp4; do
    stem=$(basename "$clip" .mp4)
    ffmpeg -loglevel error -y -i "$clip" -vf "scale=trunc(iw*0.35)*2:-2" -c:v libx264 -crf 32 -an \
      "$work/variants/${stem}__crf32s70.mp4"
  done
  "$export_crops" "$work/train" --label "$label" --every 3 "$data/train/$label"/*.mp4 \
    $(ls "$work/variants"/*.mp4 | grep -F "$( [[ $label == real ]] && echo left_original || echo right_swapped)")
done
find "$data/train/stills_utkface" -name '*.jpg' -print0 | sort -z |
  xargs -0 "$export_crops" "$work/train" --label real --pad 60
"$export_crops" "$work/dev" --label real --every 3 "$data/real"/*.mp4 "$data/real"/*.jpg
"$export_crops" "$work/dev" --label fake --every 3 "$data/fake"/*.mp4 "$data/fake"/*.gif
