"""Recompute the worked numbers of two lessons of the cluster-management course:
impact evaluation (module 4) and state aid basics (module 3).

Inputs are read from the lessons themselves (a table found by the heading above
it, sentences by a phrase the lesson controls); the results are recomputed with
exact fractions and must equal what the text states. Changing an input without
changing the stated results makes a test fail. Pure Python: nothing is imported
from the application.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest

from tests.content.lesson_numbers import num, rounded, table_under

COURSE = Path(__file__).resolve().parents[2] / "courses" / "cluster-management"
IMPACT = COURSE / "04-strategy" / "impact-evaluation.md"
STATE_AID = COURSE / "03-economics" / "state-aid.md"

WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10}


def search(pattern: str, text: str) -> re.Match[str]:
    m = re.search(pattern, text)
    assert m, f"sentence not found: {pattern!r}"
    return m


def percent(cell: str) -> Fraction:
    """A stated percentage as a fraction of 1."""
    return num(cell) / 100


def pct_text(value: Fraction) -> str:
    """A share written as the lesson writes it: one decimal and a percent sign."""
    return f"{float(rounded(value * 100, 1)):.1f}%"


# --------------------------------------------------------------------------
# Impact evaluation: difference-in-differences
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def impact() -> str:
    return IMPACT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def groups(impact: str) -> dict[str, dict[str, Fraction]]:
    rows = table_under(impact, "### Exporting firms in both groups")
    assert rows[0] == ["Group", "Firms", "Exporting in 2021", "Exporting in 2025"]
    table = {r[0]: {"firms": num(r[1]), "before": num(r[2]), "after": num(r[3])} for r in rows[1:]}
    assert list(table) == ["Members", "Comparison group"]
    for name, g in table.items():
        assert 0 <= g["before"] <= g["firms"] and 0 <= g["after"] <= g["firms"], name
    return table


def shares(g: dict[str, Fraction]) -> tuple[Fraction, Fraction]:
    return g["before"] / g["firms"], g["after"] / g["firms"]


def test_member_count_matches_the_story(impact, groups):
    stated = num(search(r"region of northern Italy has (\d+) member firms", impact).group(1))
    assert stated == groups["Members"]["firms"]
    comparison = num(search(r"comparison group of (\d+) non-member firms", impact).group(1))
    assert comparison == groups["Comparison group"]["firms"]


def test_shares_stated_below_the_table(impact, groups):
    stated = re.findall(r"(\d+) ÷ (\d+) = ([\d.]+%)", impact)
    expected = []
    for name in ("Members", "Comparison group"):
        g = groups[name]
        for count in (g["before"], g["after"]):
            expected.append((count, g["firms"], count / g["firms"]))
    assert len(stated) == len(expected)
    for (count, firms, share), (c, f, s) in zip(expected, stated, strict=True):
        assert (num(c), num(f)) == (count, firms)
        assert percent(s) == share


def test_three_answers(impact, groups):
    rows = {r[0]: r for r in table_under(impact, "### Three answers to the same question")[1:]}
    m_before, m_after = shares(groups["Members"])
    c_before, c_after = shares(groups["Comparison group"])

    cross = rows["Members against non-members, 2025 only"]
    assert cross[1] == f"{pct_text(m_after)} − {pct_text(c_after)}"
    assert num(cross[2].replace("points", "")) == (m_after - c_after) * 100

    before_after = rows["Members, 2025 against 2021"]
    assert before_after[1] == f"{pct_text(m_after)} − {pct_text(m_before)}"
    assert num(before_after[2].replace("points", "")) == (m_after - m_before) * 100

    did = rows["Difference-in-differences"]
    assert did[1] == (f"({pct_text(m_after)} − {pct_text(m_before)}) − "
                      f"({pct_text(c_after)} − {pct_text(c_before)})")
    did_value = (m_after - m_before) - (c_after - c_before)
    assert num(did[2].replace("points", "")) == did_value * 100
    # the three methods give three different answers: that is the lesson's point
    assert len({m_after - c_after, m_after - m_before, did_value}) == 3


def test_reading_the_result(impact, groups):
    m_before, m_after = shares(groups["Members"])
    c_before, c_after = shares(groups["Comparison group"])
    did_value = (m_after - m_before) - (c_after - c_before)

    m = search(r"already differed by (\d+) points in 2021 \(([\d.]+%) against ([\d.]+%)\)", impact)
    assert num(m.group(1)) == (m_before - c_before) * 100
    assert (percent(m.group(2)), percent(m.group(3))) == (m_before, c_before)

    m = search(r"exporting rose by (\d+) points among non-members too", impact)
    assert num(m.group(1)) == (c_after - c_before) * 100

    m = search(r"leaves \*\*([\d.]+) points\*\*", impact)
    assert num(m.group(1)) == did_value * 100

    members = groups["Members"]["firms"]
    m = search(r"that is (\d+) × ([\d.]+)% = \*\*(\d+) additional exporting firms\*\*", impact)
    assert num(m.group(1)) == members
    assert num(m.group(2)) == did_value * 100
    assert num(m.group(3)) == members * did_value


def test_cost_per_additional_exporter(impact, groups):
    m_before, m_after = shares(groups["Members"])
    c_before, c_after = shares(groups["Comparison group"])
    additional = groups["Members"]["firms"] * ((m_after - m_before) - (c_after - c_before))
    cost = num(search(r"The programme cost EUR ([\d,]+) over the four years", impact).group(1))
    m = search(r"each additional exporter cost ([\d,]+) ÷ (\d+) = \*\*EUR ([\d,]+)\*\*", impact)
    assert num(m.group(1)) == cost
    assert num(m.group(2)) == additional
    assert num(m.group(3)) == cost / additional


def test_attribution_survey_adds_up(impact, groups):
    members = groups["Members"]
    m = search(r"surveyed the (\d+) − (\d+) = (\d+) members that started exporting", impact)
    assert (num(m.group(1)), num(m.group(2))) == (members["after"], members["before"])
    starters = members["after"] - members["before"]
    assert num(m.group(3)) == starters

    m = search(r"(\w+) answered \"yes, probably\"; (\w+) answered \"no\"", impact)
    yes, no = (WORDS[w.lower()] for w in m.groups())
    assert yes + no == starters
    # "the same order of magnitude as the statistical estimate": here exactly equal
    m_before, m_after = shares(members)
    c_before, c_after = shares(groups["Comparison group"])
    additional = members["firms"] * ((m_after - m_before) - (c_after - c_before))
    attributing = WORDS[search(r"(\w+) firms \*\*attribute\*\*", impact).group(1).lower()]
    assert attributing == no == additional


# --------------------------------------------------------------------------
# State aid: a shared stand at a trade fair, and the de minimis ceiling
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def state_aid() -> str:
    return STATE_AID.read_text(encoding="utf-8")


def test_aid_per_member_and_in_total(state_aid):
    m = search(r"would cost a firm EUR ([\d,]+) on the market; members pay EUR ([\d,]+)\.",
               state_aid)
    market, paid = num(m.group(1)), num(m.group(2))
    m = search(r"Aid per participating member: ([\d,]+) − ([\d,]+) = \*\*EUR ([\d,]+)\*\*",
               state_aid)
    assert (num(m.group(1)), num(m.group(2))) == (market, paid)
    aid = num(m.group(3))
    assert aid == market - paid

    m = search(r"(\w+) members take part, so the cluster passes on (\d+) × ([\d,]+) = "
               r"\*\*EUR ([\d,]+)\*\*", state_aid)
    assert WORDS[m.group(1).lower()] == num(m.group(2))
    assert num(m.group(3)) == aid
    assert num(m.group(4)) == num(m.group(2)) * aid

    m = search(r"in writing that it received EUR ([\d,]+) of de minimis aid", state_aid)
    assert num(m.group(1)) == aid


def test_de_minimis_ceiling_is_exceeded(state_aid):
    ceiling = num(search(r"up to \*\*EUR ([\d,]+) over any three-year period\*\*",
                         state_aid).group(1))
    aid = num(search(r"Aid per participating member: [\d,]+ − [\d,]+ = \*\*EUR ([\d,]+)\*\*",
                     state_aid).group(1))
    declared = num(search(r"declares EUR ([\d,]+) of de minimis aid", state_aid).group(1))
    m = search(r"bring it to ([\d,]+) \+ ([\d,]+) = \*\*EUR ([\d,]+)\*\*, above the EUR ([\d,]+) "
               r"ceiling", state_aid)
    assert (num(m.group(1)), num(m.group(2))) == (declared, aid)
    assert num(m.group(3)) == declared + aid
    assert num(m.group(4)) == ceiling
    assert declared <= ceiling < declared + aid  # under the ceiling before, over it after

    # The GBER alternative for fairs caps the aid at half the stand: the member pays at least half.
    market = num(search(r"would cost a firm EUR ([\d,]+) on the market", state_aid).group(1))
    m = search(r"caps the aid at (\d+)% of the eligible costs of the stand, so the member would "
               r"pay at least \1% × ([\d,]+) = \*\*EUR ([\d,]+)\*\*", state_aid)
    assert num(m.group(2)) == market and num(m.group(3)) == market * num(m.group(1)) / 100
