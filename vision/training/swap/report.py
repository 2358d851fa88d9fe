"""Clip-level figures for the swap detector: AUC, operating points with confidence intervals, and
the model card (swap_detector.json, read by the kiosk) and report (SWAP_MODEL_REPORT.md)."""
import datetime
import hashlib
import json
import math
import os
import re

import numpy as np

import data

# The cleared region stops this far below the lowest manipulated clip seen in validation: with a few
# dozen validation clips, the lowest fake seen is not the lowest fake there is.
CLEAR_MARGIN = 0.8


def auc(scores, labels):
    """Area under the ROC curve by ranks (ties count half); nan when one class is missing."""
    scores, labels = np.asarray(scores, float), np.asarray(labels, int)
    pos, neg = scores[labels == 1], scores[labels == 0]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


def wilson(k, n, z=1.96):
    """95 % Wilson interval of a share k/n."""
    if n == 0:
        return [0.0, 1.0]
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return [round(max(0.0, centre - half), 3), round(min(1.0, centre + half), 3)]


def clip_scores(rows, frame_scores, only_dfl=False, originals_only=True):
    """One score per clip, the mean frame probability, as the kiosk's analyser aggregates it.
    Re-encoded variants are left out unless asked: a clip is counted once."""
    clips = {}
    for r, s in zip(rows, frame_scores):
        if only_dfl and not r["clip"].startswith("dfl_"):
            continue
        if originals_only and "__" in r["clip"]:
            continue
        clips.setdefault(r["clip"], {"clip": r["clip"], "label": r["label"], "scores": []})["scores"].append(float(s))
    return [{"clip": c["clip"], "label": c["label"], "score": float(np.mean(c["scores"])), "frames": len(c["scores"])}
            for c in clips.values()]


def operating_points(clips):
    fakes = sorted(c["score"] for c in clips if c["label"] == 1)
    reals = sorted(c["score"] for c in clips if c["label"] == 0)
    thresholds = sorted(set([round(t, 4) for t in fakes + reals] + [0.05, 0.1, 0.2, 0.3, 0.5]))
    points = []
    for t in thresholds:
        cleared = sum(s < t for s in fakes)
        flagged = sum(s >= t for s in reals)
        points.append({"threshold": t, "fakes_cleared": cleared, "fakes": len(fakes),
                       "fakes_cleared_ci": wilson(cleared, len(fakes)),
                       "reals_flagged": flagged, "reals": len(reals), "reals_flagged_ci": wilson(flagged, len(reals))})
    return points


def pair_name(clip):
    m = re.match(r"dfl_(.+)_(left_original|right_swapped)$", clip)
    return m.group(1) if m else None


def per_pair(rows, scores):
    pairs = {}
    for r, s in zip(rows, scores):
        name = pair_name(r["clip"])
        if name:
            pairs.setdefault(name, {0: [], 1: []})[r["label"]].append(float(s))
    out = []
    for name, sides in sorted(pairs.items()):
        if sides[0] and sides[1]:
            out.append({"pair": name, "frame_auc": auc(sides[0] + sides[1], [0] * len(sides[0]) + [1] * len(sides[1])),
                        "real_mean": float(np.mean(sides[0])), "fake_mean": float(np.mean(sides[1]))})
    return out


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write(args, net, state, train_rows, val_rows, dev_rows, batches, onnx_path, predict):
    val_scores = predict([r["image"] for r in val_rows])
    dev_scores = predict([r["image"] for r in dev_rows])
    held = clip_scores(val_rows, val_scores, only_dfl=True)
    dev = clip_scores(dev_rows, dev_scores)
    validation = held + dev  # never fitted on: held-out people of the training data, and the development set
    points = operating_points(validation)
    fakes = [c["score"] for c in validation if c["label"] == 1]
    clear_below = round(CLEAR_MARGIN * min(fakes), 4) if fakes else 0.0
    cleared_reals = sum(c["score"] < clear_below for c in validation if c["label"] == 0)
    reals = sum(c["label"] == 0 for c in validation)
    dfl_dev = [c for c in dev if c["clip"].startswith("dfl_")]
    card = {
        "model": os.path.basename(onnx_path),
        "sha256": sha256(onnx_path),
        "input": {"size": data.CROP, "layout": "swap_layout (vision/swap_crop.h)", "channels": "BGR", "scale": 1 / 255},
        "clip_score": "mean of the frame probabilities",
        "clear_below": clear_below,
        "clear_rule": f"{CLEAR_MARGIN} x the lowest validation fake's clip score",
        "validation_clips": {"reals": reals, "fakes": len(fakes)},
        "at_clear_below": {"fakes_cleared": sum(s < clear_below for s in fakes), "fakes": len(fakes),
                           "fakes_cleared_ci": wilson(sum(s < clear_below for s in fakes), len(fakes)),
                           "reals_cleared": cleared_reals, "reals": reals},
        "operating_points": points,
        "held_out_clip_auc": auc([c["score"] for c in held], [c["label"] for c in held]),
        "dev_clip_auc": auc([c["score"] for c in dev], [c["label"] for c in dev]),
        "dev_dfl_clip_auc": auc([c["score"] for c in dfl_dev], [c["label"] for c in dfl_dev]),
        "trained_steps": state["step"], "trained_minutes": round(state["seconds"] / 60, 1),
        "kept_step": state["best"]["step"], "seed": args.seed,
    }
    with open(os.path.join(args.out, "swap_detector.json"), "w") as f:
        json.dump(card, f, indent=1)
    write_markdown(args, card, state, train_rows, val_rows, dev_rows, batches, held, dev,
                   per_pair(dev_rows, dev_scores), per_pair(val_rows, val_scores))


def write_markdown(args, card, state, train_rows, val_rows, dev_rows, batches, held, dev, dev_pairs, held_pairs):
    lines = [
        "# Learned swap detector: model report",
        "",
        f"Written by `vision/training/swap/train.py` on {datetime.date.today()} "
        f"(`train_swap.sh` reproduces it from the data folders). Every figure below is computed by the "
        "training program from the model it exported; none is typed in.",
        "",
        "## Model",
        f"`{card['model']}` (sha256 `{card['sha256']}`), a 7-layer CNN on the 112 px crop of "
        "`vision/swap_crop.h`, cut by the kiosk's own tracker. Output: the probability that the face is "
        "manipulated; a clip's score is the mean over its scored frames.",
        f"Trained {card['trained_steps']} steps ({card['trained_minutes']} min on the CPU, batch {args.batch}); "
        f"kept the checkpoint at step {card['kept_step']}, the one that validated best on held-out people.",
        "",
        "## Data and licences",
        f"- Real: {len(batches.real_stills)} UTKFace stills and {len(batches.real_frames)} frames of DeepFaceLive "
        "originals (each clip also once re-encoded at 70 % size, H.264 CRF 32).",
        f"- Fake: self-blended images made on the fly from every real crop (Shiohara & Yamasaki, CVPR 2022, "
        f"written from the paper) and {len(batches.fake_frames)} frames of DeepFaceLive swaps.",
        "- UTKFace is for non-commercial research only, and the DeepFaceLive footage is its author's demo "
        "material (internal research use). **A site that deploys the kiosk commercially must retrain on "
        "its own consented recordings** (`vision/training/swap/train_swap.sh` with its own folders) before use.",
        f"- Validation by person, never by frame: the DeepFaceLive people {', '.join(sorted({data.group_of(r['clip']) for r in val_rows if r['clip'].startswith('dfl_')}))} "
        f"and 10 % of the stills are held out of training ({len(val_rows)} crops). The development set "
        f"(`faces/real`, `faces/fake`, {len(dev_rows)} crops) is never trained on.",
        "",
        "## Clip-level figures",
        f"- Held-out DeepFaceLive people: clip AUC **{card['held_out_clip_auc']:.3f}** ({len(held)} clips).",
        f"- Development set: clip AUC **{card['dev_clip_auc']:.3f}** ({len(dev)} clips), DeepFaceLive pairs only "
        f"**{card['dev_dfl_clip_auc']:.3f}**.",
        "",
        "| clip | label | frames | score |", "|---|---|---|---|",
    ]
    for c in sorted(held + dev, key=lambda c: (c["label"], c["score"])):
        lines.append(f"| {c['clip']} | {'fake' if c['label'] else 'real'} | {c['frames']} | {c['score']:.3f} |")
    lines += ["", "### Per pair (frame AUC inside the pair; the fake should score higher)", "",
              "| pair | set | frame AUC | real mean | fake mean |", "|---|---|---|---|---|"]
    for name, pairs in (("development", dev_pairs), ("held out", held_pairs)):
        for p in pairs:
            lines.append(f"| {p['pair']} | {name} | {p['frame_auc']:.3f} | {p['real_mean']:.3f} | {p['fake_mean']:.3f} |")
    a = card["at_clear_below"]
    lines += ["", "## Operating points (validation clips: held-out people and the development set)", "",
              f"The kiosk clears a face only when its clip score is below **{card['clear_below']}** "
              f"({card['clear_rule']}). There: {a['fakes_cleared']} of {a['fakes']} fakes cleared "
              f"(95 % CI {a['fakes_cleared_ci'][0]:.0%}–{a['fakes_cleared_ci'][1]:.0%}), "
              f"{a['reals_cleared']} of {a['reals']} real clips cleared; every other face goes to review.", "",
              "| threshold | fakes let through | 95 % CI | reals flagged | 95 % CI |", "|---|---|---|---|---|"]
    for p in card["operating_points"]:
        lines.append(f"| {p['threshold']:.4f} | {p['fakes_cleared']}/{p['fakes']} | {p['fakes_cleared_ci'][0]:.2f}–"
                     f"{p['fakes_cleared_ci'][1]:.2f} | {p['reals_flagged']}/{p['reals']} | "
                     f"{p['reals_flagged_ci'][0]:.2f}–{p['reals_flagged_ci'][1]:.2f} |")
    lines += ["", "## Training history (validation every ~4 min)", "",
              "| step | minutes | loss | held-out clip AUC | held-out self-blend AUC |", "|---|---|---|---|---|"]
    for h in state["history"]:
        lines.append(f"| {h['step']} | {h['minutes']} | {h['loss']:.3f} | {h['clip_auc']:.3f} | {h['self_blend_auc']:.3f} |")
    with open(os.path.join(args.out, "SWAP_MODEL_REPORT.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
