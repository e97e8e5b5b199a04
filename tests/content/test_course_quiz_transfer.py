"""The transfer questions of the quizzes of modules 2 to 5, recomputed from their prompts.

Each pooled question poses a calculation or a judgement on fresh data, so a second attempt
tests understanding rather than memory of the key. For every question of every pool the
test parses the prompt, recomputes the answer with exact fractions and checks the stated
answer, the correct choice and the numbers the feedback quotes. Pure Python, no app import.
"""

from __future__ import annotations

import math
import re
import tomllib
from fractions import Fraction
from pathlib import Path

import pytest

from tests.content.lesson_numbers import num

COURSE = Path(__file__).resolve().parents[2] / "courses" / "cluster-management"
MODULES = ["02-business-model", "03-economics", "04-strategy", "05-stakeholders"]


def quiz(folder: str) -> dict:
    return tomllib.loads((COURSE / folder / "quiz.toml").read_text(encoding="utf-8"))


def pool(data: dict, name: str) -> list[dict]:
    questions = [q for q in data["questions"] if q.get("pool") == name]
    assert len(questions) >= 2, name
    assert data["draw"][name] < len(questions), f"{name}: a second attempt must meet a new one"
    return questions


def fmt(value: Fraction) -> str:
    """A whole number as the lessons print it: 12,000 or −360."""
    assert value.denominator == 1, value
    return f"{int(value):,}".replace("-", "−")


def correct_choice(question: dict) -> dict:
    (choice,) = [c for c in question["choices"] if c["correct"]]
    return choice


def feedbacks(question: dict) -> str:
    keys = ("feedback_correct", "feedback_incorrect", "feedback_true", "feedback_false")
    texts = [question[k] for k in keys if k in question]
    texts += [c["feedback"] for c in question.get("choices", [])]
    return "\n".join(texts)


# --------------------------------------------------------------------------
# Every module: pools, and numeric answers a learner can type
# --------------------------------------------------------------------------


@pytest.mark.parametrize("folder", MODULES)
def test_every_attempt_meets_fresh_data(folder):
    data = quiz(folder)
    assert data["show_feedback"] != "after_each_attempt"
    assert len(data.get("draw", {})) >= 2, "at least two pools of transfer questions"
    asked = [q for q in data["questions"] if "pool" not in q] + [
        q for q in data["questions"] if q.get("pool")][: sum(data["draw"].values())]
    assert 8 <= len(asked) <= 14
    words = {8: "Eight", 9: "Nine", 10: "Ten", 11: "Eleven", 12: "Twelve", 13: "Thirteen",
             14: "Fourteen"}
    assert data["intro"].strip().startswith(f"{words[len(asked)]} questions"), "intro's count"
    assert not [q["slug"] for q in data["questions"] if q["type"] == "short_text"], (
        "term recall is not understanding")


@pytest.mark.parametrize("folder", MODULES)
def test_large_numeric_answers_say_how_to_type_them(folder):
    """'2,000' reads as 2.0 (docs/course-format.md): prompts for big numbers must say so."""
    for q in quiz(folder)["questions"]:
        if q["type"] == "numeric" and abs(q["answer"]) >= 1000 and q.get("tolerance", 0) < 1:
            assert "without a thousands separator" in q["prompt"], q["slug"]


# --------------------------------------------------------------------------
# Module 2: business model
# --------------------------------------------------------------------------

BM = "02-business-model"


def test_cost_recovery_counts_staff_time():
    for q in pool(quiz(BM), "recovery"):
        m = re.search(r"external costs \([^)]*\) of ([\d,]+) euros a year and takes (\d+) staff "
                      r"days at ([\d,]+) euros a day\. [^.]* ([\d,]+) euros", q["prompt"])
        assert m, q["slug"]
        external, days, rate, revenue = (num(g) for g in m.groups())
        cost = external + days * rate
        recovery = revenue / cost * 100
        assert recovery.denominator == 1 and q["answer"] == recovery, q["slug"]
        for key in ("feedback_correct", "feedback_incorrect"):
            assert f"{fmt(external)} + {fmt(days)} × {fmt(rate)} = {fmt(cost)} euros" in q[key]
            assert f"{fmt(revenue)} ÷ {fmt(cost)} = {fmt(recovery)}%" in q[key]
        # the slip the feedback warns about really gives a different, higher number
        assert revenue / external * 100 > recovery
        assert f"{fmt(revenue)} ÷ {fmt(external)}" in q["feedback_incorrect"]


def test_priority_goes_to_the_biggest_gap_among_what_members_value():
    for q in pool(quiz(BM), "priority"):
        scores = {}
        for c in q["choices"]:
            m = re.search(r"importance ([\d.]+), satisfaction ([\d.]+)", c["text"])
            importance, satisfaction = num(m.group(1)), num(m.group(2))
            scores[c["slug"]] = (importance, importance - satisfaction)
            if importance - satisfaction > 0:
                gap = f"{float(importance - satisfaction):.1f}"
                assert gap in c["feedback"], (q["slug"], c["slug"])
        important = {s: gap for s, (imp, gap) in scores.items() if imp >= Fraction(7, 2)}
        assert correct_choice(q)["slug"] == max(important, key=important.get), q["slug"]


QUADRANTS = {(True, False): "core", (True, True): "strength",
             (False, False): "question-mark", (False, True): "niche"}


def test_portfolio_placement_on_fresh_data():
    placed = set()
    for q in pool(quiz(BM), "portfolio"):
        m = re.search(r"uses ([\d.]+) as the dividing line for importance and (\d+)% for cost "
                      r"recovery\. .*? importance of ([\d.]+); it costs ([\d,]+) euros a year, "
                      r"staff time included, and earns ([\d,]+) euros", q["prompt"], re.S)
        assert m, q["slug"]
        line, recovery_line, importance, cost, revenue = (num(g) for g in m.groups())
        recovery = revenue / cost * 100
        quadrant = QUADRANTS[(importance >= line, recovery >= recovery_line)]
        assert correct_choice(q)["slug"] == quadrant, q["slug"]
        assert {c["slug"] for c in q["choices"]} == set(QUADRANTS.values())
        assert f"{fmt(revenue)} ÷ {fmt(cost)} = {fmt(recovery)}%" in feedbacks(q)
        placed.add(quadrant)
    assert len(placed) >= 3  # the pool does not always land in the same corner


def test_expected_revenue_of_proposal_support():
    for q in pool(quiz(BM), "proposal"):
        m = re.search(r"charges ([\d,]+) euros upfront and a success fee of ([\d,]+) euros if "
                      r"the proposal is funded\. (\d+)% of the proposals", q["prompt"])
        assert m, q["slug"]
        upfront, fee, rate = (num(g) for g in m.groups())
        expected = upfront + fee * rate / 100
        assert q["answer"] == expected, q["slug"]
        step = (f"{fmt(upfront)} + {fmt(rate)}% × {fmt(fee)} = {fmt(upfront)} + "
                f"{fmt(fee * rate / 100)} = {fmt(expected)} euros")
        for key in ("feedback_correct", "feedback_incorrect"):
            assert step in q[key], (q["slug"], key)
        assert f"full success fee ({fmt(upfront + fee)} euros)" in q["feedback_incorrect"]
        for days, rate, cost in re.findall(r"(\d+) staff days at ([\d,]+) euros, it costs \1 × "
                                           r"\2 = ([\d,]+) euros, so the service still runs at "
                                           r"a loss", q["feedback_correct"]):
            assert num(days) * num(rate) == num(cost) > expected, q["slug"]


# --------------------------------------------------------------------------
# Module 3: economics
# --------------------------------------------------------------------------

ECON = "03-economics"


def money_table(prompt: str) -> list[tuple[str, str, Fraction]]:
    rows = re.findall(r"^\| ([^|]+) \| ([^|]+) \| ([\d,]+) \|$", prompt, re.M)
    return [(line.strip(), funder.strip(), num(amount)) for line, funder, amount in rows]


def pct_text(value: Fraction) -> str:
    text = f"{float(value):.1f}".removesuffix(".0")
    assert Fraction(text) == value, value  # the prompts are built to give exact shares
    return text


def test_largest_funder_is_grouped_by_funder_not_by_line():
    for q in pool(quiz(ECON), "funder-share"):
        rows = money_table(q["prompt"])
        assert len(rows) == 5, q["slug"]
        total = sum(a for *_, a in rows)
        by_funder: dict[str, Fraction] = {}
        for _, funder, amount in rows:
            by_funder[funder] = by_funder.get(funder, Fraction(0)) + amount
        largest_funder = max(by_funder, key=by_funder.get)
        share = by_funder[largest_funder] / total * 100
        assert q["answer"] == share, q["slug"]
        lines = [a for _, f, a in rows if f == largest_funder]
        assert len(lines) == 2, "the trap: the largest funder pays through two lines"
        grouped = (f"{fmt(lines[0])} + {fmt(lines[1])} = {fmt(by_funder[largest_funder])} of "
                   f"{fmt(total)}, so {fmt(by_funder[largest_funder])} ÷ {fmt(total)} = "
                   f"{pct_text(share)}%")
        for key in ("feedback_correct", "feedback_incorrect"):
            assert grouped in q[key], (q["slug"], key)
        # the single largest line, quoted as the misleading reading, is right too
        line_max = max(a for *_, a in rows)
        assert f"{pct_text(line_max / total * 100)}%" in q["feedback_incorrect"] + q[
            "feedback_correct"], q["slug"]


def break_even_whole(fixed: Fraction, price: Fraction, variable: Fraction) -> int:
    return math.ceil(fixed / (price - variable))


def test_break_even_is_rounded_up_on_fresh_data():
    for q in pool(quiz(ECON), "break-even"):
        fixed, price, variable = (num(x) for x in re.findall(r"EUR ([\d,]+)", q["prompt"]))
        margin = price - variable
        exact, whole = fixed / margin, break_even_whole(fixed, price, variable)
        assert exact != whole, "each variant tests the rounding"
        assert q["answer"] == whole, q["slug"]
        short = fixed - (whole - 1) * margin
        step = (f"{fmt(fixed)} ÷ ({fmt(price)} − {fmt(variable)}) = {fmt(fixed)} ÷ {fmt(margin)} "
                f"= {float(exact):.2f}")
        uncovered = (f"{fmt(fixed)} − {whole - 1} × {fmt(margin)} = {fmt(fixed)} − "
                     f"{fmt((whole - 1) * margin)} = {fmt(short)}")
        for key in ("feedback_correct", "feedback_incorrect"):
            assert step in q[key] and uncovered in q[key], (q["slug"], key)
        assert 0 < short < margin


def test_hhi_on_fresh_data():
    for q in pool(quiz(ECON), "hhi"):
        shares = [Fraction(int(p), 100) for p in re.findall(r"(\d+)%", q["prompt"])]
        assert sum(shares) == 1, q["slug"]
        hhi = sum(s * s for s in shares)
        assert abs(Fraction(str(q["answer"])) - hhi) <= Fraction(str(q["tolerance"])), q["slug"]
        squares = " + ".join(f"{float(s * s):.2f}" for s in shares)
        assert f"{squares} = {float(hhi):.2f}" in q["feedback_correct"], q["slug"]
        m = re.search(r"1 ÷ ([\d.]+) = ([\d.]+)", q["feedback_correct"])
        assert Fraction(m.group(1)) == hhi and m.group(2) == f"{float(1 / hhi):.1f}", q["slug"]


def test_a_changed_margin_moves_the_break_even():
    for q in pool(quiz(ECON), "margin-change"):
        amounts = [num(x) for x in re.findall(r"EUR ([\d,]+)", q["prompt"])]
        fixed, price, variable, new_value = amounts
        stated_before = int(re.search(r"breaks even at (\d+)", q["prompt"]).group(1))
        assert break_even_whole(fixed, price, variable) == stated_before, q["slug"]
        if "variable cost becomes" in q["prompt"]:
            after = break_even_whole(fixed, price, new_value)
        else:  # a new price
            after = break_even_whole(fixed, new_value, variable)
        assert f"{after} " in correct_choice(q)["text"], q["slug"]
        # every other choice names a different number
        for c in q["choices"]:
            if not c["correct"]:
                assert f"rises to {after} " not in c["text"], (q["slug"], c["slug"])


def test_own_cofinancing_per_year():
    for q in pool(quiz(ECON), "cofinancing"):
        m = re.search(r"EUR ([\d,]+) of eligible costs over (\w+) years\. The programme "
                      r"reimburses (\d+)%", q["prompt"])
        assert m, q["slug"]
        years = {"two": 2, "three": 3, "four": 4}[m.group(2)]
        budget, rate = num(m.group(1)), num(m.group(3))
        own = budget * (100 - rate) / 100
        assert q["answer"] == own / years, q["slug"]
        for key in ("feedback_correct", "feedback_incorrect"):
            assert (f"{fmt(budget)} × (1 − {fmt(rate)}%) = {fmt(own)} over the project, and "
                    f"{fmt(own)} ÷ {years} = {fmt(own / years)} a year") in q[key], (q["slug"], key)


DE_MINIMIS_CEILING = 300_000  # Regulation (EU) 2023/2831, as the state aid lesson says


def test_de_minimis_ceiling_on_fresh_data():
    lesson = (COURSE / ECON / "state-aid.md").read_text(encoding="utf-8")
    assert f"up to **EUR {DE_MINIMIS_CEILING:,} over any three-year period**" in lesson
    outcomes = set()
    for q in pool(quiz(ECON), "de-minimis"):
        market, paid, received = (num(x) for x in re.findall(
            r"costs EUR ([\d,]+) on the market; members pay EUR ([\d,]+)\. One member declares "
            r"EUR ([\d,]+)", q["prompt"])[0])
        assert f"ceiling EUR {DE_MINIMIS_CEILING:,}" in q["prompt"]
        aid = market - paid
        fits = received + aid <= DE_MINIMIS_CEILING
        assert correct_choice(q)["slug"] == ("grant" if fits else "refuse"), q["slug"]
        assert f"{fmt(received)} + " in feedbacks(q) and f"= {fmt(received + aid)}" in feedbacks(q)
        assert f"{fmt(market)} − {fmt(paid)} = {fmt(aid)}" in feedbacks(q)
        outcomes.add(fits)
    assert outcomes == {True, False}  # one variant fits under the ceiling, one does not


# --------------------------------------------------------------------------
# Module 4: strategy
# --------------------------------------------------------------------------

STRAT = "04-strategy"
RESULTS_CHAIN = ["input", "activity", "output", "outcome", "impact"]


def test_kpi_levels_vary_across_the_pool():
    levels = []
    for q in pool(quiz(STRAT), "kpi-level"):
        assert {c["slug"] for c in q["choices"]} <= set(RESULTS_CHAIN), q["slug"]
        levels.append(correct_choice(q)["slug"])
    assert len(set(levels)) == len(levels), "each variant asks for a different level"


def test_progress_towards_a_target_on_fresh_data():
    for q in pool(quiz(STRAT), "progress"):
        m = re.search(r"baseline of (\d+) [\w ]+?, the target is (\d+) [\w ]+?, and the current "
                      r"value is (\d+)", q["prompt"])
        assert m, q["slug"]
        baseline, target, current = (num(g) for g in m.groups())
        progress = (current - baseline) / (target - baseline) * 100
        assert q["answer"] == progress, q["slug"]
        step = (f"({fmt(current)} − {fmt(baseline)}) ÷ ({fmt(target)} − {fmt(baseline)}) × 100 = "
                f"{fmt(current - baseline)} ÷ {fmt(target - baseline)} × 100 = {fmt(progress)}%")
        for key in ("feedback_correct", "feedback_incorrect"):
            assert step in q[key], (q["slug"], key)
        naive = current / target * 100  # the slip: progress from zero
        assert f"({float(naive):.1f}%)".replace(".0%", "%") in q["feedback_incorrect"], q["slug"]


def test_difference_in_differences_on_fresh_data():
    signs = set()
    for q in pool(quiz(STRAT), "did"):
        m = re.search(r"rose from (\d+)% to (\d+)% over the period; in a \*\*comparison group\*\* "
                      r"of similar non-member firms it rose from (\d+)% to (\d+)%", q["prompt"])
        assert m, q["slug"]
        m0, m1, c0, c1 = (num(g) for g in m.groups())
        effect = (m1 - m0) - (c1 - c0)
        assert q["answer"] == effect, q["slug"]
        step = (f"({fmt(m1)}% − {fmt(m0)}%) − ({fmt(c1)}% − {fmt(c0)}%) = {fmt(m1 - m0)} − "
                f"{fmt(c1 - c0)} = {fmt(effect)} point")
        for key in ("feedback_correct", "feedback_incorrect"):
            assert step in q[key], (q["slug"], key)
        signs.add(effect > 0)
    assert signs == {True, False}, "one variant shows that members' progress can be no effect"



# --------------------------------------------------------------------------
# Module 5: stakeholders (fee income and retention: test_course_numbers_stakeholders.py)
# --------------------------------------------------------------------------

STAKE = "05-stakeholders"
GRID = {(True, True): "manage-closely", (True, False): "keep-satisfied",
        (False, True): "keep-informed", (False, False): "monitor"}


def test_power_and_interest_placement_on_fresh_data():
    lesson = (COURSE / STAKE / "stakeholder-maps.md").read_text(encoding="utf-8")
    assert "a score of **4 or 5 counts as high** and **1 to 3 as low**" in lesson
    placed = set()
    for q in pool(quiz(STAKE), "engage"):
        m = re.search(r"scores power (\d) and interest (\d)", q["prompt"])
        assert m, q["slug"]
        power, interest = (int(g) for g in m.groups())
        quadrant = GRID[(power >= 4, interest >= 4)]
        assert correct_choice(q)["slug"] == quadrant, q["slug"]
        assert {c["slug"] for c in q["choices"]} == set(GRID.values()), q["slug"]
        placed.add(quadrant)
    assert len(placed) == len(pool(quiz(STAKE), "engage")), "each variant lands elsewhere"


# Pools whose every question is recomputed above or in test_course_numbers_stakeholders.py.
RECOMPUTED = {
    BM: {"recovery", "proposal", "priority", "portfolio"},
    ECON: {"funder-share", "break-even", "hhi", "margin-change", "cofinancing", "de-minimis"},
    STRAT: {"progress", "did"},
    STAKE: {"fee-income", "retention", "engage"},
}


@pytest.mark.parametrize("folder", MODULES)
def test_every_numeric_answer_is_recomputed(folder):
    """A numeric question added outside these pools has no test behind its answer: fail."""
    for q in quiz(folder)["questions"]:
        if q["type"] == "numeric":
            assert q.get("pool") in RECOMPUTED[folder], q["slug"]
