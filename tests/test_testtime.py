"""Test-time compute (scalingbook.science.testtime): pass@k, voting, verifiers, coverage law, costs."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scalingbook import testtime as tt
from scalingbook.science.compute import inference_flops
from scalingbook.science.laws import BESIROGLU_2024, HOFFMANN_2022
from scalingbook.sources.tables import read_table

# ---------------------------------------------------------------- pass@k (Chen et al. 2021)


def test_chen2021_pass_at_k_n200_c10():
    got1, got10 = tt.pass_at_k(200, 10, [1, 10])
    assert abs(got1 - 0.05) < 1e-12, f"Chen et al. 2021 Eq. 1: pass@1 = c/n = 0.05 (abs 1e-12); got {got1}"
    assert abs(got10 - 0.408547866) < 1e-9, (
        f"Chen et al. 2021 Eq. 1, n=200 c=10: pass@10 = 0.408547866 (abs 1e-9); got {got10}"
    )


def test_chen2021_pass_at_k_small_cases():
    assert abs(tt.pass_at_k(10, 5, 3) - (1 - 10 / 120)) < 1e-12, (
        "Chen et al. 2021 Eq. 1: n=10 c=5 k=3 is 1 - 10/120 (abs 1e-12)"
    )
    assert tt.pass_at_k(100, 1, 100) == 1.0, "Chen et al. 2021 Fig. 3: n - c < k returns 1.0 exactly"
    assert tt.pass_at_k(50, 0, 7) == 0.0, "Chen et al. 2021 Eq. 1: no correct sample gives pass@k = 0"


def test_pass_at_k_matches_brute_force_over_all_k_subsets():
    """For every n <= 8, c <= n, k <= n: the share of k-subsets of n samples (c correct) that
    hold a correct sample, counted by enumeration, equals the estimator, in one vectorised call."""
    cases, truth = [], []
    for n in range(1, 9):
        samples = [1] * 0 + list(range(n))
        for c in range(n + 1):
            for k in range(1, n + 1):
                subsets = list(itertools.combinations(samples, k))
                hit = sum(any(i < c for i in s) for s in subsets)
                cases.append((n, c, k))
                truth.append(hit / len(subsets))
    n, c, k = np.array(cases).T
    got = tt.pass_at_k(n, c, k)
    err = np.max(np.abs(got - np.array(truth)))
    assert err < 1e-12, f"Chen et al. 2021 Eq. 1 vs enumeration of all k-subsets (abs 1e-12); max error {err}"


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 400), data=st.data())
def test_pass_at_k_stable_product_equals_binomial_ratio(n, data):
    c = data.draw(st.integers(0, n))
    k = data.draw(st.integers(1, n))
    exact = 1 - Fraction(math.comb(n - c, k), math.comb(n, k))
    got = tt.pass_at_k(n, c, k)
    assert abs(got - float(exact)) < 1e-12, (
        f"Chen et al. 2021: product form = 1 - C(n-c,k)/C(n,k) (abs 1e-12) at n={n} c={c} k={k}; got {got}, exact {float(exact)}"
    )


@pytest.mark.parametrize("n,k,p", [(20, 5, 0.1), (100, 10, 0.03), (200, 50, 0.02)])
def test_pass_at_k_is_unbiased_and_plug_in_is_biased_low(n, k, p):
    """E_c[pass@k(n, c, k)] over c ~ Binomial(n, p) equals 1 - (1 - p)^k exactly."""
    from scipy import stats

    c = np.arange(n + 1)
    w = stats.binom.pmf(c, n, p)
    unbiased = np.sum(w * tt.pass_at_k(n, c, k))
    plug_in = np.sum(w * tt.pass_at_k_biased(n, c, k))
    truth = 1 - (1 - p) ** k
    assert abs(unbiased - truth) < 1e-10, (
        f"Chen et al. 2021 sec. 2.1: the estimator is unbiased (abs 1e-10); {unbiased} vs {truth}"
    )
    assert plug_in < truth - 1e-4, f"Chen et al. 2021 sec. 2.1: 1-(1-c/n)^k is biased low; {plug_in} vs {truth}"


def test_pass_at_k_vectorised_equals_per_problem_calls():
    rng = np.random.default_rng(0)
    n = rng.integers(10, 300, size=500)
    c = rng.integers(0, n + 1)
    k = rng.integers(1, n + 1)
    vec = tt.pass_at_k(n, c, k)
    loop = np.array([tt.pass_at_k(int(a), int(b), int(d)) for a, b, d in zip(n, c, k)])
    assert np.array_equal(vec, loop), "pass_at_k over 500 problems in one call must equal 500 scalar calls exactly"


@pytest.mark.parametrize(
    "args,word",
    [
        ((10, 11, 1), "c must be in [0, n]"),
        ((10, 2, 11), "k must be in [1, n]"),
        ((0, 0, 1), "n must be an integer >= 1"),
        ((10, 2, 1.5), "k must be an integer"),
    ],
)
def test_pass_at_k_errors_name_the_argument(args, word):
    with pytest.raises(ValueError, match=word.replace("[", r"\[").replace("]", r"\]")):
        tt.pass_at_k(*args)


# ---------------------------------------------------------------- voting


def test_majority_vote_condorcet_values():
    got = tt.majority_vote_accuracy(0.6, [1, 5, 11])
    want = [0.6, 0.68256, 0.753498]
    assert np.allclose(got, want, atol=1e-6), f"Condorcet binomial sum, p=0.6, n=1/5/11 = {want} (abs 1e-6); got {got}"
    low = tt.majority_vote_accuracy(0.4, 11)
    assert abs(low - 0.246502) < 1e-6, f"Condorcet binomial sum, p=0.4, n=11 = 0.246502 (abs 1e-6); got {low}"


@given(p=st.floats(0, 1), n=st.integers(1, 60))
def test_majority_vote_symmetry(p, n):
    total = tt.majority_vote_accuracy(p, n) + tt.majority_vote_accuracy(1 - p, n)
    assert abs(total - 1) < 1e-9, f"binary voting with fair tie-breaks: acc(p) + acc(1-p) = 1 (abs 1e-9); got {total}"


def test_plurality_with_one_wrong_answer_is_majority_vote():
    p = np.linspace(0, 1, 21)
    for n in range(1, 13):
        plural = tt.plurality_vote_accuracy(p, 1 - p, n)
        major = tt.majority_vote_accuracy(p, n)
        assert np.allclose(plural, major, atol=1e-12), (
            f"plurality with w = 1 - p must equal majority voting at n={n} (abs 1e-12)"
        )


def _plurality_by_enumeration(p: float, w: float, n: int) -> float:
    """Every sequence of n answers (correct, dominant wrong, or a fresh unique wrong answer)."""
    s = 1 - p - w
    total = 0.0
    for seq in itertools.product((0, 1, 2), repeat=n):
        prob = math.prod((p, w, s)[x] for x in seq)
        counts = {"ok": seq.count(0), "dom": seq.count(1)}
        scattered = seq.count(2)
        tallies = [counts["ok"], counts["dom"]] + [1] * scattered
        top = max(tallies)
        if counts["ok"] == top and top > 0:
            total += prob / tallies.count(top)
    return total


@pytest.mark.parametrize("p,w", [(0.3, 0.2), (0.4, 0.5), (0.2, 0.0), (0.5, 0.1), (0.0, 0.3)])
@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6])
def test_plurality_closed_form_equals_enumeration(p, w, n):
    got = tt.plurality_vote_accuracy(p, w, n)
    want = _plurality_by_enumeration(p, w, n)
    assert abs(got - want) < 1e-12, (
        f"plurality vote closed form vs 3^{n} enumerated answer sequences (abs 1e-12): {got} vs {want}"
    )


def test_plurality_simulation_converges_to_closed_form():
    rng = np.random.default_rng(1)
    p = np.array([0.3, 0.4, 0.15, 0.6])
    w = np.array([0.2, 0.5, 0.0, 0.3])
    trials = 200_000
    for n in (1, 4, 9, 25):
        sim = tt.simulate_plurality_vote(np.stack([p, w], axis=-1), n, trials, rng)
        exact = tt.plurality_vote_accuracy(p, w, n)
        se = np.sqrt(exact * (1 - exact) / trials) + 1e-6
        assert np.all(np.abs(sim - exact) < 5 * se), (
            f"plurality simulation within 5 SE of the closed form at n={n}: {sim} vs {exact}"
        )


def test_dominant_wrong_answer_makes_voting_hurt():
    n = np.array([5, 25, 101, 1001])
    acc = np.array([tt.plurality_vote_accuracy(0.4, 0.5, int(k)) for k in n])
    assert np.all(np.diff(acc) < 0) and acc[1] < 0.4 and acc[-1] < 0.01, (
        f"p=0.4 < w=0.5: voting must fall below pass@1 = 0.4 and towards 0 as n grows; got {acc}"
    )
    good = np.array([tt.plurality_vote_accuracy(0.4, 0.3, int(k)) for k in n])
    assert np.all(np.diff(good) > 0) and good[-1] > 0.95, f"p=0.4 > w=0.3: voting must gain accuracy; got {good}"


def test_simulation_with_two_named_wrong_answers_splits_the_wrong_vote():
    """Two wrong answers of 0.3 each lose to a correct answer of 0.4 at 51 votes (voting lifts
    0.4 above 0.6); merged into one wrong answer of 0.6 they win (accuracy below 0.1)."""
    rng = np.random.default_rng(2)
    acc = tt.simulate_plurality_vote([0.4, 0.3, 0.3], 51, 50_000, rng)
    merged = tt.plurality_vote_accuracy(0.4, 0.6, 51)
    assert acc > 0.6 > 0.4 > 0.1 > merged, (
        f"split wrong answers (0.3 + 0.3) lose to 0.4, merged (0.6) win: {acc} vs {merged}"
    )


# ---------------------------------------------------------------- best-of-N


def test_best_of_n_with_perfect_verifier_is_coverage():
    p = np.linspace(0, 1, 11)[:, None]
    n = np.array([1, 2, 10, 100])
    got = tt.best_of_n_accuracy(p, n, 0.0, 0.0)
    assert np.allclose(got, 1 - (1 - p) ** n, atol=1e-12), (
        "best-of-N with fpr = fnr = 0 must equal 1 - (1 - p)^N (abs 1e-12)"
    )


@given(p=st.floats(0.01, 0.99), fpr=st.floats(0.001, 0.5), fnr=st.floats(0, 0.9))
def test_best_of_n_tends_to_verifier_precision(p, fpr, fnr):
    precision = p * (1 - fnr) / (p * (1 - fnr) + (1 - p) * fpr)
    got = tt.best_of_n_accuracy(p, 10**7, fpr, fnr)
    assert abs(got - precision) < 1e-9, (
        f"best-of-N as N grows -> a/(a+b), the verifier's precision (abs 1e-9); {got} vs {precision}"
    )
    one = tt.best_of_n_accuracy(p, 1, fpr, fnr)
    assert abs(one - p) < 1e-12, f"best-of-1 is the sample itself: accuracy p (abs 1e-12); {one} vs {p}"


def test_best_of_n_simulation_converges_to_closed_form():
    rng = np.random.default_rng(3)
    p = np.array([0.02, 0.1, 0.3, 0.7])
    trials = 200_000
    for n, fpr, fnr in [(1, 0.1, 0.2), (8, 0.1, 0.2), (64, 0.02, 0.3), (16, 0.5, 0.5)]:
        sim = tt.simulate_best_of_n(p, n, fpr, fnr, trials, rng)
        exact = tt.best_of_n_accuracy(p, n, fpr, fnr)
        se = np.sqrt(exact * (1 - exact) / trials) + 1e-6
        assert np.all(np.abs(sim - exact) < 5 * se), f"best-of-N simulation within 5 SE at N={n}: {sim} vs {exact}"


# ---------------------------------------------------------------- coverage law (Brown et al. 2024)


@given(a=st.floats(-6, -0.01), b=st.floats(-1.5, -0.01))
def test_fit_coverage_recovers_exact_law(a, b):
    k = np.array([1, 3, 10, 30, 100, 300, 1000, 10000])
    fa, fb = tt.fit_coverage(k, tt.coverage_law(k, a, b))
    assert abs(fa - a) < 1e-8 * abs(a) + 1e-12 and abs(fb - b) < 1e-8, (
        f"Brown et al. 2024 log c = a k^b: fit on exact points must return (a, b) = ({a}, {b}) (rel 1e-8); got ({fa}, {fb})"
    )


def test_brown2024_swe_bench_headline_round_trip():
    """Brown et al. 2024: DeepSeek-Coder-V2-Instruct, SWE-bench Lite, 15.9% at k=1 -> 56% at k=250.
    The law through both points, inverted, needs exactly 250 samples for 56%."""
    a, b = tt.fit_coverage([1, 250], [0.159, 0.56])
    assert abs(a - math.log(0.159)) < 1e-12, f"Brown et al. 2024: c(1) = exp(a) so a = log 0.159 (abs 1e-12); got {a}"
    k = tt.samples_for_coverage(0.56, a, b)
    assert abs(k - 250) < 1e-6, f"Brown et al. 2024 headline: 56% coverage at 250 samples (abs 1e-6); law gives {k}"
    assert b < 0, f"Brown et al. 2024: b < 0; got {b}"


def test_fit_coverage_errors():
    with pytest.raises(ValueError, match="coverage must be in"):
        tt.fit_coverage([1, 2], [0.5, 1.0])
    with pytest.raises(ValueError, match="at least two distinct"):
        tt.fit_coverage([3, 3], [0.5, 0.6])


# ---------------------------------------------------------------- difficulty model (Schaeffer et al. 2025)


def test_beta_quadrature_coverage_equals_closed_form():
    k = np.array([1, 10, 100, 1000, 10000])
    for alpha, beta in [(0.3, 1.5), (0.6, 3.0), (2.0, 0.5)]:
        quad = tt.Difficulty.beta(alpha, beta).coverage(k)
        exact = tt.beta_coverage(alpha, beta, k)
        assert np.allclose(quad, exact, atol=1e-8), (
            f"Gauss-Jacobi coverage vs 1 - B(a, b+k)/B(a, b) at Beta({alpha},{beta}) (abs 1e-8)"
        )
        assert abs(tt.beta_coverage(alpha, beta, 1) - alpha / (alpha + beta)) < 1e-12, (
            "coverage at k=1 is the Beta mean"
        )


@pytest.mark.parametrize("alpha,beta", [(0.3, 1.5), (0.6, 3.0)])
def test_beta_left_tail_has_slope_alpha(alpha, beta):
    x = np.array([1e-8, 1e-6])
    slope = np.diff(np.log(tt.beta_share_below(alpha, beta, x))) / np.diff(np.log(x))
    assert abs(slope[0] - alpha) < 1e-4, (
        f"I_x(a, b) ~ x^a near 0: log-log slope = alpha = {alpha} (abs 1e-4); got {slope[0]}"
    )
    rng = np.random.default_rng(5)
    draws = rng.beta(alpha, beta, size=100_000)
    emp = np.mean(draws < 0.01)
    exact = tt.beta_share_below(alpha, beta, 0.01)
    assert abs(emp - exact) < 5 * np.sqrt(exact * (1 - exact) / draws.size), (
        f"share below 0.01: {emp} vs {exact} (5 SE)"
    )


def test_sampled_benchmark_converges_to_beta_coverage():
    rng = np.random.default_rng(4)
    p = rng.beta(0.3, 1.5, size=200_000)
    solved = rng.binomial(64, p) > 0
    exact = tt.beta_coverage(0.3, 1.5, 64)
    se = np.sqrt(exact * (1 - exact) / p.size)
    assert abs(solved.mean() - exact) < 5 * se, (
        f"simulated coverage at k=64 within 5 SE of the Beta closed form: {solved.mean()} vs {exact}"
    )


@pytest.mark.parametrize("alpha", [0.2, 0.4, 0.8])
def test_power_law_exponent_is_the_left_tail_exponent(alpha):
    """Schaeffer et al. 2025: with pass@1 density ~ p^(alpha-1) near 0, -log coverage falls as
    k^(-alpha); the local Brown exponent b at large k tends to -alpha."""
    k = np.array([1e10, 1e12])
    _, b = tt.fit_coverage(k, tt.beta_coverage(alpha, 2.0, k))
    assert abs(b + alpha) < 0.02 * alpha + 1e-3, (
        f"Schaeffer et al. 2025: b -> -alpha = {-alpha} (rel 2%, k = 1e10-1e12); got {b}"
    )


def test_difficulty_vote_and_best_of_n_average_the_per_problem_forms():
    d = tt.Difficulty.from_rates([0.1, 0.5, 0.9])
    vote = d.vote(7, 0.5)
    want = np.mean([tt.plurality_vote_accuracy(p, 0.5 * (1 - p), 7) for p in (0.1, 0.5, 0.9)])
    assert abs(vote - want) < 1e-12, "Difficulty.vote is the mean of plurality_vote_accuracy over problems (abs 1e-12)"
    bon = d.best_of_n([1, 4], 0.1, 0.1)
    assert abs(bon[0] - 0.5) < 1e-12, "best-of-1 accuracy is mean pass@1 (abs 1e-12)"


def test_shift_raises_every_problem():
    d = tt.Difficulty.beta(0.3, 1.5, nodes=50)
    up = d.shifted(1.0)
    assert np.all(up.p > d.p) and abs(d.shifted(0.0).mean_pass1 - d.mean_pass1) < 1e-12


def test_calibrate_beta_hits_both_targets():
    cal = tt.calibrate_beta(0.74, 0.83, 64, 0.5, nodes=100)
    mean = cal.alpha / (cal.alpha + cal.beta)
    assert abs(mean - 0.74) < 1e-12 and abs(cal.vote_accuracy - 0.83) < 1e-8, (
        f"calibration to o1's AIME 2024 pass@1 74% and cons@64 83% (OpenAI 2024) must hit both (abs 1e-8): {cal}"
    )


# ---------------------------------------------------------------- compute and price


def test_sampling_flops_is_2n_per_token():
    got = tt.sampling_flops(8e9, 200, 1000, 14)
    want = 2 * 8e9 * 14 * 1200
    assert got == want == inference_flops(8e9, 14 * 1200), (
        f"Kaplan et al. 2020 sec. 2.1: 2 N per token (exact); got {got}"
    )


def test_o1_costs_six_times_gpt4o_per_token():
    assert tt.O1_PRICE.usd_per_m_input / tt.GPT4O_PRICE.usd_per_m_input == 6.0, (
        "OpenAI pricing: o1 input $15 = 6 x GPT-4o $2.50"
    )
    assert tt.O1_PRICE.usd_per_m_output / tt.GPT4O_PRICE.usd_per_m_output == 6.0, (
        "OpenAI pricing: o1 output $60 = 6 x GPT-4o $10"
    )
    cost = tt.sampling_cost_usd(200, 1000, 10, tt.O1_PRICE.usd_per_m_input, tt.O1_PRICE.usd_per_m_output)
    assert abs(cost - 10 * (200 * 15 + 1000 * 60) / 1e6) < 1e-15, (
        f"10 requests of 200 in / 1000 out at $15/$60 per M = $0.63; got {cost}"
    )


def test_cost_per_solved_and_budget():
    assert tt.cost_per_solved(1.0, 0.25) == 4.0 and tt.cost_per_solved(1.0, 0.0) == np.inf
    assert tt.samples_within_budget(1.0, 0.063) == 15 and tt.samples_within_budget(0.63, 0.063) == 10


def test_flops_matched_samples_and_loss_gap():
    assert tt.flops_matched_samples(8e9, 1.12e11) == pytest.approx(14.0, rel=1e-12), (
        "Snell et al. 2024 setting: 14x larger = 14 samples"
    )
    with pytest.raises(ValueError, match="large_params must be >= small_params"):
        tt.flops_matched_samples(8e9, 1e9)
    gap = tt.loss_gap(HOFFMANN_2022, 8e9, 1.12e11)
    want = HOFFMANN_2022.loss(8e9, 1.6e11) - HOFFMANN_2022.loss(1.12e11, 2.24e12)
    assert abs(gap - want) < 1e-12 and gap > 0, (
        f"loss gap from Hoffmann et al. 2022 Eq. 2 at 20 tokens/param; {gap} vs {want}"
    )


def test_flops_matched_frontier_columns_and_identity_at_equal_size():
    d = tt.Difficulty.beta(0.3, 1.5, nodes=100)
    df = tt.flops_matched_frontier(d, BESIROGLU_2024, 8e9, [8e9, 1.12e11], 5.0, 0.5, 0.05, 0.1)
    first = df.iloc[0]
    assert first["samples"] == 1 and first["loss_gap"] == 0
    for col in ("larger model, one sample",) + tt.STRATEGIES:
        assert abs(first[col] - d.mean_pass1) < 1e-12, f"at equal size every strategy is pass@1 ({col})"
    assert df.iloc[1]["samples"] == 14


# ---------------------------------------------------------------- data


def test_o1_aime2024_table_matches_openai_2024():
    df = read_table("o1_aime2024").set_index(["model", "samples"])
    want = {("gpt-4o", 1): 0.12, ("o1", 1): 0.74, ("o1", 64): 0.83, ("o1", 1000): 0.93}
    for key, acc in want.items():
        assert df.loc[key, "accuracy"] == acc, f"OpenAI 2024 'Learning to Reason with LLMs', AIME 2024: {key} = {acc}"
    share = df["solved_of_15"] / 15
    assert np.all(np.abs(share - df["accuracy"]) < 0.005), (
        "OpenAI 2024: x/15 must round to the printed percentage (abs 0.005)"
    )


# ---------------------------------------------------------------- vote curves, limits and tables


@pytest.mark.parametrize("pi", [0.0, 0.03, 0.3, 0.5, 0.51, 0.8, 1.0])
def test_plurality_table_recurrence_matches_direct_binomial_sums(pi):
    """The odd-t recurrence of majority voting (cumulative sum) against scipy's incomplete beta
    (bdtrc) and pmf, term by term, for t = 0..2001 (abs 1e-12)."""
    from scipy import special

    t = np.arange(2002)
    g = tt._plurality_table(np.array(pi), 2001)
    sf = np.where(t > 0, special.bdtrc(t // 2, np.maximum(t, 1), pi), 0.0)
    h = t // 2
    log_pmf = (
        special.gammaln(t + 1)
        - special.gammaln(h + 1)
        - special.gammaln(t - h + 1)
        + special.xlogy(h, pi)
        + special.xlog1py(t - h, -pi)
    )
    pmf = np.where(t % 2 == 0, np.exp(log_pmf), 0.0)
    want = sf - np.where(t == 1, pi, 0.0) + np.where((t % 2 == 0) & (t >= 4), 0.5 * pmf, 0.0)
    err = np.max(np.abs(g - want)[:300])
    assert err < 1e-12, f"g(t) by recurrence vs direct binomial sums at pi={pi}, t <= 300 (abs 1e-12): {err}"
    assert np.max(np.abs(g - want)) < 1e-10, f"g(t) up to t = 2001 at pi={pi} (abs 1e-10)"


def test_plurality_vote_curve_equals_one_count_at_a_time_and_simulation():
    p = np.array([0.05, 0.3, 0.45, 0.7])
    w = 0.5 * (1 - p)
    ks = [1, 2, 3, 7, 64, 333, 1000]
    curve = tt.plurality_vote_curve(p, w, ks)
    assert curve.shape == (len(ks), p.size)
    for i, k in enumerate(ks):
        one = tt.plurality_vote_curve(p, w, k)[0]
        assert np.array_equal(curve[i], one), "a curve over k equals the same k computed alone (exact)"
    rng = np.random.default_rng(7)
    sim = tt.simulate_plurality_vote(np.stack([p, w], axis=-1), 333, 20_000, rng)
    se = np.sqrt(curve[5] * (1 - curve[5]) / 20_000) + 1e-6
    assert np.all(np.abs(sim - curve[5]) < 5 * se), (
        f"vote curve at k=333 within 5 SE of simulation: {sim} vs {curve[5]}"
    )


def test_voting_plateaus_at_its_limit():
    """As votes grow, plurality accuracy tends to 1 where p > w and 0 where p < w (the
    plateau that Brown et al. 2024 observe for majority voting)."""
    p = np.array([0.4, 0.3, 0.2])
    w = np.array([0.3, 0.4, 0.0])
    far = tt.plurality_vote_curve(p, w, [20_001])[0]
    lim = tt.plurality_vote_limit(p, w)
    assert np.allclose(lim, [1, 0, 1]) and np.allclose(far, lim, atol=1e-6), f"vote at 20,001 -> limit {lim}; got {far}"
    d = tt.Difficulty.beta(0.3, 1.5)
    exact = 1 - tt.beta_share_below(0.3, 1.5, 0.5 / 1.5)
    assert abs(d.vote_limit(0.5) - exact) < 1e-4, (
        "vote limit = share with p > w/(1+w) = 1 - I_{1/3}(0.3, 1.5) (abs 1e-4)"
    )
    assert abs(d.vote(20_001, 0.5) - exact) < 1e-4, (
        "Difficulty.vote(n) -> the limit as n grows (abs 1e-4 at n = 20,001)"
    )


# ---------------------------------------------------------------- Beta closed forms at extreme k


@pytest.mark.parametrize("alpha,beta", [(0.3, 1.5), (2.0, 1.5), (50.0, 0.01), (0.01, 200.0)])
def test_beta_failure_is_one_minus_coverage_and_follows_the_left_tail(alpha, beta):
    k = np.array([1.0, 10.0, 100.0])
    fail = tt.beta_failure(alpha, beta, k)
    cov = tt.beta_coverage(alpha, beta, k)
    assert np.allclose(fail + cov, 1.0, atol=1e-14), "failure + coverage = 1 (abs 1e-14)"
    big = np.array([1e10, 1e12])
    from scipy import special

    asym = np.exp(special.gammaln(alpha + beta) - special.gammaln(beta)) * big**-alpha
    got = tt.beta_failure(alpha, beta, big)
    ok = asym > 1e-300
    assert np.allclose(got[ok], asym[ok], rtol=1e-3), (
        f"Schaeffer et al. 2025 tail: E[(1-p)^k] ~ Gamma(a+b)/Gamma(b) k^-a at k = 1e10, 1e12 (rel 1e-3): {got} vs {asym}"
    )


@pytest.mark.parametrize("alpha", [0.3, 1.4, 2.0, 7.0, 50.0])
def test_coverage_exponent_tends_to_minus_alpha_without_rounding(alpha):
    """The issue's crash: at alpha 2 the coverage 1 - exp(...) rounds to 1 at k = 1e10-1e12.
    The analytic local exponent stays finite and tends to -alpha (Schaeffer et al. 2025; rel 1%)."""
    b = tt.coverage_exponent(alpha, 1.5, [1e10, 1e12])
    assert np.all(np.isfinite(b)), f"finite exponent at alpha={alpha}: {b}"
    assert abs(b[-1] + alpha) < 0.01 * alpha, f"b(k = 1e12) -> -alpha = {-alpha} (rel 1%); got {b[-1]}"


@pytest.mark.parametrize("alpha,beta,k", [(0.3, 1.5, 30.0), (2.0, 3.0, 300.0), (0.6, 0.2, 5.0)])
def test_coverage_exponent_matches_the_slope_of_a_local_fit(alpha, beta, k):
    ks = k * np.exp(np.array([-1e-4, 1e-4]))
    _, b_fit = tt.fit_coverage(ks, failure=tt.beta_failure(alpha, beta, ks))
    b = tt.coverage_exponent(alpha, beta, k)
    assert abs(b - b_fit) < 1e-5 * abs(b) + 1e-9, (
        f"analytic d log(-log c)/d log k vs a two-point fit (rel 1e-5): {b} vs {b_fit}"
    )


@given(a=st.floats(-6, -0.01), b=st.floats(-1.5, -0.01))
def test_fit_coverage_on_failure_recovers_exact_law(a, b):
    k = np.array([1, 10, 100, 1000])
    cov = tt.coverage_law(k, a, b)
    fa, fb = tt.fit_coverage(k, failure=-np.expm1(a * k.astype(float) ** b))
    assert abs(fa - a) < 1e-8 * abs(a) and abs(fb - b) < 1e-8, (
        f"fit on 1 - c returns (a, b) = ({a}, {b}); got ({fa}, {fb})"
    )
    assert np.all(cov > 0)


def test_loglinear_deviation_is_zero_only_for_a_straight_line():
    a, b = tt.fit_coverage([1, 250], [0.159, 0.56])
    dev = tt.loglinear_deviation(a, b, 1, 250)
    assert 0 < dev < 0.1, (
        f"Brown et al. 2024 SWE-bench law through 15.9% and 56%: deviation from a log-linear line {dev}"
    )
    assert tt.loglinear_deviation(-1.0, -1e-9, 1, 100) < 1e-6, "b -> 0 makes c(k) flat: a straight line (abs 1e-6)"


# ---------------------------------------------------------------- binomial intervals


def test_wilson_and_clopper_pearson_textbook_values():
    lo, hi = tt.binomial_interval(5, 10)
    assert abs(lo - 0.2366) < 1e-4 and abs(hi - 0.7634) < 1e-4, (
        f"Wilson 1927, 5/10 at 95%: [0.2366, 0.7634]; got {lo, hi}"
    )
    lo, hi = tt.binomial_interval(0, 10)
    assert lo == 0 and abs(hi - 0.2775) < 1e-4, f"Wilson 1927, 0/10 at 95%: upper 0.2775; got {hi}"
    lo, hi = tt.binomial_interval(0, 10, method="clopper-pearson")
    assert lo == 0 and abs(hi - (1 - 0.025**0.1)) < 1e-12, (
        "Clopper & Pearson 1934, 0/n: upper 1 - (0.025)^(1/n) (abs 1e-12)"
    )
    lo, hi = tt.binomial_interval(15, 15, method="clopper-pearson")
    assert hi == 1 and abs(lo - 0.025 ** (1 / 15)) < 1e-12, (
        "Clopper & Pearson 1934, n/n: lower (0.025)^(1/n) (abs 1e-12)"
    )


@given(x=st.floats(0, 30), level=st.floats(0.5, 0.99))
def test_binomial_intervals_contain_the_estimate(x, level):
    for method in ("wilson", "clopper-pearson"):
        lo, hi = tt.binomial_interval(x, 30, level, method)
        assert 0 <= lo <= x / 30 + 1e-12 and x / 30 - 1e-12 <= hi <= 1, f"{method}: [{lo}, {hi}] must contain {x / 30}"


# ---------------------------------------------------------------- Snell et al. 2024, pretraining counted


@given(m=st.floats(1, 1e4), r=st.floats(1e-3, 1e3), n=st.floats(1e8, 1e12), d=st.floats(1e9, 1e13))
def test_pretraining_matched_samples_equalise_total_flops(m, r, n, d):
    """Snell et al. 2024 (pretraining counted): 6 N D_pre + 2 N X D_inf = M (6 N D_pre + 2 N D_inf) at X = M + 3 (M - 1) / R."""
    x = tt.pretraining_matched_samples(m, r)
    d_inf = r * d
    small = 6 * n * d + 2 * n * x * d_inf
    large = m * (6 * n * d + 2 * n * d_inf)
    assert abs(small - large) <= 1e-9 * large, f"FLOPs must match at M={m}, R={r}: {small} vs {large}"
    assert x >= m - 1e-9 * m, "pretraining counted never allows fewer samples than the inference-only match"


def test_snell_tradeoff_bins_and_accountings():
    from scalingbook.science.laws import HOFFMANN_2022

    d = tt.Difficulty.beta(0.3, 1.5, nodes=200)
    df = tt.snell_tradeoff(d, HOFFMANN_2022, 8e9, 14, [0.1, 1.0, 1e9], 5.0, 0.05, 0.1)
    assert sorted(df["level"].unique()) == [1, 2, 3, 4, 5]
    p1 = df.groupby("level")["small model pass@1"].first().to_numpy()
    assert np.all(np.diff(p1) < 0), "level 1 is the easiest bin (highest pass@1), level 5 the hardest"
    assert abs(p1.mean() - d.mean_pass1) < 1e-12, "equal-weight bins average back to the benchmark's pass@1"
    only = df[df["accounting"] == "inference only"]
    huge = df[df["accounting"] == "pretraining counted, R = 1e+09"]
    assert np.all(only["samples"].to_numpy() == 14), "inference-only FLOPs match: 14 samples for a 14x model"
    assert np.allclose(huge["small model, best of X"].to_numpy(), only["small model, best of X"].to_numpy()), (
        "R >> 1: pretraining is negligible and the match tends to the inference-only one"
    )
    few = df[df["accounting"] == "pretraining counted, R = 0.1"]
    assert np.all(few["samples"].to_numpy() == 14 + 3 * 13 / 0.1 // 1), "R = 0.1: X = 14 + 3 * 13 / 0.1 = 404"
    gap = tt.loss_gap(HOFFMANN_2022, 8e9, 1.12e11, same_tokens=True)
    want = HOFFMANN_2022.A / 8e9**HOFFMANN_2022.alpha - HOFFMANN_2022.A / 1.12e11**HOFFMANN_2022.alpha
    assert abs(gap - want) < 1e-12, "same pretraining tokens: the data term cancels (Hoffmann et al. 2022 Eq. 2)"


def test_verifier_fpr_for_hits_the_target():
    d = tt.Difficulty.beta(0.63, 0.22, nodes=200)
    fpr = tt.verifier_fpr_for(d, 1000, 0.9, 0.1)
    assert 0 < fpr < 1
    assert d.best_of_n(1000, fpr, 0.1) >= 0.9 > d.best_of_n(1000, fpr + 1e-3, 0.1), "largest fpr still reaching 90%"
    assert np.isnan(tt.verifier_fpr_for(d, 1, 0.99, 0.0)), "one sample cannot reach 99% when pass@1 is lower: NaN"


def test_shifts_bins_and_budget_helpers():
    d = tt.Difficulty.beta(0.3, 1.5, nodes=100)
    shifts = np.array([-1.0, 0.0, 2.5])
    assert np.allclose(d.shifted_mean_pass1(shifts), [d.shifted(s).mean_pass1 for s in shifts], atol=1e-15)
    bins = d.quantile_bins(4)
    assert all(abs(b.weights.sum() - 1) < 1e-12 for b in bins) and len(bins) == 4
    assert tt.samples_within_budget(1e6, 1e-300) == 10**15, "a near-free sample: capped at 1e15, no overflow"


# ---------------------------------------------------------------- moved from the page: root, calibration, fits


def test_bisect_root_finds_the_root_and_refuses_a_bracket_without_one():
    r = tt.bisect_root(lambda x: x**3 - 2.0, 0.0, 2.0)
    assert abs(r - 2 ** (1 / 3)) < 1e-12, f"cube root of 2 by bisection (abs 1e-12); got {r}"
    assert tt.bisect_root(lambda x: x, 0.0, 1.0) == 0.0, "a root at the bracket's end is returned as is"
    with pytest.raises(ValueError, match="opposite signs"):
        tt.bisect_root(lambda x: x * x + 1, -1.0, 1.0)


def test_calibrate_beta_cached_equals_calibrate_beta():
    a = tt.calibrate_beta(0.74, 0.83, 64, 0.5)
    b = tt.calibrate_beta_cached(0.74, 0.83, 64, 0.5)
    assert a == b, "the cached calibration returns the same Beta as a fresh one"
    assert abs(b.vote_accuracy - 0.83) < 1e-6, "OpenAI 2024a: o1's consensus of 64 on AIME 2024 is 83% (abs 1e-6)"


def test_fit_beta_coverage_is_a_least_squares_fit_that_tracks_minus_alpha():
    f = tt.fit_beta_coverage(0.3, 1.5, 100)
    assert f.n_points >= 10 and f.k_max == 100, f"the fit uses many sample counts up to n_samples; got {f}"
    assert f.max_error > 0, "with more points than parameters the fit is not exact"
    assert -0.6 < f.b < -0.3, f"the local exponent on k <= 100 is steeper than the tail's -alpha = -0.3; got {f.b}"
    assert abs(f.b_far + 0.3) < 0.01, (
        f"Schaeffer et al. 2025: the exponent tends to -alpha = -0.3 (abs 0.01); got {f.b_far}"
    )
    one = tt.fit_beta_coverage(0.3, 1.5, 1)
    assert one.k_max == 2 and np.isfinite(one.a), "n_samples = 1 still fits on k = 1, 2"
    steep = tt.fit_beta_coverage(50.0, 1e-3, 10000)
    assert steep.max_error > 0.5, (
        "Beta(50, 0.001): failure falls faster than any exp(a k^b) follows; the fit's "
        f"largest miss must show it (> 50 points); got {steep.max_error}"
    )


def test_brown2024_printed_points_are_two_per_curve_and_the_fit_passes_through_them():
    """Brown et al. 2024 print two (k, coverage) numbers per curve (abstract: SWE-bench Lite 15.9%
    at 1, 56% at 250; sec. 2: CodeContests Gemma-2B 0.02% at 1, 7.1% at 10,000): a two-parameter
    fit through them is exact (error < 1e-12), so it cannot test the law's shape."""
    curves = {c.task: c for c in tt.BROWN_2024_COVERAGE}
    assert curves["SWE-bench Lite"].k == (1.0, 250.0) and curves["SWE-bench Lite"].coverage == (0.159, 0.56)
    assert curves["CodeContests"].k == (1.0, 10_000.0) and curves["CodeContests"].coverage == (0.0002, 0.071)
    for c in tt.BROWN_2024_COVERAGE:
        f = tt.fit_published_coverage(c)
        assert f.n_points == 2 and f.max_error < 1e-12, f"{c.task}: two points, exact fit; got {f}"
        assert abs(f.a - math.log(c.coverage[0])) < 1e-9, f"{c.task}: c(1) = exp(a), a = log c(1) (abs 1e-9)"


def test_verifier_matched_samples_charge_the_reward_model_per_token():
    assert tt.verifier_matched_samples(14, 8e9, 0.0) == 14, "a free verifier leaves Snell's 14 samples"
    assert tt.verifier_matched_samples(14, 8e9, 8e9) == 7, (
        "a reward model as large as the generator halves them (2N per token each)"
    )
    k = tt.verifier_matched_samples(np.array([14.0, 28.0]), 8e9, 24e9)
    assert np.allclose(k, [3.5, 7.0]), f"X N / (N + N_v): 14 x 8 / 32 = 3.5; got {k}"
    with pytest.raises(ValueError, match="verifier_params must be >= 0"):
        tt.verifier_matched_samples(14, 8e9, -1.0)


def test_snell_tradeoff_draws_every_matched_sample_without_a_cap():
    """Snell et al. 2024's X = M + 3 (M - 1) / R at M = 14, R = 1e-6 is 3.9e7 samples: the table
    must use them all (best-of-N is a closed form at any N), not stop at 1e7."""
    bench = tt.Difficulty.beta(0.3, 1.5)
    s = tt.snell_tradeoff(bench, HOFFMANN_2022, 8e9, 14, [1e-6], 5.0, 0.05, 0.1)
    x = int(s.loc[s["accounting"] == "pretraining counted, R = 1e-06", "samples"].iloc[0])
    assert x == 14 + 39_000_000, f"X = 14 + 39 / 1e-6 = 39,000,014 samples; got {x:,}"
    v = tt.snell_tradeoff(bench, HOFFMANN_2022, 8e9, 14, [1.0], 5.0, 0.05, 0.1, verifier_params=8e9)
    only = v.loc[v["accounting"] == "inference only", "samples"].iloc[0]
    assert only == 7, f"a reward model as large as the generator: 14 matched samples become 7; got {only}"


def test_flops_matched_frontier_counts_the_verifier():
    bench = tt.Difficulty.beta(0.3, 1.5)
    free = tt.flops_matched_frontier(
        bench, HOFFMANN_2022, 8e9, 1.12e11, 5.0, 0.5, 0.05, 0.1, same_tokens=True, strategies=(tt.STRATEGIES[2],)
    )
    paid = tt.flops_matched_frontier(
        bench,
        HOFFMANN_2022,
        8e9,
        1.12e11,
        5.0,
        0.5,
        0.05,
        0.1,
        same_tokens=True,
        strategies=(tt.STRATEGIES[2],),
        verifier_params=8e9,
    )
    assert (int(free["samples"].iloc[0]), int(paid["samples"].iloc[0])) == (14, 7)
    assert paid[tt.STRATEGIES[2]].iloc[0] < free[tt.STRATEGIES[2]].iloc[0], "fewer samples, lower best-of-k"
