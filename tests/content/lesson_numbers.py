"""Reading numbers the way the course lessons write them, shared by the number tests."""

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction


def num(cell: str) -> Fraction:
    """Parse '1,200', '**163,500**', '91.25%', '−81,000', '+22,600', 'EUR 400' exactly."""
    s = cell.replace("*", "").replace("%", "").replace(",", "").replace("EUR", "")
    s = s.replace("−", "-").replace("+", "").strip()
    assert re.fullmatch(r"-?\d+(\.\d+)?", s), f"not a number: {cell!r}"
    return Fraction(s)


def rounded(value: Fraction, places: int) -> Fraction:
    """Round half up to `places` decimals, as the lessons say they do."""
    with localcontext() as ctx:
        ctx.prec = 60
        d = Decimal(value.numerator) / Decimal(value.denominator)
        q = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return Fraction(str(q))
