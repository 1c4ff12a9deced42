"""The unified social credit code of GB 32100-2015: 18 characters ending in a check character."""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 characters a code may use (no I, O, S, V, Z)."""

WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18


def check_character(body: str) -> str:
    """Return the 18th (check) character for the first 17 characters `body`.

    Raises:
        ValueError: if `body` is not 17 characters of the code alphabet.
    """
    if len(body) != LENGTH - 1 or any(c not in ALPHABET for c in body):
        raise ValueError("the body of a credit code is 17 characters of its alphabet")
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Say what is wrong with `code`, or return None when it is a valid credit code."""
    if len(code) != LENGTH:
        return f"a unified social credit code has {LENGTH} characters, got {len(code)}"
    bad = sorted({c for c in code if c not in ALPHABET})
    if bad:
        return f"characters not allowed in a unified social credit code: {''.join(bad)}"
    expected = check_character(code[:-1])
    if code[-1] != expected:
        return f"check character should be {expected}, got {code[-1]}"
    return None
