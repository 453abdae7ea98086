"""Paired statistics for retrospective post-then-pre scores.

Choices, also shown on the analysis page (see `method_note`):
- Zero differences (same score now as a year ago) are left out before ranking (Wilcoxon's
  original method, scipy `zero_method="wilcox"`); the sign test leaves them out too.
- Without tied differences and up to 50 pairs scipy's exact distribution is used. With tied
  differences and up to 50 pairs the p-value counts every one of the 2^n sign assignments of the
  (average) ranks, which is exact for tied ranks as well; scipy's permutation method does the same
  but takes tens of seconds from n = 13 on, so the count is done here by dynamic programming (and
  tested against brute force and scipy). Larger groups get scipy's normal approximation with tie
  correction.
- Effect size: the matched-pairs rank-biserial correlation r = (T+ - T-) / (T+ + T-) (Kerby 2014),
  from the same ranks as the test.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from scipy import stats

EXACT_MAX_N = 50
# With fewer than six pairs that changed, no two-sided signed-rank test can reach p < 0.05 (the
# smallest possible p with five pairs is 2/32 = 0.0625): a p-value or effect size from so few people
# says nothing, so pages show "too little data" instead of, say, p = 1.000 with n = 1.
MIN_PAIRS_FOR_A_TEST = 6

# What the analysis page calls each method (the codes are scipy's words and stay out of the page).
METHOD_LABELS = {
    "exact": _("exact distribution"),
    "enumerated": _("all sign assignments counted"),
    "normal": _("normal approximation"),
}


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
    def method_label(self) -> str:
        return str(METHOD_LABELS.get(self.method, self.method))

    @property
    def n_nonzero(self) -> int:
        return self.n - self.n_zero

    @property
    def enough_for_a_test(self) -> bool:
        return self.n_nonzero >= MIN_PAIRS_FOR_A_TEST


def signed_rank_sums(diffs: list[float]) -> tuple[float, float]:
    """T+ and T- over the non-zero differences, with average ranks for ties."""
    nonzero = [d for d in diffs if d != 0]
    ranks = stats.rankdata([abs(d) for d in nonzero])
    plus = float(sum(r for r, d in zip(ranks, nonzero, strict=True) if d > 0))
    minus = float(sum(r for r, d in zip(ranks, nonzero, strict=True) if d < 0))
    return plus, minus


def enumerated_p(diffs: list[float]) -> float:
    """Two-sided p of the signed-rank statistic over all 2^n sign assignments of the tied ranks.

    Average ranks are multiples of 1/2, so doubled ranks are integers and the number of assignments
    giving each T+ is a subset-sum count. Zero differences must be removed first.
    """
    ranks = stats.rankdata([abs(d) for d in diffs])
    doubled = [round(2 * r) for r in ranks]
    total = sum(doubled)
    ways = [1] + [0] * total
    for rank in doubled:
        for value in range(total, rank - 1, -1):
            ways[value] += ways[value - rank]
    t_plus = sum(r for r, d in zip(doubled, diffs, strict=True) if d > 0)
    assignments = 2 ** len(doubled)
    lower, upper = sum(ways[: t_plus + 1]), sum(ways[t_plus:])
    return min(1.0, 2 * min(lower, upper) / assignments)


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
        if len(nonzero) > EXACT_MAX_N:
            method = "normal"
            result = stats.wilcoxon(nonzero, zero_method="wilcox", method="asymptotic")
            statistic, p_value = float(result.statistic), float(result.pvalue)
        elif not tied:
            method = "exact"
            result = stats.wilcoxon(nonzero, zero_method="wilcox", method="exact")
            statistic, p_value = float(result.statistic), float(result.pvalue)
        else:
            method = "enumerated"
            statistic, p_value = min(plus, minus), enumerated_p(nonzero)
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
