"""Trains the learned face-swap detector from the crops prepare.sh cut, validates it by clip,
exports it to ONNX for cv::dnn and writes its model card (operating points) and report.

    /usr/bin/python3 train.py WORK_DIR OUT_DIR [--minutes M] [--seed S]

Resumable: WORK_DIR/checkpoint.pt is written every few minutes and picked up by the next run with
the same WORK_DIR, until the time budget (counted over all runs) is spent."""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
from torch import nn

import data
import report

VALIDATION_GROUPS = ["Bryan_Greynolds", "Emily_Winston", "Keanu_Reeves", "Tina_Shift"]
STILL_VALIDATION_SHARE = 0.1
SWAP_FRAME_SHARE = 0.3


class SwapNet(nn.Module):
    """A small CNN: 112 px in, four stride-2 stages, a pooled feature, one logit out (~0.3 M
    parameters, a few ms per face on one core in cv::dnn)."""

    def __init__(self):
        super().__init__()

        def block(cin, cout, stride):
            return [nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]

        layers = block(3, 16, 2) + block(16, 32, 2) + block(32, 32, 1) + block(32, 64, 2) + block(64, 64, 1)
        layers += block(64, 128, 2) + block(128, 128, 1)
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.drop = nn.Dropout(0.3)
        self.head = nn.Linear(128, 1)

    def forward(self, x):
        return self.head(self.drop(torch.flatten(self.pool(self.features(x)), 1)))


class Exported(nn.Module):
    """What ships: the probability that the crop is manipulated."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return torch.sigmoid(self.net(x))


def split(rows, rng):
    stills = sorted({r["clip"] for r in rows if not r["clip"].startswith("dfl_")})
    held_stills = set(rng.choice(stills, int(len(stills) * STILL_VALIDATION_SHARE), replace=False)) if stills else set()
    train, val = [], []
    for r in rows:
        held = data.group_of(r["clip"]) in VALIDATION_GROUPS or r["clip"] in held_stills
        (val if held else train).append(r)
    return train, val


class Batches:
    """Half real crops (stills and clip frames), half fakes (self-blends of real crops and frames
    of swapped clips); every crop then augmented the same way."""

    def __init__(self, rows, rng):
        self.rng = rng
        self.real_stills = [r for r in rows if r["label"] == 0 and not r["clip"].startswith("dfl_")]
        self.real_frames = [r for r in rows if r["label"] == 0 and r["clip"].startswith("dfl_")]
        self.fake_frames = [r for r in rows if r["label"] == 1]
        self.reals = self.real_stills + self.real_frames

    def pick(self, pool):
        return pool[int(self.rng.integers(len(pool)))]

    def real(self):
        use_stills = self.real_stills and (self.rng.random() < 0.5 or not self.real_frames)
        pool = self.real_stills if use_stills else self.real_frames
        return self.pick(pool)["image"]

    def fake(self):
        # Mostly self-blends: with only a few swapped pairs, more of them is memorised, not learned.
        if self.fake_frames and self.rng.random() < SWAP_FRAME_SHARE:
            return self.pick(self.fake_frames)["image"]
        r = self.pick(self.reals)
        return data.self_blend(r["image"], r["points"], self.rng)

    def next(self, size):
        half = size // 2
        images = [self.real() for _ in range(half)] + [self.fake() for _ in range(size - half)]
        labels = [0.0] * half + [1.0] * (size - half)
        images = [data.augment(i, self.rng) for i in images]
        return torch.from_numpy(data.to_tensor_layout(images)), torch.tensor(labels).unsqueeze(1)


def predict(net, images, batch=256):
    net.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(images), batch):
            x = torch.from_numpy(data.to_tensor_layout(images[i:i + batch]))
            out.append(torch.sigmoid(net(x)).squeeze(1).numpy())
    net.train()
    return np.concatenate(out) if out else np.zeros(0)


def self_blend_set(rows, seed):
    """A fixed set of self-blends of held-out real crops, for validating on faces never trained on."""
    rng = np.random.default_rng(seed)
    reals = [r for r in rows if r["label"] == 0]
    images = [r["image"] for r in reals] + [data.self_blend(r["image"], r["points"], rng) for r in reals]
    return images, np.array([0] * len(reals) + [1] * len(reals))


def validate(net, val_rows, sbi_images, sbi_labels):
    frame_scores = predict(net, [r["image"] for r in val_rows])
    clips = report.clip_scores(val_rows, frame_scores, only_dfl=True)
    sbi = report.auc(predict(net, sbi_images), sbi_labels)
    return {"clip_auc": report.auc([c["score"] for c in clips], [c["label"] for c in clips]),
            "self_blend_auc": sbi, "clips": len(clips)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("work")
    ap.add_argument("out")
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)

    rows = data.read_crops(os.path.join(args.work, "train"))
    dev_rows = data.read_crops(os.path.join(args.work, "dev"))
    train_rows, val_rows = split(rows, rng)
    sbi_images, sbi_labels = self_blend_set([r for r in val_rows if not r["clip"].startswith("dfl_")], args.seed)
    batches = Batches(train_rows, rng)
    print(f"train crops {len(train_rows)} (stills {len(batches.real_stills)}, real frames {len(batches.real_frames)},"
          f" fake frames {len(batches.fake_frames)}); validation crops {len(val_rows)}; dev crops {len(dev_rows)}",
          flush=True)

    net = SwapNet()
    optimiser = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-3)
    loss_fn = nn.BCEWithLogitsLoss()
    checkpoint = os.path.join(args.work, "checkpoint.pt")
    state = {"step": 0, "seconds": 0.0, "history": [], "best": None}
    if os.path.exists(checkpoint):
        saved = torch.load(checkpoint)
        net.load_state_dict(saved["net"])
        optimiser.load_state_dict(saved["optimiser"])
        state = saved["state"]
        print(f"resumed at step {state['step']} after {state['seconds'] / 60:.1f} min", flush=True)

    budget = args.minutes * 60
    last_check = state["seconds"]
    started = time.time() - state["seconds"]
    while state["seconds"] < budget:
        # Cosine decay over the whole budget, so a resumed run continues the same schedule.
        lr = 2e-3 * 0.5 * (1 + math.cos(math.pi * min(1.0, state["seconds"] / budget)))
        for group in optimiser.param_groups:
            group["lr"] = max(lr, 5e-5)
        x, y = batches.next(args.batch)
        loss = loss_fn(net(x), y)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        state["step"] += 1
        state["seconds"] = time.time() - started
        if state["seconds"] - last_check > 240 or state["seconds"] >= budget:
            last_check = state["seconds"]
            metrics = validate(net, val_rows, sbi_images, sbi_labels)
            metrics.update(step=state["step"], minutes=round(state["seconds"] / 60, 1), loss=float(loss))
            state["history"].append(metrics)
            print(json.dumps(metrics), flush=True)
            # The model kept is the one that validates best on held-out people (swaps and self-blends).
            merit = metrics["clip_auc"] + metrics["self_blend_auc"]
            if state["best"] is None or merit >= state["best"]["merit"]:
                state["best"] = {"merit": merit, "step": state["step"], "metrics": metrics}
                torch.save(net.state_dict(), os.path.join(args.work, "best.pt"))
            torch.save({"net": net.state_dict(), "optimiser": optimiser.state_dict(), "state": state}, checkpoint)

    net.load_state_dict(torch.load(os.path.join(args.work, "best.pt")))
    net.eval()
    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, "swap_detector.onnx")
    torch.onnx.export(Exported(net), torch.zeros(1, 3, data.CROP, data.CROP), onnx_path, opset_version=11,
                      input_names=["crop"], output_names=["manipulated"], dynamic_axes={"crop": {0: "n"}})
    report.write(args, net, state, train_rows, val_rows, dev_rows, batches, onnx_path,
                 lambda images: predict(net, images))


if __name__ == "__main__":
    main()
