"""Bearer tokens: issuing, hashing and recognising them. Only hashes are stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from portal.auth.identity import ANONYMOUS, Identity
from portal.database.models import ApiToken
from portal.vocabulary import Role

PREFIX = "km_"


class Unauthenticated(Exception):
    """The request carried credentials that do not identify a live token."""


def new_secret() -> str:
    """A fresh token secret: 256 bits of randomness, recognisable by its prefix."""
    return PREFIX + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    """SHA-256 of a secret. Tokens are random, so a fast hash is enough (no password stretching)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def binding_problem(
    role: Role, institution_id: int | None, department_id: int | None
) -> str | None:
    """Say what is wrong with a token's binding, or None when it fits its role."""
    if role is Role.INSTITUTION and (institution_id is None or department_id is not None):
        return "an INSTITUTION token is bound to exactly one institution"
    if role is Role.GOVERNMENT and (department_id is None or institution_id is not None):
        return "a GOVERNMENT token is bound to exactly one department"
    if role not in (Role.INSTITUTION, Role.GOVERNMENT) and (institution_id or department_id):
        return f"a {role.value} token is bound to no institution or department"
    return None


async def create_token(
    name: str, role: Role, institution_id: int | None = None, department_id: int | None = None
) -> tuple[ApiToken, str]:
    """Store a new token and return it with its secret, which is shown once and never again."""
    problem = binding_problem(role, institution_id, department_id)
    if problem:
        raise ValueError(problem)
    secret = new_secret()
    row = await ApiToken.create(
        name=name,
        role=role,
        institution_id=institution_id,
        department_id=department_id,
        prefix=secret[: len(PREFIX) + 6],
        secret_hash=hash_secret(secret),
    )
    return row, secret


async def revoke_token(token_id: int) -> bool:
    """Revoke a token; False when it does not exist or was already revoked."""
    changed = await ApiToken.filter(id=token_id, revoked_at__isnull=True).update(
        revoked_at=datetime.now(UTC)
    )
    return changed > 0


def identity_of(row: ApiToken) -> Identity:
    """The identity a live token gives its holder."""
    return Identity(
        role=Role(row.role),
        token_id=row.id,
        name=row.name,
        institution_id=row.institution_id,  # type: ignore[attr-defined]
        department_id=row.department_id,  # type: ignore[attr-defined]
    )


async def authenticate(authorization: str | None) -> Identity:
    """Turn an Authorization header into an identity.

    Raises:
        Unauthenticated: for a malformed header or an unknown or revoked token.
    """
    if not authorization:
        return ANONYMOUS
    scheme, _, secret = authorization.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise Unauthenticated("use 'Authorization: Bearer <token>'")
    digest = hash_secret(secret.strip())
    row = await ApiToken.get_or_none(secret_hash=digest)
    if row is None or not hmac.compare_digest(row.secret_hash, digest):
        raise Unauthenticated("unknown token")
    if row.revoked_at is not None:
        raise Unauthenticated("token revoked")
    return identity_of(row)
