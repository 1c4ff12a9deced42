"""Money in the API: decimal CNY amounts, stored as integer fen."""

from __future__ import annotations

from decimal import Decimal


def yuan(fen: int | None) -> Decimal | None:
    """Convert integer fen to a CNY amount with exactly two decimals."""
    return None if fen is None else Decimal(fen).scaleb(-2)
