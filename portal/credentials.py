"""Rules about credentials, as plain functions over their rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

from portal.vocabulary import CredentialStatus


class StatusChange(Protocol):
    """What the rules read of a credential status change."""

    status: CredentialStatus
    effective_on: date


def status_on(changes: Iterable[StatusChange], day: date) -> CredentialStatus | None:
    """The status in force on `day`: that of the latest change effective on or before it."""
    current = None
    for change in sorted(changes, key=lambda c: c.effective_on):
        if change.effective_on <= day:
            current = CredentialStatus(change.status)
    return current


def valid_on(
    valid_from: date, valid_until: date, changes: Iterable[StatusChange], day: date
) -> bool:
    """True when a credential was in its validity period and ACTIVE on `day`."""
    return valid_from <= day <= valid_until and status_on(changes, day) is CredentialStatus.ACTIVE
