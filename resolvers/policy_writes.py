"""Government writes on support policies. Published versions are never edited."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from portal.auth import Identity
from portal.database.audit import snapshot
from portal.database.models import Policy
from portal.vocabulary import PolicyStatus
from resolvers.checks import Checker
from resolvers.errors import UserErrorCode, refuse
from resolvers.scales import top_level
from resolvers.transactions import RowLock, lock, write_transaction
from resolvers.visibility import visible_policies
from resolvers.writes import audited, check_revision, check_status, compare_and_set

CONTENT = (
    "title",
    "title_en",
    "summary",
    "summary_en",
    "instrument",
    "budget_fen",
    "max_award_fen",
    "opens_on",
    "closes_on",
    "min_maturity",
    "max_maturity",
    "worst_acceptable_risk",
    "eligible_fields",
    "eligible_cities",
    "eligible_stages",
    "eligible_labels",
)


async def policy_content(data: dict[str, Any]) -> dict[str, Any]:
    """Check a policy's content fields and return them as columns."""
    check = Checker(data)
    values: dict[str, Any] = {
        "title": check.text("title", 300),
        "title_en": check.text("title_en", 300, required=False) or "",
        "summary": check.text("summary", 5000, required=False) or "",
        "summary_en": check.text("summary_en", 5000, required=False) or "",
        "instrument": check.required("instrument"),
        "budget_fen": check.money("budget"),
        "max_award_fen": check.money("max_award", required=False),
        "opens_on": check.day("opens_on"),
        "closes_on": check.day("closes_on", required=False),
    }
    check.ordered("opens_on", "closes_on", values["opens_on"], values["closes_on"])
    if (
        values["max_award_fen"] is not None
        and values["budget_fen"] is not None
        and values["max_award_fen"] > values["budget_fen"]
    ):
        check.add("max_award", UserErrorCode.OUT_OF_RANGE, "maxAward cannot exceed the budget")
    rules = Checker(data.get("eligibility") or {}, ("eligibility",))
    top = await top_level()
    levels = rules.data.get("maturity_level") or {}
    bounds = Checker(levels, ("eligibility", "maturityLevel"))
    values["min_maturity"] = bounds.integer("min", 1, top, required=False)
    values["max_maturity"] = bounds.integer("max", 1, top, required=False)
    bounds.ordered("min", "max", values["min_maturity"], values["max_maturity"])
    values["worst_acceptable_risk"] = rules.data.get("worst_acceptable_risk")
    for name, column in (
        ("fields", "eligible_fields"),
        ("cities", "eligible_cities"),
        ("stages", "eligible_stages"),
        ("organization_labels", "eligible_labels"),
    ):
        values[column] = sorted(str(v) for v in rules.unique(name, rules.data.get(name)))
    check.problems += rules.problems + bounds.problems
    check.done()
    return values


async def _owned(identity: Identity, data: dict[str, Any]) -> Policy:
    """The policy named by the input, if the caller may see it."""
    row = await Policy.filter(visible_policies(identity), id=data["id"]).first()
    if row is None:
        raise refuse("id", UserErrorCode.NOT_FOUND, "no such policy")
    return row


async def create_policy(identity: Identity, data: dict[str, Any]) -> Policy:
    """Create a DRAFT policy of the caller's department."""
    values = await policy_content(data)
    async with write_transaction():
        row = await Policy.create(
            series=uuid.uuid4(),
            version=1,
            department_id=identity.department_id,
            status=PolicyStatus.DRAFT,
            is_current=True,
            **values,
        )
        return await audited(identity, "policyCreate", row, None)


async def _series_lock(identity: Identity, data: dict[str, Any]) -> RowLock:
    """The lock on every version of the policy named by the input (amending one adds one)."""
    return lock(Policy, series=(await _owned(identity, data)).series)


async def update_policy(identity: Identity, data: dict[str, Any]) -> Policy:
    """Edit a draft in place, or amend a published policy by publishing a new version."""
    values = await policy_content(data)
    async with write_transaction(await _series_lock(identity, data)):
        row = await _owned(identity, data)
        check_revision(row, data["revision"])
        check_status(row, (PolicyStatus.DRAFT, PolicyStatus.PUBLISHED), "update")
        before = snapshot(row)
        if row.status is PolicyStatus.DRAFT:
            row = await compare_and_set(row, data["revision"], **values)
            return await audited(identity, "policyUpdate", row, before)
        if not row.is_current:
            raise refuse(
                "id",
                UserErrorCode.INVALID_STATUS,
                f"version {row.version} has been amended; amend the current version",
            )
        await compare_and_set(row, data["revision"], is_current=False)
        amended = await Policy.create(
            series=row.series,
            version=row.version + 1,
            department_id=row.department_id,  # type: ignore[attr-defined]
            status=PolicyStatus.PUBLISHED,
            is_current=True,
            published_at=datetime.now(UTC),
            **values,
        )
        return await audited(identity, "policyUpdate", amended, before)


async def transition_policy(
    identity: Identity,
    data: dict[str, Any],
    action: str,
    allowed: tuple[PolicyStatus, ...],
    **changes: Any,
) -> Policy:
    """Move a policy along its lifecycle (publish, close, withdraw)."""
    async with write_transaction(await _series_lock(identity, data)):
        row = await _owned(identity, data)
        check_revision(row, data["revision"])
        check_status(row, allowed, action.removeprefix("policy").lower())
        before = snapshot(row)
        row = await compare_and_set(row, data["revision"], **changes)
        return await audited(identity, action, row, before)


async def publish_policy(identity: Identity, data: dict[str, Any]) -> Policy:
    """DRAFT -> PUBLISHED."""
    return await transition_policy(
        identity,
        data,
        "policyPublish",
        (PolicyStatus.DRAFT,),
        status=PolicyStatus.PUBLISHED,
        published_at=datetime.now(UTC),
    )


async def close_policy(identity: Identity, data: dict[str, Any]) -> Policy:
    """PUBLISHED -> CLOSED."""
    return await transition_policy(
        identity, data, "policyClose", (PolicyStatus.PUBLISHED,), status=PolicyStatus.CLOSED
    )


async def withdraw_policy(identity: Identity, data: dict[str, Any]) -> Policy:
    """DRAFT or PUBLISHED -> WITHDRAWN, with a reason."""
    check = Checker(data)
    reason = check.text("reason", 2000)
    reason_en = check.text("reason_en", 2000, required=False)
    check.done()
    return await transition_policy(
        identity,
        data,
        "policyWithdraw",
        (PolicyStatus.DRAFT, PolicyStatus.PUBLISHED),
        status=PolicyStatus.WITHDRAWN,
        withdrawal_reason=reason,
        withdrawal_reason_en=reason_en,
    )
