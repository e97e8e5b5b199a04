"""Recompute the worked numbers in module 5 (stakeholders) of the cluster-management
course and compare them with what the lessons, the case, the quiz and the fee
calculator template state.

Every input is parsed from the course files themselves (tables found by the
heading above them, sentences by a phrase the lesson controls), the results are
recomputed with exact fractions and rounded half up as the lessons say, and the
stated results must match. Changing an input in a lesson without changing its
stated results makes a test fail.

Pure Python: nothing is imported from the application.
"""

from __future__ import annotations

import re
import tomllib
from fractions import Fraction
from pathlib import Path

import pytest

from tests.content.lesson_numbers import num, rounded, table_under

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "courses" / "cluster-management"
MODULE = COURSE / "05-stakeholders"
MEMBERSHIP = MODULE / "membership-models.md"
RETENTION = MODULE / "recruiting-and-retention.md"
HELIX = MODULE / "helix.md"
MAPS = MODULE / "stakeholder-maps.md"
CASE = MODULE / "case-wood-cluster-membership.md"
NOTES = MODULE / "case-wood-cluster-membership-notes.md"
QUIZ = MODULE / "quiz.toml"

SIZE_TIERS = ["Micro", "Small", "Medium", "Large"]
ALL_TIERS = [*SIZE_TIERS, "Associate", "Partner"]


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def by_first_cell(rows: list[list[str]]) -> dict[str, list[str]]:
    """Rows keyed by their first cell without bold markers, header skipped."""
    return {r[0].replace("*", "").strip(): r for r in rows[1:]}




def places(cell: str) -> int:
    """Number of decimals a stated number is written with."""
    s = cell.replace("*", "").replace("%", "").strip()
    return len(s.split(".")[1]) if "." in s else 0


def stated_percent_matches(cell: str, value: Fraction) -> bool:
    """A stated percentage equals `value` (a fraction of 1) rounded to as many
    decimals as the text shows."""
    return num(cell) == rounded(value * 100, places(cell))


def thousands(value: Fraction) -> str:
    """Write a whole number as the lessons do: 163500 -> '163,500'."""
    assert value.denominator == 1, f"not a whole number: {value}"
    return f"{value.numerator:,}"


def search(pattern: str, text: str) -> re.Match[str]:
    m = re.search(pattern, text)
    assert m, f"sentence not found: {pattern!r}"
    return m


# --------------------------------------------------------------------------
# Lesson: membership models (fee table by company size)
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def membership() -> str:
    return read(MEMBERSHIP)


@pytest.fixture(scope="module")
def fee_table(membership: str) -> dict[str, list[str]]:
    rows = table_under(membership, "## Worked example: a fee table by company size")
    assert rows[0][:4] == [
        "Tier",
        "Company size (employees)",
        "Annual fee (EUR)",
        "What the tier gets",
    ]
    table = by_first_cell(rows)
    assert list(table) == ALL_TIERS
    return table


@pytest.fixture(scope="module")
def income_table(membership: str) -> dict[str, list[str]]:
    rows = table_under(membership, "## Worked example: what the fee table yields")
    assert rows[0] == ["Tier", "Members", "Annual fee (EUR)", "Income (EUR)", "Share of fee income"]
    table = by_first_cell(rows)
    assert list(table) == [*ALL_TIERS, "Total"]
    return table


def fees(fee_table: dict[str, list[str]]) -> dict[str, Fraction]:
    return {tier: num(row[2]) for tier, row in fee_table.items()}


def members(income_table: dict[str, list[str]]) -> dict[str, Fraction]:
    return {tier: num(income_table[tier][1]) for tier in ALL_TIERS}


def test_size_bands_cover_every_company_size_without_gaps(fee_table):
    expected_low = Fraction(1)
    for tier in SIZE_TIERS[:-1]:
        m = re.fullmatch(r"(\d[\d,]*)\s*[–-]\s*(\d[\d,]*)", fee_table[tier][1])
        assert m, f"{tier}: size band {fee_table[tier][1]!r} is not 'low–high'"
        low, high = num(m.group(1)), num(m.group(2))
        assert low == expected_low, f"{tier}: band starts at {low}, expected {expected_low}"
        assert high >= low
        expected_low = high + 1
    m = re.fullmatch(r"(\d[\d,]*) or more", fee_table["Large"][1])
    assert m and num(m.group(1)) == expected_low
    # the bands are the EU SME headcount limits the lesson names
    assert [fee_table[t][1] for t in SIZE_TIERS] == ["1–9", "10–49", "50–249", "250 or more"]


def test_fees_rise_with_company_size(fee_table):
    f = fees(fee_table)
    assert [f[t] for t in SIZE_TIERS] == sorted(f[t] for t in SIZE_TIERS)
    assert len({f[t] for t in SIZE_TIERS}) == len(SIZE_TIERS)


def test_income_table_uses_the_fee_table(fee_table, income_table):
    f = fees(fee_table)
    for tier in ALL_TIERS:
        assert num(income_table[tier][2]) == f[tier], f"{tier}: fee differs from the fee table"


def test_income_per_tier_is_members_times_fee(fee_table, income_table):
    f, n = fees(fee_table), members(income_table)
    for tier in ALL_TIERS:
        assert num(income_table[tier][3]) == n[tier] * f[tier], tier


def test_total_members_and_income(fee_table, income_table):
    f, n = fees(fee_table), members(income_table)
    total_income = sum(n[t] * f[t] for t in ALL_TIERS)
    assert num(income_table["Total"][1]) == sum(n.values())
    assert num(income_table["Total"][3]) == total_income
    assert total_income == 163_500  # the figure the rest of the module builds on


def test_shares_of_fee_income(fee_table, income_table):
    f, n = fees(fee_table), members(income_table)
    total_income = sum(n[t] * f[t] for t in ALL_TIERS)
    for tier in ALL_TIERS:
        assert stated_percent_matches(income_table[tier][4], n[tier] * f[tier] / total_income), tier
    assert num(income_table["Total"][4]) == sum(num(income_table[t][4]) for t in ALL_TIERS) == 100


def test_worked_computation_in_the_text(membership, fee_table, income_table):
    f, n = fees(fee_table), members(income_table)
    total_income = sum(n[t] * f[t] for t in ALL_TIERS)

    m = search(r"The total is ([\d,]+(?: \+ [\d,]+)+) = ([\d,]+)\.", membership)
    terms = [num(x) for x in m.group(1).split(" + ")]
    assert terms == [n[t] * f[t] for t in ALL_TIERS]
    assert num(m.group(2)) == sum(terms) == total_income

    m = search(r"for the small tier, (\d+) × ([\d,]+) = ([\d,]+)", membership)
    assert (num(m.group(1)), num(m.group(2))) == (n["Small"], f["Small"])
    assert num(m.group(3)) == n["Small"] * f["Small"]

    m = search(r"the fee table yields \*\*EUR ([\d,]+) a year\*\*", membership)
    assert num(m.group(1)) == total_income

    m = search(
        r"The (\d+) members pay an average of EUR ([\d,]+) per member "
        r"\(([\d,]+) ÷ (\d+) = ([\d,.]+), rounded to the nearest euro\)",
        membership,
    )
    assert num(m.group(1)) == num(m.group(4)) == sum(n.values())
    assert num(m.group(3)) == total_income
    average = total_income / sum(n.values())
    assert num(m.group(5)) == rounded(average, 2)
    assert num(m.group(2)) == rounded(average, 0)


def test_reading_the_result(membership, fee_table, income_table):
    f, n = fees(fee_table), members(income_table)
    total_members = sum(n.values())
    total_income = sum(n[t] * f[t] for t in ALL_TIERS)

    m = search(
        r"The (\d+) large firms and (\d+) partners are (\d+) of (\d+) members \(([\d.]+%)\) "
        r"but bring in ([\d,]+) \+ ([\d,]+) = ([\d,]+), which is ([\d.]+%) of fee income",
        membership,
    )
    assert num(m.group(1)) == n["Large"] and num(m.group(2)) == n["Partner"]
    assert num(m.group(3)) == n["Large"] + n["Partner"]
    assert num(m.group(4)) == total_members
    assert stated_percent_matches(m.group(5), (n["Large"] + n["Partner"]) / total_members)
    big = n["Large"] * f["Large"] + n["Partner"] * f["Partner"]
    assert (num(m.group(6)), num(m.group(7))) == (
        n["Large"] * f["Large"],
        n["Partner"] * f["Partner"],
    )
    assert num(m.group(8)) == big
    assert stated_percent_matches(m.group(9), big / total_income)

    m = search(
        r"Losing one partner \(EUR ([\d,]+)\) costs more than losing all (\d+) micro members "
        r"together \((\d+) × ([\d,]+) = EUR ([\d,]+)\)",
        membership,
    )
    assert num(m.group(1)) == f["Partner"]
    # "all N micro members" must be the example's whole micro tier, not another count
    assert num(m.group(2)) == num(m.group(3)) == n["Micro"]
    assert num(m.group(4)) == f["Micro"]
    assert num(m.group(5)) == num(m.group(3)) * f["Micro"] < f["Partner"]

    m = search(
        r"The (\d+) micro firms are ([\d.]+%) of the members but bring ([\d.]+%) of fee income",
        membership,
    )
    assert num(m.group(1)) == n["Micro"]
    assert stated_percent_matches(m.group(2), n["Micro"] / total_members)
    assert stated_percent_matches(m.group(3), n["Micro"] * f["Micro"] / total_income)

    found = re.findall(
        r"firm with (\d+) employees pays EUR (\d+) per employee \(([\d,]+) ÷ (\d+)\)", membership
    )
    assert len(found) == 2
    for (staff, per_head, fee, divisor), tier in zip(found, ["Micro", "Large"], strict=True):
        assert num(fee) == f[tier] and staff == divisor
        assert num(per_head) == f[tier] / num(staff)


def test_forum_cost_of_free_places(membership, fee_table, income_table):
    f, n = fees(fee_table), members(income_table)
    total_income = sum(n[t] * f[t] for t in ALL_TIERS)
    section = membership.split("## What the benefits cost to deliver", 1)[1].split("\n## ", 1)[0]
    cost_per_place = num(
        search(r"a place at the annual forum costs the cluster EUR ([\d,]+)", section).group(1)
    )

    places_total = Fraction(0)
    for tier, count, per_member, product in re.findall(
        r"- (\w+): (\d+) × (\d+) = (\d+) places", section
    ):
        assert num(count) == n[tier], f"{tier}: member count differs from the income table"
        # the free places per member are the ones the fee table promises
        assert re.search(rf"\b{per_member} free (?:forum )?places\b", fee_table[tier][3]), tier
        assert num(product) == num(count) * num(per_member)
        places_total += num(product)
    assert places_total > 0

    m = search(
        r"Total: (\d+) places × ([\d,]+) = EUR ([\d,]+), which is ([\d.]+%) of fee income", section
    )
    assert num(m.group(1)) == places_total
    assert num(m.group(2)) == cost_per_place
    assert num(m.group(3)) == places_total * cost_per_place
    assert stated_percent_matches(m.group(4), places_total * cost_per_place / total_income)


# --------------------------------------------------------------------------
# Lesson: recruiting, activating and retaining members
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def retention() -> str:
    return read(RETENTION)


@pytest.fixture(scope="module")
def counts(retention: str) -> dict[str, Fraction]:
    rows = by_first_cell(table_under(retention, "## Measuring retention", 0))
    return {
        "start": num(rows["Members at the start of the year"][1]),
        "joined": num(rows["New members who joined during the year"][1]),
        "left": num(rows["Members who left during the year"][1]),
        "end": num(rows["Members at the end of the year"][1]),
    }


def test_membership_counts_are_consistent(retention, counts):
    assert counts["start"] + counts["joined"] - counts["left"] == counts["end"]
    m = search(
        r"Check first that the counts are consistent: (\d+) \+ (\d+) − (\d+) = (\d+)\.", retention
    )
    assert [num(x) for x in m.groups()] == [counts[k] for k in ("start", "joined", "left", "end")]


def test_retention_churn_and_growth(retention, counts):
    rows = by_first_cell(table_under(retention, "## Measuring retention", 1))
    retained = counts["end"] - counts["joined"]
    retention_rate = retained / counts["start"]
    churn_rate = counts["left"] / counts["start"]
    growth = (counts["end"] - counts["start"]) / counts["start"]

    assert stated_percent_matches(rows["Retention rate"][2], retention_rate)
    assert stated_percent_matches(rows["Churn rate"][2], churn_rate)
    assert stated_percent_matches(rows["Net membership growth"][2], growth)
    assert retention_rate + churn_rate == 1
    # the computations shown use the counts of the table above
    start, joined, end = counts["start"], counts["joined"], counts["end"]
    assert rows["Retention rate"][1] == f"({end} − {joined}) ÷ {start} = {retained} ÷ {start}"
    assert rows["Churn rate"][1] == f"{counts['left']} ÷ {counts['start']}"
    assert (
        rows["Net membership growth"][1]
        == f"({counts['end']} − {counts['start']}) ÷ {counts['start']}"
    )

    m = search(
        r"kept (\d+) of the (\d+) members it started with: a retention rate of \*\*([\d.]+%)\*\*, "
        r"and a churn rate of \*\*([\d.]+%)\*\*",
        retention,
    )
    assert num(m.group(1)) == retained and num(m.group(2)) == counts["start"]
    assert stated_percent_matches(m.group(3), retention_rate)
    assert stated_percent_matches(m.group(4), churn_rate)

    m = search(r"members at the start \((\d+) ÷ (\d+) = ([\d.]+%)\)", retention)
    assert (num(m.group(1)), num(m.group(2))) == (counts["end"], counts["start"])
    assert stated_percent_matches(m.group(3), counts["end"] / counts["start"])


def test_retention_of_first_year_and_longer_standing_members(retention, counts):
    rows = by_first_cell(table_under(retention, "## Where members are lost"))
    groups = ["Joined in the previous year (first renewal)", "Members for more than a year"]
    total = rows["All members"]
    for label in [*groups, "All members"]:
        start, renewed, left = (num(c) for c in rows[label][1:4])
        assert renewed + left == start, label
        assert stated_percent_matches(rows[label][4], renewed / start), label
    for col in (1, 2, 3):
        assert num(total[col]) == sum(num(rows[g][col]) for g in groups)
    assert num(total[1]) == counts["start"]
    assert num(total[2]) == counts["end"] - counts["joined"]
    assert num(total[3]) == counts["left"]

    first = rows[groups[0]]
    m = search(
        r"Rates are rounded to one decimal: "
        r"(\d+) ÷ (\d+) = ([\d.]+%) and (\d+) ÷ (\d+) = ([\d.]+%)\.",
        retention,
    )
    assert (m.group(1), m.group(2)) == (first[2], first[1])
    assert stated_percent_matches(m.group(3), num(first[2]) / num(first[1]))
    longer = rows[groups[1]]
    assert (m.group(4), m.group(5)) == (longer[2], longer[1])
    assert stated_percent_matches(m.group(6), num(longer[2]) / num(longer[1]))


def test_activation_funnel_and_avoidable_churn(retention, counts):
    m = search(
        r"(\d+) of the (\d+) members were active in the last year\. The \*\*activation rate\*\* is "
        r"(\d+) ÷ (\d+) = ([\d.]+%)\. The other (\d+) members",
        retention,
    )
    active, all_members = num(m.group(1)), num(m.group(2))
    assert all_members == counts["end"]
    assert (num(m.group(3)), num(m.group(4))) == (active, all_members)
    assert stated_percent_matches(m.group(5), active / all_members)
    assert num(m.group(6)) == all_members - active

    m = search(
        r"contacted (\d+) target firms\. (\d+) agreed to a meeting "
        r"\(([\d.]+%) of those contacted\) and (\d+) joined "
        r"\(([\d.]+%) of those contacted, or ([\d.]+%) of those met\)",
        retention,
    )
    contacted, met, joined = num(m.group(1)), num(m.group(2)), num(m.group(4))
    assert stated_percent_matches(m.group(3), met / contacted)
    assert stated_percent_matches(m.group(5), joined / contacted)
    assert stated_percent_matches(m.group(6), joined / met)
    assert joined <= counts["joined"]

    m = search(
        r"if (\w+) of the (\w+) leavers closed down, the churn that your team could have prevented "
        r"is (\d+) ÷ (\d+) = ([\d.]+%)",
        retention,
    )
    words = {"three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
    closed, leavers = words[m.group(1)], words[m.group(2)]
    assert leavers == counts["left"]
    assert num(m.group(3)) == leavers - closed and num(m.group(4)) == counts["start"]
    assert stated_percent_matches(m.group(5), Fraction(leavers - closed) / counts["start"])


# --------------------------------------------------------------------------
# Lessons: helix check and stakeholder map
# --------------------------------------------------------------------------


def test_helix_check_shares():
    rows = by_first_cell(
        table_under(read(HELIX), "## Worked example: a helix check for a textile cluster")
    )
    strands = ["Industry", "Research", "Government", "Civil society"]
    total_members = sum(num(rows[s][1]) for s in strands)
    assert num(rows["Total"][1]) == total_members
    assert num(rows["Total"][3]) == sum(num(rows[s][3]) for s in strands)
    for s in strands:
        assert stated_percent_matches(rows[s][2], num(rows[s][1]) / total_members), s
    text = read(HELIX)
    board = {"five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
    m = search(r"has (\d+) members and a board of (\w+)\.", text)
    assert num(m.group(1)) == total_members
    assert board[m.group(2)] == num(rows["Total"][3])
    m = search(r"For industry: (\d+) ÷ (\d+) = ([\d.]+), or ([\d.]+%)\.", text)
    assert (num(m.group(1)), num(m.group(2))) == (num(rows["Industry"][1]), total_members)
    assert num(m.group(3)) == rounded(num(m.group(1)) / num(m.group(2)), 3)
    assert m.group(4) == rows["Industry"][2]


def test_stakeholder_map_quadrants_follow_the_rule():
    text = read(MAPS)
    rows = table_under(text, "## Worked example: a bioeconomy cluster in eastern Finland")
    assert rows[0] == ["Stakeholder", "Helix", "Power", "Interest", "Quadrant"]

    def quadrant(power: Fraction, interest: Fraction) -> str:
        high_power, high_interest = power >= 4, interest >= 4
        if high_power and high_interest:
            return "Manage closely"
        if high_power:
            return "Keep satisfied"
        if high_interest:
            return "Keep informed"
        return "Monitor"

    tally: dict[str, int] = {}
    for name, _helix, power, interest, stated in rows[1:]:
        assert 1 <= num(power) <= 5 and 1 <= num(interest) <= 5, name
        assert stated == quadrant(num(power), num(interest)), name
        tally[stated] = tally.get(stated, 0) + 1
    words = {"ten": 10, "two": 2, "three": 3}
    m = search(
        r"the (\w+) stakeholders fall into four groups: (\w+) to manage closely, (\w+) to keep "
        r"satisfied, (\w+) to keep informed and (\w+) to monitor",
        text,
    )
    assert words[m.group(1)] == len(rows) - 1
    assert [words[m.group(i)] for i in range(2, 6)] == [
        tally.get(q, 0) for q in ("Manage closely", "Keep satisfied", "Keep informed", "Monitor")
    ]


# --------------------------------------------------------------------------
# Case: a new membership model for a wood and furniture cluster
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def case() -> str:
    """The case as learners see it, then its trainer-only teaching notes with the results."""
    return read(CASE) + "\n" + read(NOTES)


def test_case_todays_fee_income(case):
    given = by_first_cell(table_under(case, "### Members and fees today"))
    check = by_first_cell(table_under(case, "### Today's fee income"))
    groups = ["Micro", "Small", "Medium", "Large", "Associate"]
    income = {g: num(given[g][2]) * num(given[g][3]) for g in groups}
    total = sum(income.values())
    for g in groups:
        assert num(check[g][1]) == num(given[g][2]) and num(check[g][2]) == num(given[g][3]), g
        assert num(check[g][3]) == income[g], g
        assert stated_percent_matches(check[g][4], income[g] / total), g
    assert num(check["Total"][1]) == sum(num(given[g][2]) for g in groups)
    assert num(check["Total"][3]) == total
    budget = by_first_cell(table_under(case, "### This year's budget"))
    assert num(budget["Membership fees"][1]) == total
    assert num(budget["Total"][1]) == sum(num(r[1]) for k, r in budget.items() if k != "Total")


def test_case_retention_and_activation(case):
    moves = by_first_cell(table_under(case, "### Member firms over last year"))
    start = num(moves["Member firms at the start of the year"][1])
    joined = num(moves["New firms that joined during the year"][1])
    left = num(moves["Firms that left during the year"][1])
    end = num(moves["Member firms at the end of the year"][1])
    assert start + joined - left == end

    given = by_first_cell(table_under(case, "### Members and fees today"))
    firm_groups = ["Micro", "Small", "Medium", "Large"]
    assert sum(num(given[g][2]) for g in firm_groups) == end

    closed = 2  # "Two of the seven micro firms closed down"
    assert "Two of the seven micro firms closed down" in case
    assert "seven were micro firms and two were small firms" in case and left == 7 + 2

    participation = by_first_cell(table_under(case, "### Participation last year"))
    check = by_first_cell(table_under(case, "### Retention and activation"))
    assert stated_percent_matches(
        check["Retention rate of member firms"][2], (end - joined) / start
    )
    assert stated_percent_matches(check["Churn rate of member firms"][2], left / start)
    assert stated_percent_matches(
        check["Avoidable churn (leavers that did not close down)"][2], (left - closed) / start
    )
    for g in firm_groups:
        assert num(participation[g][1]) == num(given[g][2]), g
        rate = num(participation[g][2]) / num(participation[g][1])
        assert stated_percent_matches(check[f"Activation rate, {g.lower()}"][2], rate), g
    active = sum(num(participation[g][2]) for g in firm_groups)
    assert stated_percent_matches(check["Activation rate, all member firms"][2], active / end)


def test_case_draft_fee_scenarios(case):
    given = by_first_cell(table_under(case, "### Members and fees today"))
    draft = by_first_cell(table_under(case, "### The board's draft fee table"))
    check = by_first_cell(table_under(case, "### The draft fee table"))
    today = by_first_cell(table_under(case, "### Today's fee income"))
    today_income = num(today["Total"][3])

    fee = {g: num(draft[g][2]) for g in draft}
    count = {g: num(given[g][2]) for g in ["Micro", "Small", "Medium", "Large", "Associate"]}

    def income(counts: dict[str, Fraction], partners: int) -> Fraction:
        return sum(counts[g] * fee[g] for g in counts) + partners * fee["Partner"]

    no_partner = income(count, 0)
    one_partner = income(count, 1)
    # question 5: two large firms leave, five new micro firms join, one partner
    assert "two of the six large firms leave" in case and "five new micro firms join" in case
    cautious_counts = dict(count, Large=count["Large"] - 2, Micro=count["Micro"] + 5)
    cautious = income(cautious_counts, 1)

    for label, value in [
        ("Draft fees, today's members, no partner", no_partner),
        ("Draft fees, today's members, one partner", one_partner),
        ("Cautious scenario", cautious),
    ]:
        assert num(check[label][1]) == value, label
        assert num(check[label][2]) == value - today_income, label

    cut = num(search(r"of the EUR ([\d,]+) cut in core funding", case).group(1))
    budget = by_first_cell(table_under(case, "### This year's budget"))
    assert cut == num(budget["Core funding from the regional government"][1]) - 120_000
    assert "to EUR 120,000 in two years" in case
    m = search(
        r"the increase covers ([\d,]+) ÷ ([\d,]+) = ([\d.]+%) of the cut in core funding\. "
        r"The remaining EUR ([\d,]+)",
        case,
    )
    assert num(m.group(1)) == cautious - today_income and num(m.group(2)) == cut
    assert stated_percent_matches(m.group(3), (cautious - today_income) / cut)
    assert num(m.group(4)) == cut - (cautious - today_income)

    m = search(
        r"a large firm pays ([\d.]+) times the fee of a micro firm \(([\d,]+) ÷ ([\d,]+)\)", case
    )
    assert (num(m.group(2)), num(m.group(3))) == (fee["Large"], fee["Micro"])
    assert num(m.group(1)) == fee["Large"] / fee["Micro"]


# --------------------------------------------------------------------------
# Quiz: the numeric answers follow from the numbers in the prompts
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def quiz() -> dict[str, dict]:
    with QUIZ.open("rb") as handle:
        data = tomllib.load(handle)
    return {q["slug"]: q for q in data["questions"]}


def _pool(name: str) -> list[dict]:
    with QUIZ.open("rb") as handle:
        data = tomllib.load(handle)
    return [q for q in data["questions"] if q.get("pool") == name]


@pytest.mark.parametrize("q", _pool("fee-income"), ids=lambda q: q["slug"])
def test_quiz_fee_income_answer(q):
    rows = [
        [c.strip() for c in line.strip().strip("|").split("|")]
        for line in q["prompt"].splitlines()
        if line.strip().startswith("|")
    ]
    rows = [r for r in rows if not all(re.fullmatch(r":?-{3,}:?", c) for c in r)]
    assert rows[0] == ["Tier", "Company size (employees)", "Annual fee (EUR)", "Members"]
    total = sum(num(r[2]) * num(r[3]) for r in rows[1:])
    assert Fraction(q["answer"]) == total
    steps = "; ".join(f"{thousands(num(r[3]))} × {thousands(num(r[2]))} = "
                      f"{thousands(num(r[2]) * num(r[3]))}" for r in rows[1:])
    for key in ("feedback_correct", "feedback_incorrect"):
        assert steps in q[key], (q["slug"], key)
        assert f"Total: {thousands(total)}" in q[key], (q["slug"], key)


@pytest.mark.parametrize("q", _pool("retention"), ids=lambda q: q["slug"])
def test_quiz_retention_answer(q):
    m = search(
        r"had (\d+) members on 1 January\. During the year (\d+) new members joined and (\d+) "
        r"members left, so it had (\d+) members on 31 December",
        q["prompt"],
    )
    start, joined, left, end = (Fraction(x) for x in m.groups())
    assert start + joined - left == end
    retention = (end - joined) / start * 100
    assert Fraction(q["answer"]) == retention
    assert abs(end / start * 100 - Fraction(q["answer"])) > Fraction(str(q["tolerance"]))
    step = (f"({end} − {joined}) ÷ {start} = {end - joined} ÷ {start} = {retention}%")
    for key in ("feedback_correct", "feedback_incorrect"):
        assert step in q[key], (q["slug"], key)
    churn = left / start * 100
    assert f"{left} ÷ {start} = {churn}%" in q["feedback_correct"], q["slug"]
    assert churn + retention == 100


def test_quiz_pools_hold_fresh_data():
    for name in ("fee-income", "retention"):
        prompts = [q["prompt"] for q in _pool(name)]
        assert len(prompts) >= 3 and len(set(prompts)) == len(prompts), name


def test_quiz_per_employee_statement(quiz, fee_table):
    q = quiz["per-employee"]
    m = search(
        r"micro firms pay EUR ([\d,]+) and large firms pay EUR ([\d,]+), a micro firm with (\d+) "
        r"employees pays more per employee than a large firm with (\d+) employees",
        q["prompt"],
    )
    micro_fee, large_fee, micro_staff, large_staff = (num(x) for x in m.groups())
    assert (micro_fee, large_fee) == (num(fee_table["Micro"][2]), num(fee_table["Large"][2]))
    assert q["answer"] is (micro_fee / micro_staff > large_fee / large_staff)


def test_quiz_choice_questions_are_well_formed(quiz):
    for slug, q in quiz.items():
        if q["type"] in ("single_choice", "multiple_choice"):
            correct = [c for c in q["choices"] if c["correct"]]
            if q["type"] == "single_choice":
                assert len(correct) == 1, slug
            else:
                assert correct, slug
            assert all(c.get("feedback", "").strip() for c in q["choices"]), slug
