"""Paired statistics for retrospective post-then-pre scores.

Choices, also shown on the analysis page (see `method_note`):
- Zero differences (same score now as a year ago) are left out before ranking (Wilcoxon's
  original method, scipy `zero_method="wilcox"`); the sign test leaves them out too.
- Without tied differences and up to 50 pairs the exact distribution is used. With ties and up to
  16 pairs every one of the 2^n sign assignments is enumerated, which is exact for tied ranks as
  well. Larger groups get the normal approximation with tie correction.
- Effect size: the matched-pairs rank-biserial correlation r = (T+ - T-) / (T+ + T-) (Kerby 2014),
  from the same ranks as the test.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from scipy import stats

EXACT_MAX_N = 50
ENUMERATE_MAX_N = 16


@dataclass(frozen=True)
class PairedResult:
    n: int  # pairs with both scores
    n_zero: int  # pairs with no change
    median_now: float | None
    median_before: float | None
    median_diff: float | None
    mean_now: float | None
    mean_before: float | None
    mean_diff: float | None
    n_up: int
    n_down: int
    wilcoxon_statistic: float | None  # the smaller of T+ and T-
    wilcoxon_p: float | None
    method: str  # "exact", "enumerated", "normal", "" (no test possible)
    rank_biserial: float | None
    sign_p: float | None

    @property
    def n_nonzero(self) -> int:
        return self.n - self.n_zero


def signed_rank_sums(diffs: list[float]) -> tuple[float, float]:
    """T+ and T- over the non-zero differences, with average ranks for ties."""
    nonzero = [d for d in diffs if d != 0]
    ranks = stats.rankdata([abs(d) for d in nonzero])
    plus = float(sum(r for r, d in zip(ranks, nonzero, strict=True) if d > 0))
    minus = float(sum(r for r, d in zip(ranks, nonzero, strict=True) if d < 0))
    return plus, minus


def paired(pairs: list[tuple[float, float]]) -> PairedResult:
    """pairs: (now, before) per person."""
    now = [p[0] for p in pairs]
    before = [p[1] for p in pairs]
    diffs = [a - b for a, b in pairs]
    nonzero = [d for d in diffs if d != 0]
    n_up, n_down = sum(d > 0 for d in diffs), sum(d < 0 for d in diffs)

    def med(values):
        return float(statistics.median(values)) if values else None

    def mean(values):
        return float(statistics.fmean(values)) if values else None

    statistic = p_value = effect = sign_p = None
    method = ""
    if nonzero:
        plus, minus = signed_rank_sums(diffs)
        effect = (plus - minus) / (plus + minus)
        sign_p = float(stats.binomtest(n_up, n_up + n_down, 0.5).pvalue)
        tied = len({abs(d) for d in nonzero}) < len(nonzero)
        if not tied and len(nonzero) <= EXACT_MAX_N:
            method, scipy_method = "exact", "exact"
        elif len(nonzero) <= ENUMERATE_MAX_N:
            method, scipy_method = "enumerated", stats.PermutationMethod(n_resamples=2 ** len(nonzero))
        else:
            method, scipy_method = "normal", "asymptotic"
        result = stats.wilcoxon(nonzero, zero_method="wilcox", method=scipy_method)
        statistic, p_value = float(result.statistic), float(result.pvalue)
    return PairedResult(
        n=len(pairs),
        n_zero=len(diffs) - len(nonzero),
        median_now=med(now),
        median_before=med(before),
        median_diff=med(diffs),
        mean_now=mean(now),
        mean_before=mean(before),
        mean_diff=mean(diffs),
        n_up=n_up,
        n_down=n_down,
        wilcoxon_statistic=statistic,
        wilcoxon_p=p_value,
        method=method,
        rank_biserial=effect,
        sign_p=sign_p,
    )
