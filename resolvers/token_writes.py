"""Administrator writes on API tokens."""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from portal.auth import Identity
from portal.auth.tokens import binding_problem, create_token, revoke_token
from portal.database.audit import snapshot
from portal.database.models import ApiToken, Department, Institution
from portal.vocabulary import Role
from resolvers.checks import Checker
from resolvers.errors import UserErrorCode, refuse
from resolvers.writes import audited


async def issue_token(identity: Identity, data: dict[str, Any]) -> tuple[ApiToken, str]:
    """Issue a token; returns the row and its secret, which is never shown again."""
    check = Checker(data)
    name = check.text("name", 100)
    role = Role(check.required("role"))
    institution, department = data.get("institution"), data.get("department")
    problem = binding_problem(role, institution, department)
    if problem:
        check.add(
            "institution"
            if role is Role.INSTITUTION
            else "department"
            if role is Role.GOVERNMENT
            else "role",
            UserErrorCode.INVALID,
            problem,
        )
    if institution is not None and not await Institution.exists(id=institution):
        check.add("institution", UserErrorCode.NOT_FOUND, "no such institution")
    if department is not None and not await Department.exists(id=department):
        check.add("department", UserErrorCode.NOT_FOUND, "no such department")
    check.done()
    async with in_transaction():
        row, secret = await create_token(name or "", role, institution, department)
        await audited(identity, "tokenCreate", row, None)
        return row, secret


async def withdraw_token(identity: Identity, data: dict[str, Any]) -> ApiToken:
    """Revoke a token; it can never be used again."""
    async with in_transaction():
        row = await ApiToken.get_or_none(id=data["id"])
        if row is None:
            raise refuse("id", UserErrorCode.NOT_FOUND, "no such token")
        before = snapshot(row)
        if not await revoke_token(row.id):
            raise refuse("id", UserErrorCode.INVALID_STATUS, "the token is already revoked")
        await row.refresh_from_db()
        return await audited(identity, "tokenRevoke", row, before)
