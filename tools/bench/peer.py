#!/usr/bin/env python3
"""peer.py -- the same benchmark as bench.c, in PyTorch: the yardstick.

`make bench` runs this next to the C benchmark when `import torch` works
(Debian's python3-torch), and prints the ratio of the two. It trains the
same two networks as the trainer (model.h) on the same 8 000 training
digits, in order, at batch 64, on ONE thread, with SGD with momentum
(lr 0.01, mu 0.9), exactly as tools/bench/bench.c does:

    MLP  784 -> dense 128 -> ReLU -> dense 10
    CNN  1x28x28 -> conv 5x5, 8 -> ReLU -> max-pool 2
                 -> conv 5x5, 16 -> ReLU -> max-pool 2 -> dense 256 -> 10

One warm-up epoch, then EPOCHS timed epochs, each timed alone. PyTorch's
epoch times on one thread are bimodal (the same epoch takes 0.4 s or 1.5 s
from one run to the next, depending on the allocator and on which kernels
its heuristics pick), so the figure reported is the FASTEST epoch: the
yardstick at its best, which makes our ratio a conservative one.

Output: one line per model, "peer MODEL SECONDS_MIN SECONDS_MEDIAN", which
bench.c reads. Usage: peer.py DATA_DIR [EPOCHS]
"""
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn

BATCH = 64
LEARNING_RATE = 0.01
MOMENTUM = 0.9


def read_idx(path, header_ints):
    """An IDX file's payload as unsigned bytes (the header is big-endian)."""
    with open(path, "rb") as f:
        data = f.read()
    return np.frombuffer(data, dtype=np.uint8, offset=4 * header_ints)


def load(data_dir):
    images = read_idx(data_dir + "/train-images.idx3-ubyte", 4)
    labels = read_idx(data_dir + "/train-labels.idx1-ubyte", 2)
    images = torch.from_numpy(images.astype(np.float32) / 255.0).reshape(-1, 1, 28, 28)
    labels = torch.from_numpy(labels.astype(np.int64))
    return images, labels


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 8, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(256, 10))


def epoch(model, optimizer, images, labels):
    loss_fn = nn.CrossEntropyLoss()
    for start in range(0, len(images) - BATCH + 1, BATCH):
        optimizer.zero_grad()
        loss = loss_fn(model(images[start:start + BATCH]), labels[start:start + BATCH])
        loss.backward()
        optimizer.step()


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: peer.py DATA_DIR [EPOCHS]")
    epochs = int(sys.argv[2]) if len(sys.argv) == 3 else 7
    torch.set_num_threads(1)
    torch.manual_seed(1)
    images, labels = load(sys.argv[1])
    for name, build in (("mlp", mlp), ("cnn", cnn)):
        model = build()
        optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM)
        epoch(model, optimizer, images, labels)  # warm-up
        times = []
        for _ in range(epochs):
            start = time.perf_counter()
            epoch(model, optimizer, images, labels)
            times.append(time.perf_counter() - start)
        print("peer %s %.4f %.4f" % (name, min(times), statistics.median(times)), flush=True)
    print("peer torch %s" % torch.__version__)


if __name__ == "__main__":
    main()
