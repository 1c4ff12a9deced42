"""Institution writes on evaluations. Published evaluations are never edited."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from portal import credentials as credential_rules
from portal.auth import Identity
from portal.database.audit import snapshot
from portal.database.models import (
    Credential,
    CredentialField,
    CredentialStatusChange,
    Evaluation,
    Evaluator,
    MaturityLevel,
    PanelMember,
    Project,
    RiskFactor,
)
from portal.vocabulary import DISCLOSED_EVALUATION_STATUSES, CredentialStatus, EvaluationStatus
from resolvers.checks import Checker
from resolvers.errors import UserErrorCode, refuse
from resolvers.evaluations import refresh_latest_evaluation
from resolvers.scales import PROVINCIAL_SCALE, top_level
from resolvers.transactions import lock, write_transaction
from resolvers.visibility import visible_evaluations
from resolvers.writes import audited, check_revision, check_status, compare_and_set


async def evaluation_content(
    identity: Identity, data: dict[str, Any]
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """Check an evaluation's content; return its columns, risk factors and panel."""
    check = Checker(data)
    evaluated_on = check.day("evaluated_on")
    if evaluated_on is not None and evaluated_on > date.today():
        check.add("evaluated_on", UserErrorCode.OUT_OF_RANGE, "evaluatedOn cannot be in the future")
    level = check.integer("maturity_level", 1, await top_level())
    advancement = Checker(data.get("advancement") or {}, ("advancement",))
    industrialization = Checker(data.get("industrialization") or {}, ("industrialization",))
    value = Checker(data.get("market_value") or {}, ("marketValue",))
    risk = Checker(data.get("risk") or {}, ("risk",))
    low, high = value.money("low"), value.money("high")
    value.ordered("low", "high", low, high)
    columns: dict[str, Any] = {
        "evaluated_on": evaluated_on,
        "maturity_number": level,
        "maturity_evidence": check.text("maturity_evidence", 5000, required=False) or "",
        "maturity_evidence_en": check.text("maturity_evidence_en", 5000, required=False) or "",
        "advancement_grade": advancement.required("grade"),
        "advancement_score": advancement.integer("score", 0, 100),
        "industrialization_score": industrialization.integer("score", 0, 100),
        "industrialization_statement": industrialization.text("statement", 2000, required=False)
        or "",
        "industrialization_statement_en": industrialization.text(
            "statement_en", 2000, required=False
        )
        or "",
        "value_low_fen": low,
        "value_high_fen": high,
        "currency": "CNY",
        "valuation_method": value.required("method"),
        "risk_rating": risk.required("rating"),
        "summary": check.text("summary", 5000, required=False) or "",
        "summary_en": check.text("summary_en", 5000, required=False) or "",
    }
    factors = _factors(risk)
    panel = _panel(check, data.get("panel") or [])
    check.problems += (
        advancement.problems + industrialization.problems + value.problems + risk.problems
    )
    await _references(identity, data, check, columns)
    check.done()
    return columns, factors, panel


def _factors(risk: Checker) -> list[dict[str, Any]]:
    factors = list(risk.data.get("factors") or [])
    risk.unique("factors", [f["kind"] for f in factors])
    for n, factor in enumerate(factors):
        item = Checker(factor, ("risk", "factors", str(n)))
        item.text("note", 1000, required=False)
        item.text("note_en", 1000, required=False)
        risk.problems += item.problems
    return [
        {
            "kind": f["kind"],
            "rating": f["rating"],
            "note": (f.get("note") or "").strip(),
            "note_en": (f.get("note_en") or "").strip(),
        }
        for f in factors
    ]


def _panel(check: Checker, members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(members) > 30:
        check.add("panel", UserErrorCode.OUT_OF_RANGE, "a panel has at most 30 members")
    for n, member in enumerate(members):
        item = Checker(member, ("panel", str(n)))
        item.text("name", 100)
        item.text("name_en", 100, required=False)
        item.text("affiliation", 200, required=False)
        item.text("affiliation_en", 200, required=False)
        item.text("conflict_note", 1000, required=False)
        item.text("conflict_note_en", 1000, required=False)
        check.problems += item.problems
    return [
        {
            "name": (m.get("name") or "").strip(),
            "name_en": (m.get("name_en") or "").strip(),
            "affiliation": (m.get("affiliation") or "").strip(),
            "affiliation_en": (m.get("affiliation_en") or "").strip(),
            "role": m["role"],
            "conflict_declared": bool(m.get("conflict_declared")),
            "conflict_note": (m.get("conflict_note") or "").strip(),
            "conflict_note_en": (m.get("conflict_note_en") or "").strip(),
        }
        for m in members
    ]


async def _references(
    identity: Identity, data: dict[str, Any], check: Checker, columns: dict[str, Any]
) -> None:
    """Resolve the project, the caller's own credential and evaluator, and the level row."""
    if not await Project.exists(id=data.get("project")):
        check.add("project", UserErrorCode.NOT_FOUND, "no such project")
    credential = await Credential.get_or_none(
        id=data.get("credential"), institution_id=identity.institution_id
    )
    if credential is None:
        check.add("credential", UserErrorCode.NOT_FOUND, "no such credential of your institution")
    lead = data.get("lead_evaluator")
    if lead is not None and not await Evaluator.exists(
        id=lead, institution_id=identity.institution_id
    ):
        check.add(
            "lead_evaluator", UserErrorCode.NOT_FOUND, "no such evaluator of your institution"
        )
    if columns["maturity_number"] is not None:
        level = await MaturityLevel.get_or_none(
            scale__code=PROVINCIAL_SCALE, number=columns["maturity_number"]
        )
        columns["maturity_level_id"] = level.id if level else None
    columns.update(credential_id=data.get("credential"), lead_evaluator_id=lead)


async def _write_parts(
    row: Evaluation, factors: list[dict[str, Any]], panel: list[dict[str, Any]]
) -> None:
    await RiskFactor.filter(evaluation_id=row.id).delete()
    await PanelMember.filter(evaluation_id=row.id).delete()
    await RiskFactor.bulk_create([RiskFactor(evaluation_id=row.id, **f) for f in factors])
    await PanelMember.bulk_create([PanelMember(evaluation_id=row.id, **m) for m in panel])


async def _own(identity: Identity, data: dict[str, Any]) -> Evaluation:
    row = await Evaluation.filter(visible_evaluations(identity), id=data["id"]).first()
    if row is None:
        raise refuse("id", UserErrorCode.NOT_FOUND, "no such evaluation")
    check_revision(row, data["revision"])
    return row


async def _locks_of(identity: Identity, data: dict[str, Any]) -> tuple[int, int]:
    """The project and credential of the evaluation named by the input, read before the
    transaction so it can lock them first (neither changes once the evaluation is submitted)."""
    row = await _own(identity, data)
    return row.project_id, row.credential_id  # type: ignore[attr-defined]


async def _highest_version(project_id: int) -> int | None:
    """The project's highest public version; call under the project's lock."""
    last = (
        await Evaluation.filter(
            project_id=project_id,
            status__in=DISCLOSED_EVALUATION_STATUSES,
            version__not_isnull=True,
        )
        .order_by("-version")
        .first()
    )
    return last.version if last else None


async def create_evaluation(identity: Identity, data: dict[str, Any]) -> Evaluation:
    """Create a DRAFT evaluation for the caller's institution; it has no public version yet."""
    columns, factors, panel = await evaluation_content(identity, data)
    async with write_transaction(lock(Project, id=data["project"])):
        row = await Evaluation.create(
            project_id=data["project"],
            institution_id=identity.institution_id,
            version=None,
            status=EvaluationStatus.DRAFT,
            **columns,
        )
        await _write_parts(row, factors, panel)
        return await audited(identity, "evaluationCreate", row, None)


async def update_evaluation(identity: Identity, data: dict[str, Any]) -> Evaluation:
    """Replace the content of a DRAFT evaluation."""
    columns, factors, panel = await evaluation_content(identity, data)
    project_id, _ = await _locks_of(identity, data)
    async with write_transaction(lock(Project, id=project_id)):
        row = await _own(identity, data)
        check_status(row, (EvaluationStatus.DRAFT,), "update")
        if row.project_id != data["project"]:  # type: ignore[attr-defined]
            raise refuse(
                "project", UserErrorCode.INVALID, "an evaluation cannot move to another project"
            )
        before = snapshot(row)
        row = await compare_and_set(row, data["revision"], **columns)
        await _write_parts(row, factors, panel)
        return await audited(identity, "evaluationUpdate", row, before)


async def submit_evaluation(identity: Identity, data: dict[str, Any]) -> Evaluation:
    """DRAFT -> SUBMITTED, based on the project's highest public version at this moment.

    Submitting a SUBMITTED evaluation again bases it on the current highest version: that is
    how its institution accepts a version published after it first submitted.
    """
    project_id, _ = await _locks_of(identity, data)
    async with write_transaction(lock(Project, id=project_id)):
        row = await _own(identity, data)
        check_status(row, (EvaluationStatus.DRAFT, EvaluationStatus.SUBMITTED), "submit")
        before = snapshot(row)
        row = await compare_and_set(
            row,
            data["revision"],
            status=EvaluationStatus.SUBMITTED,
            based_on_version=await _highest_version(project_id),
        )
        return await audited(identity, "evaluationSubmit", row, before)


async def _credential_problem(row: Evaluation) -> tuple[UserErrorCode, str] | None:
    credential = await Credential.get(id=row.credential_id)  # type: ignore[attr-defined]
    changes = await CredentialStatusChange.filter(credential_id=credential.id)
    if credential.status is not CredentialStatus.ACTIVE:
        return (
            UserErrorCode.CREDENTIAL_NOT_VALID,
            f"credential {credential.number} is {credential.status}",
        )
    if not credential_rules.valid_on(
        credential.valid_from, credential.valid_until, changes, row.evaluated_on
    ):
        return (
            UserErrorCode.CREDENTIAL_NOT_VALID,
            f"credential {credential.number} was not valid on {row.evaluated_on}",
        )
    project = await Project.get(id=row.project_id)  # type: ignore[attr-defined]
    if not await CredentialField.exists(credential_id=credential.id, field=project.field):
        return (
            UserErrorCode.OUT_OF_SCOPE,
            f"credential {credential.number} does not cover {project.field}",
        )
    return None


def _check_still_based(row: Evaluation, highest: int | None) -> None:
    """Refuse to publish over a version the institution did not see when it submitted."""
    if highest != row.based_on_version:
        seen = f"version {row.based_on_version}" if row.based_on_version else "no version"
        raise refuse(
            "id",
            UserErrorCode.STALE_VERSION,
            f"version {highest} of this project's evaluation was published after this one was "
            f"submitted (it saw {seen}); submit it again to publish it after version {highest}",
        )


async def publish_evaluation(identity: Identity, data: dict[str, Any]) -> Evaluation:
    """SUBMITTED -> PUBLISHED with the project's next public version; the project's previous
    published evaluation is SUPERSEDED.

    The credential is locked with the project so a concurrent credentialRevoke either sees
    this publication (and revokes it) or makes it fail.
    """
    project_id, credential_id = await _locks_of(identity, data)
    async with write_transaction(lock(Credential, id=credential_id), lock(Project, id=project_id)):
        row = await _own(identity, data)
        check_status(row, (EvaluationStatus.SUBMITTED,), "publish")
        problem = await _credential_problem(row)
        if problem:
            raise refuse("id", *problem)
        highest = await _highest_version(project_id)
        _check_still_based(row, highest)
        before = snapshot(row)
        for previous in await Evaluation.filter(
            project_id=project_id, status=EvaluationStatus.PUBLISHED
        ):
            prior = snapshot(previous)
            previous = await compare_and_set(
                previous, previous.revision, status=EvaluationStatus.SUPERSEDED
            )
            await audited(identity, "evaluationSupersede", previous, prior)
        row = await compare_and_set(
            row,
            data["revision"],
            status=EvaluationStatus.PUBLISHED,
            version=(highest or 0) + 1,
            published_at=datetime.now(UTC),
        )
        await refresh_latest_evaluation(project_id)
        return await audited(identity, "evaluationPublish", row, before)


async def revoke_evaluation(identity: Identity, data: dict[str, Any]) -> Evaluation:
    """PUBLISHED or SUPERSEDED -> REVOKED, with a reason."""
    check = Checker(data)
    reason = check.text("reason", 2000)
    reason_en = check.text("reason_en", 2000, required=False)
    check.done()
    project_id, _ = await _locks_of(identity, data)
    async with write_transaction(lock(Project, id=project_id)):
        row = await _own(identity, data)
        check_status(row, (EvaluationStatus.PUBLISHED, EvaluationStatus.SUPERSEDED), "revoke")
        before = snapshot(row)
        row = await compare_and_set(
            row,
            data["revision"],
            status=EvaluationStatus.REVOKED,
            revocation_reason=reason,
            revocation_reason_en=reason_en,
            revoked_at=datetime.now(UTC),
        )
        await refresh_latest_evaluation(project_id)
        return await audited(identity, "evaluationRevoke", row, before)
