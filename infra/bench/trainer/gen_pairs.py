"""Writes N synthetic preference pairs in HH-RLHF format (jsonl.gz) for the memory benchmark.

Prompts and responses are recombined from the shared HH-RLHF harmless dev pairs and the AlpacaEval
judged pairs with a fixed seed, so the output is the same on every run. Standard library only.
Usage: gen_pairs.py OUT.jsonl.gz [--pairs 100000] [--seed 7] [--data /work/shared/data]
"""

import argparse
import gzip
import json
import os
import random

ASSISTANT = "\n\nAssistant:"


def split_transcript(text):
    cut = text.rfind(ASSISTANT)
    return text[:cut], text[cut + len(ASSISTANT):].strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data", default="/work/shared/data")
    args = parser.parse_args()

    contexts, responses = [], []
    with gzip.open(os.path.join(args.data, "hh-rlhf-harmless-dev.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            for key in ("chosen", "rejected"):
                context, response = split_transcript(record[key])
                if response:
                    responses.append(response)
            contexts.append(split_transcript(record["chosen"])[0])
    with gzip.open(os.path.join(args.data, "alpaca-eval-judged-pairs-dev.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record.get("instruction"):
                contexts.append("\n\nHuman: " + record["instruction"])
            for key in ("output_1", "output_2"):
                if record.get(key):
                    responses.append(record[key])
    contexts = sorted(set(contexts))
    responses = sorted(set(responses))

    rng = random.Random(args.seed)
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=3) as out:
        for _ in range(args.pairs):
            context = rng.choice(contexts)
            first, second = rng.sample(responses, 2)
            out.write(json.dumps({"chosen": context + ASSISTANT + " " + first,
                                  "rejected": context + ASSISTANT + " " + second}) + "\n")
    print("wrote %d pairs (%d prompts x %d responses) to %s" % (args.pairs, len(contexts), len(responses), args.out))


if __name__ == "__main__":
    main()
