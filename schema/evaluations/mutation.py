"""Evaluation mutations, for INSTITUTION tokens on their own institution's evaluations."""

from __future__ import annotations

import strawberry

from resolvers import evaluation_writes as writes
from schema.evaluations import inputs_write as i
from schema.evaluations.permissions import OwnsEvaluation
from schema.evaluations.types import Evaluation
from schema.mutations import write_field

IDS = {
    "id": "Evaluation",
    "project": "Project",
    "credential": "Credential",
    "lead_evaluator": "Evaluator",
}
STEP = "The evaluation and its revision."


@strawberry.type
class EvaluationMutation:
    """Institution writes."""

    evaluation_create = write_field(
        action="evaluationCreate",
        input_type=i.EvaluationCreateInput,
        payload=i.EvaluationCreatePayload,
        wrap=Evaluation.from_model,
        writer=writes.create_evaluation,
        ids=IDS,
        description="Create a DRAFT evaluation under one of the caller's credentials; it gets its public version number when published.",
        input_description="The evaluation's content.",
    )
    evaluation_update = write_field(
        action="evaluationUpdate",
        input_type=i.EvaluationUpdateInput,
        payload=i.EvaluationUpdatePayload,
        wrap=Evaluation.from_model,
        writer=writes.update_evaluation,
        ids=IDS,
        guards=[OwnsEvaluation],
        description="Replace the content of a DRAFT evaluation.",
        input_description="The draft, its revision and its new content.",
    )
    evaluation_submit = write_field(
        action="evaluationSubmit",
        input_type=i.EvaluationTransitionInput,
        payload=i.EvaluationSubmitPayload,
        wrap=Evaluation.from_model,
        writer=writes.submit_evaluation,
        ids=IDS,
        guards=[OwnsEvaluation],
        description="Submit a DRAFT evaluation for publication, based on the project's highest published version at this moment. Submitting a SUBMITTED evaluation again bases it on the current highest version.",
        input_description=STEP,
    )
    evaluation_publish = write_field(
        action="evaluationPublish",
        input_type=i.EvaluationTransitionInput,
        payload=i.EvaluationPublishPayload,
        wrap=Evaluation.from_model,
        writer=writes.publish_evaluation,
        ids=IDS,
        guards=[OwnsEvaluation],
        description="Publish a SUBMITTED evaluation; refused unless the credential is ACTIVE, was valid on the evaluation date and covers the project's field. Refused with STALE_VERSION when another version of the project's evaluation was published since it was submitted (submit it again to accept that version). It gets the project's next version number and the project's previous published evaluation becomes SUPERSEDED; of concurrent publications for one project exactly one succeeds.",
        input_description=STEP,
    )
    evaluation_revoke = write_field(
        action="evaluationRevoke",
        input_type=i.EvaluationRevokeInput,
        payload=i.EvaluationRevokePayload,
        wrap=Evaluation.from_model,
        writer=writes.revoke_evaluation,
        ids=IDS,
        guards=[OwnsEvaluation],
        description="Revoke a PUBLISHED or SUPERSEDED evaluation, with a reason. It stays in the project's public history.",
        input_description="The evaluation, its revision and the reason.",
    )
