"""Crops written by vision_export_crops: reading them, grouping clips for validation, and the
self-blended images (Shiohara & Yamasaki, CVPR 2022) and augmentations the detector trains on."""
import csv
import os
import re

import cv2
import numpy as np

CROP = 112


def read_crops(folder):
    """Rows of folder/crops.csv with their image: dicts of clip, label (1 = fake), frame, image, points."""
    rows, unreadable = [], 0
    with open(os.path.join(folder, "crops.csv"), newline="") as f:
        for r in csv.reader(f):
            image = cv2.imread(os.path.join(folder, r[3]), cv2.IMREAD_COLOR) if len(r) == 4 + 136 else None
            if image is None or image.shape[:2] != (CROP, CROP):
                unreadable += 1
                continue
            points = np.array([float(v) for v in r[4:]], dtype=np.float32).reshape(68, 2)
            rows.append({"clip": r[0], "label": 1 if r[1] == "fake" else 0, "frame": int(r[2]),
                         "image": image, "points": points})
    if unreadable:
        print(f"{folder}: {unreadable} rows without a readable {CROP} px crop were left out", flush=True)
    return rows


def base_clip(clip):
    """A re-encoded variant (`name__crf30s75`) belongs to the clip it was made from."""
    return clip.split("__")[0]


def group_of(clip):
    """Clips of one person (one DeepFaceLive celebrity, its original and its swap) form one group, so
    that validation never holds a person seen in training; any other file is its own group."""
    m = re.match(r"dfl_(.+?)_\d+_(left_original|right_swapped)$", base_clip(clip))
    return m.group(1) if m else base_clip(clip)


def face_mask(points, rng):
    """A soft mask over the face: the landmark hull (brows lifted a little, as a swapper's mask
    reaches the forehead), deformed, eroded or dilated, feathered, then scaled by a blend ratio."""
    pts = points.copy()
    brows = slice(17, 27)
    lift = rng.uniform(0.0, 0.25) * (pts[8, 1] - pts[27, 1])
    pts[brows, 1] -= lift
    # An elastic squeeze of the hull around its centre: masks of real swappers vary in extent.
    centre = pts.mean(axis=0)
    pts = centre + (pts - centre) * rng.uniform(0.85, 1.1, size=(1, 2)).astype(np.float32)
    hull = cv2.convexHull(pts.astype(np.int32))
    mask = np.zeros((CROP, CROP), np.float32)
    cv2.fillConvexPoly(mask, hull, 1.0)
    k = int(rng.integers(1, 8)) * 2 + 1
    if rng.random() < 0.5:
        mask = cv2.erode(mask, np.ones((k, k), np.uint8))
    else:
        mask = cv2.dilate(mask, np.ones((k, k), np.uint8))
    blur = int(rng.integers(2, 10)) * 2 + 1
    mask = cv2.GaussianBlur(mask, (blur, blur), 0)
    mask *= rng.choice([0.25, 0.5, 0.75, 1.0, 1.0, 1.0])
    return mask[..., None]


def source_transform(image, rng):
    """The pseudo-source face: the same face recoloured, resharpened or softened and shifted a little,
    the mismatches a generator's output shows against the frame it is pasted into."""
    src = image.astype(np.float32)
    src += rng.uniform(-20, 20, size=(1, 1, 3))                     # colour cast
    src = (src - 128) * rng.uniform(0.85, 1.15) + 128 + rng.uniform(-15, 15)  # contrast, brightness
    src = np.clip(src, 0, 255).astype(np.uint8)
    choice = rng.random()
    if choice < 0.4:                                                # generator output is soft
        s = rng.uniform(0.35, 0.8)
        small = cv2.resize(src, None, fx=s, fy=s, interpolation=cv2.INTER_AREA)
        src = cv2.resize(small, (CROP, CROP), interpolation=cv2.INTER_LINEAR)
    elif choice < 0.6:
        src = cv2.GaussianBlur(src, (0, 0), rng.uniform(0.6, 1.6))
    elif choice < 0.75:
        blurred = cv2.GaussianBlur(src, (0, 0), 1.0)
        src = cv2.addWeighted(src, 1.6, blurred, -0.6, 0)
    sx, sy = rng.uniform(0.95, 1.05, size=2)
    tx, ty = rng.uniform(-0.03, 0.03, size=2) * CROP
    m = np.float32([[sx, 0, (1 - sx) * CROP / 2 + tx], [0, sy, (1 - sy) * CROP / 2 + ty]])
    return cv2.warpAffine(src, m, (CROP, CROP), borderMode=cv2.BORDER_REFLECT)


def self_blend(image, points, rng):
    mask = face_mask(points, rng)
    src = source_transform(image, rng).astype(np.float32)
    out = src * mask + image.astype(np.float32) * (1 - mask)
    return np.clip(out, 0, 255).astype(np.uint8)


def augment(image, rng):
    """What every crop goes through, real or fake, so that the label is never the only thing the
    encoding, scale, light or tracker jitter tells apart."""
    out = image
    if rng.random() < 0.5:
        out = out[:, ::-1].copy()
    a = rng.uniform(-4, 4)
    s = rng.uniform(0.95, 1.05)
    m = cv2.getRotationMatrix2D((CROP / 2, CROP / 2), a, s)
    m[:, 2] += rng.uniform(-3, 3, size=2)
    out = cv2.warpAffine(out, m, (CROP, CROP), borderMode=cv2.BORDER_REFLECT)
    if rng.random() < 0.8:
        hsv = cv2.cvtColor(out, cv2.COLOR_BGR2HSV).astype(np.float32)
        hsv[..., 0] = (hsv[..., 0] + rng.uniform(-5, 5)) % 180
        hsv[..., 1] *= rng.uniform(0.7, 1.3)
        hsv[..., 2] = hsv[..., 2] * rng.uniform(0.75, 1.25) + rng.uniform(-20, 20)
        out = cv2.cvtColor(np.clip(hsv, 0, 255).astype(np.uint8), cv2.COLOR_HSV2BGR)
    if rng.random() < 0.5:
        s = rng.uniform(0.4, 1.0)
        small = cv2.resize(out, None, fx=s, fy=s, interpolation=cv2.INTER_AREA)
        out = cv2.resize(small, (CROP, CROP), interpolation=cv2.INTER_LINEAR)
    if rng.random() < 0.25:
        out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.3, 1.2))
    if rng.random() < 0.2:
        noise = rng.normal(0, rng.uniform(1, 6), out.shape)
        out = np.clip(out.astype(np.float32) + noise, 0, 255).astype(np.uint8)
    if rng.random() < 0.85:
        ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(30, 96))])
        out = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    return out


def to_tensor_layout(images):
    """uint8 NHWC BGR -> float32 NCHW in 0..1, as cv::dnn::blobFromImage(crop, 1/255) gives."""
    return np.ascontiguousarray(np.stack(images).astype(np.float32).transpose(0, 3, 1, 2) / 255.0)
