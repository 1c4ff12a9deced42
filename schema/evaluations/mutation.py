"""Evaluation mutations, for INSTITUTION tokens on their own institution's evaluations."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from resolvers import evaluation_writes as writes
from schema.context import Info
from schema.evaluations import inputs_write as i
from schema.evaluations.permissions import OwnsEvaluation
from schema.evaluations.types import Evaluation
from schema.mutations import run
from schema.permissions import requires
from schema.relay import as_filter, decode_input

IDS = {
    "id": "Evaluation",
    "project": "Project",
    "credential": "Credential",
    "lead_evaluator": "Evaluator",
}


def _data(value: Any) -> dict[str, Any]:
    return decode_input(as_filter(value), IDS)


@strawberry.type
class EvaluationMutation:
    """Institution writes."""

    @strawberry.mutation(
        description="Create a DRAFT evaluation (the project's next version) under one of the caller's credentials.",
        permission_classes=[requires("evaluationCreate")],
    )
    async def evaluation_create(
        self,
        info: Info,
        input: Annotated[
            i.EvaluationCreateInput, strawberry.argument(description="The evaluation's content.")
        ],
    ) -> i.EvaluationCreatePayload:  # type: ignore[valid-type]
        """Create a draft."""
        return await run(
            info,
            i.EvaluationCreatePayload,
            Evaluation.from_model,
            lambda: writes.create_evaluation(info.context.identity, _data(input)),
        )

    @strawberry.mutation(
        description="Replace the content of a DRAFT evaluation.",
        permission_classes=[requires("evaluationUpdate"), OwnsEvaluation],
    )
    async def evaluation_update(
        self,
        info: Info,
        input: Annotated[
            i.EvaluationUpdateInput,
            strawberry.argument(description="The draft, its revision and its new content."),
        ],
    ) -> i.EvaluationUpdatePayload:  # type: ignore[valid-type]
        """Update a draft."""
        return await run(
            info,
            i.EvaluationUpdatePayload,
            Evaluation.from_model,
            lambda: writes.update_evaluation(info.context.identity, _data(input)),
        )

    @strawberry.mutation(
        description="Submit a DRAFT evaluation for publication.",
        permission_classes=[requires("evaluationSubmit"), OwnsEvaluation],
    )
    async def evaluation_submit(
        self,
        info: Info,
        input: Annotated[
            i.EvaluationTransitionInput,
            strawberry.argument(description="The evaluation and its revision."),
        ],
    ) -> i.EvaluationSubmitPayload:  # type: ignore[valid-type]
        """Submit."""
        return await run(
            info,
            i.EvaluationSubmitPayload,
            Evaluation.from_model,
            lambda: writes.submit_evaluation(info.context.identity, _data(input)),
        )

    @strawberry.mutation(
        description="Publish a SUBMITTED evaluation; refused unless the credential is ACTIVE, was valid on the evaluation date and covers the project's field. The project's previous published evaluation becomes SUPERSEDED.",
        permission_classes=[requires("evaluationPublish"), OwnsEvaluation],
    )
    async def evaluation_publish(
        self,
        info: Info,
        input: Annotated[
            i.EvaluationTransitionInput,
            strawberry.argument(description="The evaluation and its revision."),
        ],
    ) -> i.EvaluationPublishPayload:  # type: ignore[valid-type]
        """Publish."""
        return await run(
            info,
            i.EvaluationPublishPayload,
            Evaluation.from_model,
            lambda: writes.publish_evaluation(info.context.identity, _data(input)),
        )

    @strawberry.mutation(
        description="Revoke a PUBLISHED or SUPERSEDED evaluation, with a reason. It stays in the project's public history.",
        permission_classes=[requires("evaluationRevoke"), OwnsEvaluation],
    )
    async def evaluation_revoke(
        self,
        info: Info,
        input: Annotated[
            i.EvaluationRevokeInput,
            strawberry.argument(description="The evaluation, its revision and the reason."),
        ],
    ) -> i.EvaluationRevokePayload:  # type: ignore[valid-type]
        """Revoke."""
        return await run(
            info,
            i.EvaluationRevokePayload,
            Evaluation.from_model,
            lambda: writes.revoke_evaluation(info.context.identity, _data(input)),
        )
