"""Rules over a package's list of items: prerequisites, trainer-only visibility, objectives.

Each rule reads the manifest's item tables (as parsed, before defaults) and reports through
a callback, so the loader stays a driver and the rules can be read and tested on their own.
"""

from __future__ import annotations

from collections.abc import Callable

from .kinds import ITEM_KINDS, ItemKind
from .schema import Path as DataPath

Items = list[tuple[DataPath, dict]]
Report = Callable[[DataPath, str], None]

MAX_OBJECTIVES = 6


def _kind(item: dict) -> ItemKind | None:
    """The item's kind; None when it names none (the schema reports that)."""
    name = item.get("kind")
    return ITEM_KINDS.get(name) if isinstance(name, str) else None


def check_prerequisites(items: Items, problem: Report) -> None:
    """Prerequisites name other items of the course and never go round in a cycle."""
    where: dict[str, DataPath] = {}  # slug -> path of the first item with it
    for path, item in items:
        if isinstance(item.get("slug"), str):
            where.setdefault(item["slug"], path)
    needs: dict[str, list[str]] = {}
    for path, item in items:
        slug, prerequisites = item.get("slug"), item.get("prerequisites", [])
        if not isinstance(slug, str) or not isinstance(prerequisites, list):
            continue
        for prerequisite in prerequisites:
            if not isinstance(prerequisite, str):
                continue
            if prerequisite == slug:
                problem(path + ("prerequisites",),
                        "an item cannot be its own prerequisite")
            elif prerequisite not in where:
                problem(path + ("prerequisites",), f'prerequisite "{prerequisite}" '
                                                   "is not an item of this course")
            else:
                needs.setdefault(slug, []).append(prerequisite)
    for cycle in find_cycles(needs, list(where)):
        chain = " -> ".join(f'"{slug}"' for slug in cycle + [cycle[0]])
        problem(where[cycle[0]] + ("prerequisites",),
                f"prerequisites form a cycle: {chain}")


def check_visibility(items: Items, problem: Report) -> None:
    """Trainer-only items hold no learner work, and no learner item may wait for one."""
    trainers_only = {item.get("slug") for _, item in items
                     if item.get("visibility") == "trainers"}
    for path, item in items:
        if item.get("visibility") == "trainers":
            kind = _kind(item)
            if kind is not None and not kind.for_trainers_allowed:
                problem(path + ("visibility",),
                        f'a {item["kind"]} item collects learners\' work, so it '
                        'cannot be for trainers only')
            continue
        prerequisites = item.get("prerequisites")
        for prerequisite in prerequisites if isinstance(prerequisites, list) else []:
            if prerequisite in trainers_only:
                problem(path + ("prerequisites",),
                        f'prerequisite "{prerequisite}" is for trainers only: '
                        "learners could never open this item")


def check_objectives(items: Items, problem: Report) -> None:
    """Objectives are a few non-empty sentences, on items with a page to show them."""
    for path, item in items:
        objectives = item.get("objectives")
        if not isinstance(objectives, list) or not objectives:
            continue
        where = path + ("objectives",)
        kind = _kind(item)
        if kind is not None and not kind.objectives:
            problem(where, f"a {kind.name} shows no lesson page: put objectives on the lessons "
                           "it checks")
        if any(isinstance(o, str) and not o.strip() for o in objectives):
            problem(where, "an objective is empty")
        if len(objectives) > MAX_OBJECTIVES:
            problem(where, f"{len(objectives)} objectives; keep to {MAX_OBJECTIVES} or "
                           "fewer, so learners read them")


ITEM_LIST_RULES: tuple[Callable[[Items, Report], None], ...] = (
    check_prerequisites, check_visibility, check_objectives)


def find_cycles(needs: dict[str, list[str]], order: list[str]) -> list[list[str]]:
    """Find prerequisite cycles, each listed once, starting at its earliest item in ``order``."""
    position = {slug: index for index, slug in enumerate(order)}
    state: dict[str, str] = {}  # "open" while on the current path, then "done"
    cycles, seen = [], set()
    for start in order:
        if start in state:
            continue
        state[start], trail, stack = "open", [start], [iter(needs.get(start, ()))]
        while stack:  # iterative depth-first search: long chains must not hit the recursion limit
            following = next(stack[-1], None)
            if following is None:
                state[trail.pop()] = "done"
                stack.pop()
            elif state.get(following) == "open":
                cycle = trail[trail.index(following):]
                if frozenset(cycle) not in seen:
                    seen.add(frozenset(cycle))
                    first = min(range(len(cycle)), key=lambda k: position[cycle[k]])
                    cycles.append(cycle[first:] + cycle[:first])
            elif following not in state:
                state[following] = "open"
                trail.append(following)
                stack.append(iter(needs.get(following, ())))
    return cycles
