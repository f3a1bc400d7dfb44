"""The article-extraction benchmark's evaluation method (its ``evaluate.py``), reimplemented.

Both texts are cut into ``\\w+`` tokens and 4-token shingles; per page, true/false positives and
false negatives are counted over shingle multisets and normalised to sum to 1; precision is the
mean over pages with a prediction, recall the mean over pages with a truth, F1 the harmonic mean
of those two means; accuracy is the share of pages whose token sequence is exactly right; ± is
the bootstrap standard deviation (1,000 resamples, seeded).
"""

from __future__ import annotations

import random
import re
import statistics
from collections import Counter

N_BOOTSTRAP = 1000


_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def tokenize(text: str) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def ngrams(text: str, n: int = 4) -> list[tuple[str, ...]]:
    tokens = tokenize(text)
    result = []
    for i in range(0, max(1, len(tokens) - n + 1)):
        shingle = tuple(tokens[i: i + n])
        if shingle:
            result.append(shingle)
    return result


def shingle_matching(true: str, pred: str, n: int = 4) -> tuple[float, float, float]:
    """(tp, fp, fn) over shingle multisets, normalised so that long texts do not weigh more."""
    true_shingles, pred_shingles = Counter(ngrams(true, n)), Counter(ngrams(pred, n))
    tp = fp = fn = 0.0
    for key in set(true_shingles) | set(pred_shingles):
        t, p = true_shingles.get(key, 0), pred_shingles.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total > 0 else (tp, fp, fn)


def precision_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def metrics(tp_fp_fns: list[tuple[float, float, float]]) -> dict[str, float]:
    precision = statistics.mean([precision_score(*x) for x in tp_fp_fns if x[0] + x[1] > 0])
    recall = statistics.mean([recall_score(*x) for x in tp_fp_fns if x[0] + x[2] > 0])
    return {"f1": 2 * precision * recall / (precision + recall), "precision": precision, "recall": recall}


def accuracy(true: str, pred: str) -> float:
    return float(tokenize(true) == tokenize(pred))


def evaluate(truths: list[str], preds: list[str], n_bootstrap: int = N_BOOTSTRAP, seed: int = 0) -> dict:
    tp_fp_fns = [shingle_matching(t, p) for t, p in zip(truths, preds)]
    accuracies = [accuracy(t, p) for t, p in zip(truths, preds)]
    result: dict = metrics(tp_fp_fns)
    result["accuracy"] = statistics.mean(accuracies)
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {}
    n = len(tp_fp_fns)
    for _ in range(n_bootstrap):
        indices = [rng.randint(0, n - 1) for _ in range(n)]
        for key, value in metrics([tp_fp_fns[i] for i in indices]).items():
            samples.setdefault(key, []).append(value)
        samples.setdefault("accuracy", []).append(statistics.mean([accuracies[i] for i in indices]))
    for key, values in samples.items():
        result[f"{key}_std"] = statistics.stdev(values) if len(values) > 1 else 0.0
    # Per page F1 (not part of the benchmark's table): how the pages spread.
    per_page = [2 * precision_score(*x) * recall_score(*x) / (precision_score(*x) + recall_score(*x))
                if precision_score(*x) + recall_score(*x) else 0.0 for x in tp_fp_fns]
    result["page_f1_mean"] = statistics.mean(per_page)
    result["page_f1_median"] = statistics.median(per_page)
    result["per_page"] = per_page
    return result
