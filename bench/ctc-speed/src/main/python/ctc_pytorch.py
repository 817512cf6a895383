"""The PyTorch twin of Hark's ctc training run, for bench/ctc-speed.sh (see docs/benchmarks.md).

Reads the features Hark's LogMel computed (CtcSpeedBench writes them), builds the same model (two causal Conv1d with
stride 2 and ReLU, a one-layer LSTM, a linear layer, log-softmax), trains it with the same batching (shuffle, sort
within groups of 16 batches' worth, batches filled up to the same budget of padded frames, shuffle the batches), Adam with element-wise gradient clipping at 5 (DJL's adamUpdate
clipGradient), the same warm-up + cosine schedule and PyTorch's own CTC loss, on one intra-op thread. The same augmentation
(gain, tempo, band and time masks) is applied on the training thread, so a step is building the augmented padded batch,
forward, loss, backward, update (Hark builds the next batch on a second thread while a step runs; the CPU columns count
both). Prints one JSON line.
"""
import argparse
import json
import math
import random
import struct
import time

import numpy as np
import torch
import torch.nn.functional as F

GROUP_BATCHES = 16
FRAME_QUANTUM = 16
MAX_BATCH_FACTOR = 4


def read_features(path):
    with open(path, "rb") as f:
        data = f.read()
    pos = 0

    def i():
        nonlocal pos
        v = struct.unpack_from("<i", data, pos)[0]
        pos += 4
        return v

    def s():
        nonlocal pos
        n = i()
        v = data[pos:pos + n].decode("utf-8")
        pos += n
        return v

    def floats(n):
        nonlocal pos
        v = np.frombuffer(data, dtype="<f4", count=n, offset=pos)
        pos += 4 * n
        return v

    assert i() == 0x48434643, "not a features file"
    bands = i()
    vocabulary = [s() for _ in range(i())]
    mean = floats(bands).copy()
    std = floats(bands).copy()
    utterances = []
    for _ in range(i()):
        split = i()
        text = s()
        family = s()
        seconds = floats(1)[0]
        labels = [i() for _ in range(i())]
        frames = i()
        feats = floats(frames * bands).reshape(frames, bands)
        utterances.append(dict(split=split, text=text, family=family, seconds=float(seconds), labels=labels, feats=feats))
    return bands, vocabulary, mean, std, utterances


class Net(torch.nn.Module):
    def __init__(self, bands, classes, channels=128, kernel=5, hidden=128):
        super().__init__()
        self.kernel = kernel
        self.conv1 = torch.nn.Conv1d(bands, channels, kernel, stride=2)
        self.conv2 = torch.nn.Conv1d(channels, channels, kernel, stride=2)
        self.lstm = torch.nn.LSTM(channels, hidden, num_layers=1, batch_first=True)
        self.out = torch.nn.Linear(hidden, classes)
        # DJL's default initialization, so that both start alike: weights XavierInitializer(GAUSSIAN, IN, 2), i.e. a
        # normal with deviation sqrt(2 / fan_in) (torch's kaiming_normal_), biases zeros
        for name, p in self.named_parameters():
            if ".weight" in name:
                torch.nn.init.kaiming_normal_(p, mode="fan_in", nonlinearity="relu")
            else:
                torch.nn.init.zeros_(p)

    def forward(self, x):  # (B, T, F)
        x = x.transpose(1, 2)
        x = F.relu(self.conv1(F.pad(x, (self.kernel - 1, 0))))
        x = F.relu(self.conv2(F.pad(x, (self.kernel - 1, 0))))
        x, _ = self.lstm(x.transpose(1, 2))
        return F.log_softmax(self.out(x), dim=2)


def output_frames(frames):
    for _ in range(2):
        frames = (frames + 1) // 2
    return frames


def padded(frames):
    """Hark's Batches.padded: frames rounded up to a multiple of FRAME_QUANTUM."""
    return (frames + FRAME_QUANTUM - 1) // FRAME_QUANTUM * FRAME_QUANTUM


def frame_budget(train, batch):
    """Hark's Batches.frameBudget: batch utterances of the training set's mean length, padded."""
    return batch * padded(math.ceil(sum(len(u["feats"]) for u in train) / len(train)))


def spread_around(times, half=50):
    """Hark's ProgressReporter.localSpread: p99 of each step's time over the median of the up to 101 steps around it."""
    if not times:
        return float("nan")
    ratios = []
    for i, t in enumerate(times):
        window = sorted(times[max(0, i - half):i + half + 1])
        ratios.append(t / window[len(window) // 2])
    ratios.sort()
    return ratios[min(len(ratios) - 1, int(len(ratios) * 0.99))]


def epoch_batches(train, batch, rng):
    """Hark's Batches.ofEpoch: groups of GROUP_BATCHES * batch utterances sorted by length, cut into batches filled up
    to the frame budget (at most MAX_BATCH_FACTOR * batch utterances), a group's last batch carried into the next group,
    the batches shuffled."""
    budget = frame_budget(train, batch)
    most = batch * MAX_BATCH_FACTOR
    order = list(train)
    rng.shuffle(order)
    group = batch * GROUP_BATCHES
    batches = []
    carried = []
    for g in range(0, len(order), group):
        chunk = sorted(carried + order[g:g + group], key=lambda u: len(u["feats"]))
        start = 0
        for i, u in enumerate(chunk):
            fits = (i + 1 - start) * padded(len(u["feats"])) <= budget and i - start < most
            if not fits and i > start:
                batches.append(chunk[start:i])
                start = i
        carried = chunk[start:]  # the group's last batch goes on with the next group
    if carried:
        batches.append(carried)
    rng.shuffle(batches)
    return batches


def augment(raw, mean, std, min_frames, rng):
    """Hark's Augmentation: gain of up to +-6 dB, tempo 1 +- 0.1, two band masks (<= 5) and two time masks (<= 8)."""
    offset = (rng.random() * 2 - 1) * 6 * math.log(10) / 10
    factor = 1 + (rng.random() * 2 - 1) * 0.1
    frames = max(max(1, min_frames), int(round(len(raw) / factor)))
    at = np.linspace(0, len(raw) - 1, frames) if frames > 1 else np.zeros(1)
    i = at.astype(np.int64)
    j = np.minimum(len(raw) - 1, i + 1)
    w = (at - i)[:, None].astype(np.float32)
    out = ((raw[i] + w * (raw[j] - raw[i]) + np.float32(offset)) - mean) / std
    bands = out.shape[1]
    for _ in range(2):
        width = rng.randrange(6)
        start = rng.randrange(bands - width + 1)
        out[:, start:start + width] = 0
    for _ in range(2):
        width = min(rng.randrange(9), frames // 10)
        start = rng.randrange(frames - width + 1)
        out[start:start + width] = 0
    return out


def min_input_frames(labels):
    needed = len(labels) + sum(1 for a, b in zip(labels, labels[1:]) if a == b)
    return 1 + (needed - 1) * 4


def inputs(batch, mean, std, bands, rng=None):
    each = [augment(u["feats"], mean, std, min_input_frames(u["labels"]), rng) if rng else (u["feats"] - mean) / std for u in batch]
    longest = max(len(f) for f in each)
    if rng:
        longest = padded(longest)  # training batches, as Hark's Batches.prepare
    x = np.zeros((len(batch), longest, bands), dtype=np.float32)
    for b, f in enumerate(each):
        x[b, :len(f)] = f
    return torch.from_numpy(x), [len(f) for f in each]


def learning_rate(peak, warmup, total, step):
    if warmup > 0 and step < warmup:
        return peak * (step + 1) / warmup
    progress = 1.0 if total <= warmup else (step - warmup) / max(1, total - warmup)
    return peak * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


def edits(a, b):
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--features", required=True)
    p.add_argument("--epochs", type=int, default=8)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--lr", type=float, default=0.003)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--frames-per-output", type=int, default=4)
    p.add_argument("--augment", type=int, default=1, help="1: Hark's augmentation on the training thread; 0: none")
    a = p.parse_args()
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    bands, vocabulary, mean, std, utts = read_features(a.features)
    train = [u for u in utts if u["split"] == 0]
    val = [u for u in utts if u["split"] == 1]
    model = Net(bands, len(vocabulary) + 1)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr, betas=(0.9, 0.999), eps=1e-8)
    # each epoch's batches from a generator of its own (as Hark's Batches.ofEpoch), so that the schedule's total is
    # the steps taken; the augmentation draws from rng
    def batches_of(epoch):
        return epoch_batches(train, a.batch, random.Random(a.seed * 1_000_003 + epoch))
    total = sum(len(batches_of(e)) for e in range(a.epochs))
    warmup = min(200, max(1, total // 10))
    step = 0
    times = []
    steady = []  # step times after the first epoch (as Hark's worker reports them)
    audio = 0.0
    cpu = 0.0
    wall = 0.0
    for epoch in range(a.epochs):
        model.train()
        cpu0, wall0 = time.process_time(), time.perf_counter()
        losses = []
        for batch in batches_of(epoch):
            began = time.perf_counter()
            x, frames = inputs(batch, mean, std, bands, rng if a.augment else None)
            for g in opt.param_groups:
                g["lr"] = learning_rate(a.lr, warmup, total, step)
            logp = model(x)
            in_len = torch.tensor([output_frames(f) for f in frames], dtype=torch.long)
            targets = torch.tensor([l for u in batch for l in u["labels"]], dtype=torch.long)
            tgt_len = torch.tensor([len(u["labels"]) for u in batch], dtype=torch.long)
            loss = F.ctc_loss(logp.transpose(0, 1), targets, in_len, tgt_len, blank=0, reduction="mean", zero_infinity=True)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_value_(model.parameters(), 5.0)
            opt.step()
            losses.append(loss.item())
            times.append((time.perf_counter() - began) * 1000)
            if epoch > 0:
                steady.append(times[-1])
            audio += sum(u["seconds"] for u in batch)
            step += 1
        cpu += time.process_time() - cpu0
        wall += time.perf_counter() - wall0
        print(f"epoch {epoch + 1}/{a.epochs}: train loss {sum(losses) / len(losses):.4f}", flush=True)
    model.eval()
    char_edits = chars = word_edits = words = 0
    family = {}
    with torch.no_grad():
        for u in val:
            logp = model(inputs([u], mean, std, bands)[0])[0]
            ids = logp.argmax(dim=1).tolist()
            out, prev = [], 0
            for k in ids:
                if k != prev and k != 0:
                    out.append(vocabulary[k - 1])
                prev = k
            hyp = "".join(out).strip()
            char_edits += edits(u["text"], hyp)
            chars += len(u["text"])
            we = edits(u["text"].split(), hyp.split())
            word_edits += we
            words += len(u["text"].split())
            f = family.setdefault(u["family"], [0, 0])
            f[0] += we
            f[1] += len(u["text"].split())
    # the last 2,000 steps, as Hark's worker keeps them (ProgressReporter.RECENT)
    times = sorted(times[-2000:])
    local_spread = spread_around(steady[-2000:])
    steady = sorted(steady[-2000:])
    steady = steady or [float("nan")]
    print(json.dumps(dict(audio_per_cpu=audio / cpu, audio_per_wall=audio / wall, p50_ms=times[len(times) // 2],
                          p99_ms=times[min(len(times) - 1, int(len(times) * 0.99))], steady_p50_ms=steady[len(steady) // 2],
                          steady_p99_ms=steady[min(len(steady) - 1, int(len(steady) * 0.99))],
                          steady_local_spread=local_spread, cer=char_edits / max(1, chars),
                          wer=word_edits / max(1, words), steps=step, audio_seconds=audio, cpu_seconds=cpu,
                          family_wer={k: v[0] / max(1, v[1]) for k, v in sorted(family.items())})), flush=True)


if __name__ == "__main__":
    main()
