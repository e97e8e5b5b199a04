"""Membership fee tiers: the options schema, the size-band check and the income computation.

Lesson "Membership models" (05-stakeholders): income = the sum over all tiers
of members × annual fee; each tier's share of fee income; the average fee per
member; size bands (employees) that leave no gap and do not overlap.
"""

from __future__ import annotations

from ..schema import Field

TIER_FIELDS = {
    "name": Field("text", required=True),
    "fee": Field("number", required=True, min=0),
    "size_from": Field("int", min=0),  # employees; omit both for tiers not set by size
    "size_to": Field("int", min=0),  # omit for "or more"
}


def check_tiers(tiers: list[dict]) -> list[tuple[str, str]]:
    """Size bands in order: each starts one above the previous end, none after 'or more'."""
    issues: list[tuple[str, str]] = []
    names = [t["name"].strip().lower() for t in tiers]
    for index, name in enumerate(names):
        if name in names[:index]:
            issues.append((f"fee_tiers.{index}.name", f'tier "{tiers[index]["name"]}" is '
                           "named twice: give each tier its own name"))
    sized = [(i, t) for i, t in enumerate(tiers) if "size_from" in t or "size_to" in t]
    previous_end: int | None = None
    open_ended = False
    for position, (index, tier) in enumerate(sized):
        start, end = tier.get("size_from"), tier.get("size_to")
        where = f"fee_tiers.{index}"
        if start is None:
            issues.append((where, f'tier "{tier["name"]}" has "size_to" but no "size_from"'))
            continue
        if end is not None and end < start:
            issues.append((where, f'tier "{tier["name"]}": "size_to" ({end}) is below '
                           f'"size_from" ({start})'))
        if open_ended:
            issues.append((where, f'tier "{tier["name"]}" comes after a tier with no upper '
                           "limit: the bands overlap"))
        elif position and previous_end is not None and start != previous_end + 1:
            kind = "a gap" if start > previous_end + 1 else "an overlap"
            issues.append((where, f'tier "{tier["name"]}" starts at {start} employees but the '
                           f"previous band ends at {previous_end}: that leaves {kind}; start "
                           f"at {previous_end + 1}"))
        previous_end = end
        open_ended = end is None
    return issues


def fee_income(tiers: list[dict]) -> dict | None:
    """Income per tier (members × fee), shares, the average fee and who carries the income."""
    if not tiers:
        return None
    income = sum(t["members"] * t["fee"] for t in tiers)
    members = sum(t["members"] for t in tiers)
    tier_rows = [{**t, "income": t["members"] * t["fee"],
              "share": (t["members"] * t["fee"] / income) if income else 0.0,
              "member_share": (t["members"] / members) if members else 0.0} for t in tiers]
    top = sorted((t for t in tier_rows if t["members"]), key=lambda t: -t["fee"])[:2]
    paying = [t for t in tier_rows if t["members"] and t["fee"] > 0]
    cheapest = min(paying, key=lambda t: t["fee"]) if paying else None
    dearest = max(paying, key=lambda t: t["fee"]) if paying else None
    return {"tiers": tier_rows, "income": income, "members": members,
            "average": income / members if members else None,
            "top": {"names": [t["name"] for t in top],
                    "members": sum(t["members"] for t in top),
                    "member_share": sum(t["members"] for t in top) / members if members else 0.0,
                    "income": sum(t["income"] for t in top),
                    "share": sum(t["income"] for t in top) / income if income else 0.0},
            "one_top_equals": ({"top": dearest["name"], "low": cheapest["name"],
                                "count": dearest["fee"] / cheapest["fee"]}
                               if dearest and cheapest and dearest is not cheapest else None)}


