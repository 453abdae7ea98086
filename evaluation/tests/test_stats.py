"""The paired statistics against values worked out by hand in the test (not by scipy)."""

import itertools
from fractions import Fraction

import pytest

from evaluation.stats import paired, signed_rank_sums

# now, before: differences 2, 1, 0, -1, 3, 2, 0, 1 (two zero differences, ties among 1s and 2s)
PAIRS = [(7, 5), (6, 5), (4, 4), (5, 6), (8, 5), (6, 4), (3, 3), (5, 4)]


def enumerate_p(ranks: list[float], t_minus: float) -> Fraction:
    """Two-sided p of the signed-rank test by counting every sign assignment: exact, also with ties."""
    total = sum(ranks)
    observed = min(t_minus, total - t_minus)
    extreme = 0
    for signs in itertools.product((0, 1), repeat=len(ranks)):
        minus = sum(r for r, s in zip(ranks, signs, strict=True) if s)
        if min(minus, total - minus) <= observed:
            extreme += 1
    return Fraction(extreme, 2 ** len(ranks))


def test_descriptives_by_hand():
    result = paired(PAIRS)
    assert result.n == 8 and result.n_zero == 2 and result.n_up == 5 and result.n_down == 1
    assert result.mean_now == pytest.approx(44 / 8)  # 7+6+4+5+8+6+3+5
    assert result.mean_before == pytest.approx(36 / 8)  # 5+5+4+6+5+4+3+4
    assert result.mean_diff == pytest.approx(1.0)
    assert result.median_now == 5.5  # sorted 3 4 5 5 6 6 7 8
    assert result.median_before == 4.5  # sorted 3 4 4 4 5 5 5 6
    assert result.median_diff == 1.0  # sorted -1 0 0 1 1 2 2 3


def test_signed_ranks_with_ties_and_zeros_by_hand():
    # Zeros dropped; |d| = 2 1 1 3 2 1 -> the three 1s share ranks 1-3 (2 each), the two 2s ranks 4-5 (4.5), 3 is 6.
    plus, minus = signed_rank_sums([2, 1, 0, -1, 3, 2, 0, 1])
    assert minus == 2.0
    assert plus == 4.5 + 2 + 6 + 4.5 + 2
    result = paired(PAIRS)
    assert result.wilcoxon_statistic == 2.0
    assert result.rank_biserial == pytest.approx((19 - 2) / 21)


def test_wilcoxon_p_with_ties_is_the_exact_count_of_sign_assignments():
    result = paired(PAIRS)
    assert result.method == "enumerated"
    # T- <= 2 happens for 4 of 64 assignments (no minus, or one of the three rank-2 differences), doubled.
    assert enumerate_p([2, 2, 2, 4.5, 4.5, 6], 2) == Fraction(8, 64)
    assert result.wilcoxon_p == pytest.approx(8 / 64)


def test_sign_test_by_hand():
    # 5 up of 6 non-zero: P(X>=5) = (6 + 1) / 64, two-sided doubles it.
    assert paired(PAIRS).sign_p == pytest.approx(14 / 64)


def test_exact_method_without_ties():
    # Differences 1..5, all up: only the all-plus assignment (and its mirror) is as extreme: 2/32.
    result = paired([(b + d, b) for b, d in zip([2, 3, 4, 1, 2], [1, 2, 3, 4, 5], strict=True)])
    assert result.method == "exact"
    assert result.wilcoxon_statistic == 0.0
    assert result.wilcoxon_p == pytest.approx(2 / 32)
    assert result.rank_biserial == 1.0


def test_exact_method_mixed_signs_matches_enumeration():
    diffs = [4, -1, 3, 2, -5, 6, 7]
    result = paired([(5 + d, 5) for d in diffs])
    # ranks of |d|: 4->4, 1->1, 3->3, 2->2, 5->5, 6->6, 7->7 ; T- = 1 + 5 = 6
    assert result.wilcoxon_statistic == 6.0
    assert result.wilcoxon_p == pytest.approx(float(enumerate_p([4, 1, 3, 2, 5, 6, 7], 6)))
    assert result.rank_biserial == pytest.approx((22 - 6) / 28)


def test_all_zero_differences_give_no_test_instead_of_an_error():
    result = paired([(5, 5), (6, 6)])
    assert result.n == 2 and result.n_zero == 2
    assert result.wilcoxon_p is None and result.sign_p is None and result.method == ""
    assert result.mean_diff == 0


def test_no_pairs_at_all():
    result = paired([])
    assert result.n == 0 and result.mean_now is None and result.wilcoxon_p is None


def test_tied_count_matches_brute_force_and_scipy_permutation():
    from scipy import stats

    from evaluation.stats import enumerated_p

    diffs = [3, -1, 2, 2, 1, -2, 1, 4]
    ranks = list(stats.rankdata([abs(d) for d in diffs]))
    t_minus = sum(r for r, d in zip(ranks, diffs, strict=True) if d < 0)
    assert enumerated_p(diffs) == pytest.approx(float(enumerate_p(ranks, t_minus)))
    scipy_p = stats.wilcoxon(diffs, method=stats.PermutationMethod(n_resamples=2 ** len(diffs))).pvalue
    assert enumerated_p(diffs) == pytest.approx(scipy_p)


def test_moderate_group_with_ties_stays_exact_without_trying_every_sign_assignment():
    """39 pairs with many ties: the exact p counts subset sums of the doubled ranks (at most n steps
    over a table of n(n+1) sums), not the 2^39 sign assignments. Counted in lines of
    `enumerated_p` executed, not timed; the tracer stops a run that goes past the bound."""
    import sys

    from evaluation.stats import enumerated_p

    pairs = [(5 + d, 5) for d in [1, 2, 1, -1, 2, 3, 1, 2, -1, 1, 2, 1, 1] * 3]  # 39 pairs, many ties
    n = 39
    bound = 3 * n * n * (n + 1)  # n steps over n(n+1) sums, two or three lines each (118,725 lines in all)
    executed = 0

    class TooManySteps(Exception):
        pass

    def count_lines(frame, event, arg):
        nonlocal executed
        if event == "line":
            executed += 1
            if executed > bound:
                raise TooManySteps
        return count_lines

    def tracer(frame, event, arg):
        return count_lines if frame.f_code is enumerated_p.__code__ else None

    previous = sys.gettrace()  # coverage's tracer, when the suite runs under coverage
    sys.settrace(tracer)
    try:
        result = paired(pairs)
    finally:
        sys.settrace(previous)
    assert result.method == "enumerated" and 0 < result.wilcoxon_p < 0.001
    assert n * n < executed <= bound  # the counting ran, and within n * n(n+1) steps (2^39 = 5.5e11)


def test_large_group_uses_the_normal_approximation():
    pairs = [(5 + (i % 3), 5) for i in range(80)]  # ties and zeros, n non-zero = 53
    result = paired(pairs)
    assert result.method == "normal"
    assert 0 < result.wilcoxon_p < 0.001
