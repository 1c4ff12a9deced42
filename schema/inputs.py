"""Input types shared by several domains."""

from __future__ import annotations

import datetime
from decimal import Decimal

import strawberry


@strawberry.input(
    description="An inclusive range of maturity level numbers; either end may be omitted."
)
class LevelRange:
    """An inclusive range of maturity level numbers."""

    min: int | None = strawberry.field(default=None, description="Lowest level included.")
    max: int | None = strawberry.field(default=None, description="Highest level included.")


@strawberry.input(description="An inclusive range of dates; either end may be omitted.")
class DateRange:
    """An inclusive range of dates."""

    min: datetime.date | None = strawberry.field(
        default=None, description="Earliest date included."
    )
    max: datetime.date | None = strawberry.field(default=None, description="Latest date included.")


@strawberry.input(
    description="An inclusive range of CNY amounts (at most two decimals, not negative); either end may be omitted."
)
class MoneyRange:
    """An inclusive range of CNY amounts."""

    min: Decimal | None = strawberry.field(
        default=None, description="Smallest amount included, in CNY."
    )
    max: Decimal | None = strawberry.field(
        default=None, description="Largest amount included, in CNY."
    )
