"""Plain PyTorch twin of the reward trainer's DJL loop (issue 7, figure 1).

Reads the features file written by TrainerThroughputBenchmark (int32 n, int32 dim, then n rows of
response A = chosen, then n rows of B = rejected, float32 little endian), and trains the same model
as dev.assay.trainer.model.RewardNetwork (Linear(dim, hidden) -> ReLU -> Linear(hidden, 1), both
responses through the head in one concatenated batch) with the same loss as BradleyTerryLoss
(mean softplus(-(r_a - r_b)) + 0.01 * mean((r_a + r_b)^2)), AdamW lr 1e-3 wd 0.01, batch 32, a fresh
random order each epoch. One untimed warm-up epoch, then --epochs timed epochs.

Prints: TORCH pairs_per_s=... threads=... interop=... torch=... final_loss=...
Run with Debian's /usr/bin/python3 (python3-torch).
"""

import argparse
import time

import numpy as np
import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("features")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--interop", type=int, default=2)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--weight-decay", type=float, default=0.01)
    parser.add_argument("--centering", type=float, default=0.01)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(args.interop)  # DJL's PyTorch engine runs 2 inter-op threads here
    torch.manual_seed(args.seed)

    header = np.fromfile(args.features, dtype="<i4", count=2)
    n, dim = int(header[0]), int(header[1])
    data = np.fromfile(args.features, dtype="<f4", offset=8).reshape(2, n, dim)
    features_a = torch.from_numpy(np.ascontiguousarray(data[0]))
    features_b = torch.from_numpy(np.ascontiguousarray(data[1]))

    head = torch.nn.Sequential(
        torch.nn.Linear(dim, args.hidden), torch.nn.ReLU(), torch.nn.Linear(args.hidden, 1))
    optimizer = torch.optim.AdamW(head.parameters(), lr=args.lr, weight_decay=args.weight_decay)

    def epoch():
        total = torch.zeros(())
        order = torch.randperm(n)
        for start in range(0, n, args.batch):
            index = order[start:start + args.batch]
            a = features_a[index]
            b = features_b[index]
            rewards = head(torch.cat([a, b], 0)).reshape(-1)
            r_a, r_b = rewards[: len(index)], rewards[len(index):]
            loss = torch.nn.functional.softplus(-(r_a - r_b)).mean() \
                + args.centering * (r_a + r_b).square().mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.detach()
        return total.item() / ((n + args.batch - 1) // args.batch)

    epoch()  # warm-up, untimed
    start = time.perf_counter()
    loss = 0.0
    for _ in range(args.epochs):
        loss = epoch()
    seconds = time.perf_counter() - start
    print("TORCH pairs_per_s=%.1f threads=%d interop=%d torch=%s final_loss=%.4f seconds=%.2f n=%d dim=%d" % (
        args.epochs * n / seconds, torch.get_num_threads(), torch.get_num_interop_threads(),
        torch.__version__, loss, seconds, n, dim))


if __name__ == "__main__":
    main()
