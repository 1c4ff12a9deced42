"""Mutations take the English twin of every text they take, and store it beside the Chinese."""

from __future__ import annotations

from typing import Any

from fixtures.factories import make_credential, make_evaluation, make_policy, make_project
from portal.database.models import (
    Credential,
    CredentialStatusChange,
    Evaluation,
    Institution,
    Organization,
    PanelMember,
    Policy,
    Project,
    RiskFactor,
)
from schema.relay import from_global_id, to_global_id
from tests.evaluations.test_evaluation_publish import CREATE, content
from tests.mutation_cases import World, row_counts


def _pk(global_id: str) -> int:
    return int(from_global_id(global_id)[1])


async def test_project_register_stores_english_title_summary_and_keywords(as_role: Any) -> None:
    # given
    owner = await Organization.all().order_by("id").first()
    assert owner is not None
    doc = """mutation($in: ProjectRegisterInput!) { projectRegister(input: $in) {
      project { id } userErrors { field code } } }"""
    base = {
        "owner": to_global_id("Organization", owner.id),
        "kind": "RD_PROJECT",
        "title": "氢燃料电池重卡港口示范",
        "titleEn": "Fuel-cell heavy trucks at the port",
        "summary": "在唐山港开展短倒运输示范。",
        "summaryEn": "Demonstrates short-haul transport at Tangshan port.",
        "keywords": ["氢能重卡", "港口运输"],
        "keywordsEn": ["hydrogen truck", "port haulage"],
        "field": "HYDROGEN_ENERGY",
        "city": "TANGSHAN",
        "stage": "ENGINEERING",
    }
    admin = await as_role("ADMIN")
    before = await row_counts()
    # when
    refused = await admin.data(doc, {"in": base | {"keywordsEn": ["hydrogen, truck"]}})
    after_refusal = await row_counts()
    made = await admin.data(doc, {"in": base})
    # then
    assert refused["projectRegister"] == {
        "project": None,
        "userErrors": [{"field": ["keywordsEn"], "code": "INVALID"}],
    }
    assert after_refusal == before
    row = await Project.get(id=_pk(made["projectRegister"]["project"]["id"]))
    assert (row.title, row.title_en) == (base["title"], base["titleEn"])
    assert (row.summary, row.summary_en) == (base["summary"], base["summaryEn"])
    assert (row.keywords, row.keywords_en) == ("氢能重卡, 港口运输", "hydrogen truck, port haulage")


async def test_evaluation_create_stores_english_texts_of_every_part(as_role: Any, gql: Any) -> None:
    # given
    world = await World.load()
    client = await as_role("INSTITUTION", institution_id=world.institution_id)
    project = await make_project(title="双语评价内容项目", field="NEW_MATERIALS")
    data = content(
        to_global_id("Project", project.id),
        to_global_id("Credential", world.credential.id),
        summary="成熟度第7级，工程样机通过现场试验。",
        summaryEn="Level 7: the engineering prototype passed field trials.",
        maturityEvidence="现场测试报告",
        maturityEvidenceEn="Field test report",
        industrialization={
            "score": 70,
            "statement": "中试线就绪",
            "statementEn": "Pilot line ready",
        },
        risk={
            "rating": "MEDIUM",
            "factors": [
                {"kind": "MARKET", "rating": "HIGH", "note": "新进入者多", "noteEn": "new entrants"}
            ],
        },
        panel=[
            {
                "name": "白雪",
                "nameEn": "Bai Xue",
                "affiliation": "天津大学",
                "affiliationEn": "Tianjin University",
                "role": "EXPERT",
                "conflictDeclared": True,
                "conflictNote": "曾为项目单位提供咨询",
                "conflictNoteEn": "Formerly consulted for the owner",
            }
        ],
    )
    # when
    made = (await client.data(CREATE, {"in": data}))["evaluationCreate"]
    # then
    assert made["userErrors"] == []
    row = await Evaluation.get(id=_pk(made["evaluation"]["id"]))
    assert (row.summary_en, row.maturity_evidence_en, row.industrialization_statement_en) == (
        "Level 7: the engineering prototype passed field trials.",
        "Field test report",
        "Pilot line ready",
    )
    factor = await RiskFactor.get(evaluation_id=row.id)
    member = await PanelMember.get(evaluation_id=row.id)
    assert (factor.note, factor.note_en) == ("新进入者多", "new entrants")
    assert (member.name_en, member.affiliation_en, member.conflict_note_en) == (
        "Bai Xue",
        "Tianjin University",
        "Formerly consulted for the owner",
    )


async def test_credential_revoke_gives_its_evaluations_a_reason_in_both_languages(
    as_role: Any,
) -> None:
    # given
    world = await World.load()
    credential = await make_credential(world.sandbox_id)
    project = await make_project(title="双语撤销级联项目")
    evaluation = await make_evaluation(project.id, credential, status="PUBLISHED")
    doc = """mutation($in: CredentialRevokeInput!) { credentialRevoke(input: $in) {
      credential { status } userErrors { field code } } }"""
    # when
    answer = await (await as_role("ADMIN")).data(
        doc,
        {
            "in": {
                "id": to_global_id("Credential", credential.id),
                "revision": 1,
                "reason": "出具虚假检测报告",
                "reasonEn": "Fabricated test reports",
                "revokePublishedEvaluations": True,
            }
        },
    )
    # then
    assert answer["credentialRevoke"] == {"credential": {"status": "REVOKED"}, "userErrors": []}
    change = (
        await CredentialStatusChange.filter(credential_id=credential.id).order_by("-id").first()
    )
    assert change is not None and change.reason_en == "Fabricated test reports"
    revoked = await Evaluation.get(id=evaluation.id)
    assert revoked.revocation_reason == f"资质证书{credential.number}已撤销：出具虚假检测报告"
    assert revoked.revocation_reason_en == (
        f"Credential {credential.number} revoked: Fabricated test reports"
    )


async def test_admin_registrations_store_english_names(as_role: Any) -> None:
    # given
    admin = await as_role("ADMIN")
    institution_doc = """mutation($in: InstitutionRegisterInput!) { institutionRegister(input: $in) {
      institution { id } userErrors { field code } } }"""
    credential_doc = """mutation($in: CredentialIssueInput!) { credentialIssue(input: $in) {
      credential { id } userErrors { field code } } }"""
    # when
    institution = await admin.data(
        institution_doc,
        {
            "in": {
                "name": "衡水橡塑科技评价有限公司",
                "nameEn": "Hengshui Rubber Technology Evaluation Co., Ltd.",
                "description": "第三方评价机构",
                "descriptionEn": "A third-party evaluation firm",
                "kind": "THIRD_PARTY",
                "city": "HENGSHUI",
            }
        },
    )
    gid = institution["institutionRegister"]["institution"]["id"]
    credential = await admin.data(
        credential_doc,
        {
            "in": {
                "institution": gid,
                "number": "HB-EVAL-T-2026-901",
                "issuingAuthority": "河北省科学技术厅",
                "issuingAuthorityEn": "Hebei Provincial Department of Science and Technology",
                "fields": ["NEW_MATERIALS"],
                "purposes": ["PROJECT_EVALUATION"],
                "validFrom": "2026-11-01",
                "validUntil": "2031-10-31",
            }
        },
    )
    # then
    row = await Institution.get(id=_pk(gid))
    assert (row.name_en, row.description_en) == (
        "Hengshui Rubber Technology Evaluation Co., Ltd.",
        "A third-party evaluation firm",
    )
    issued = await Credential.get(id=_pk(credential["credentialIssue"]["credential"]["id"]))
    assert issued.issuing_authority_en == "Hebei Provincial Department of Science and Technology"
    history = await CredentialStatusChange.get(credential_id=issued.id)
    assert (history.reason, history.reason_en) == ("颁发资质证书", "Issued")


async def test_policy_create_and_withdraw_store_english_texts(as_role: Any) -> None:
    # given
    world = await World.load()
    government = await as_role("GOVERNMENT", department_id=world.department_id)
    create = """mutation($in: PolicyCreateInput!) { policyCreate(input: $in) {
      policy { id revision } userErrors { field code } } }"""
    withdraw = """mutation($in: PolicyWithdrawInput!) { policyWithdraw(input: $in) {
      policy { status } userErrors { field code } } }"""
    # when
    made = (
        await government.data(
            create,
            {
                "in": {
                    "title": "2027年度科技创新券",
                    "titleEn": "Innovation vouchers (2027)",
                    "summary": "购买检测服务。",
                    "summaryEn": "Buys testing services.",
                    "instrument": "INNOVATION_VOUCHER",
                    "budget": "1000000",
                    "opensOn": "2027-01-01",
                }
            },
        )
    )["policyCreate"]["policy"]
    await government.data(
        withdraw,
        {
            "in": {
                "id": made["id"],
                "revision": made["revision"],
                "reason": "被国家专项取代",
                "reasonEn": "Superseded by a national programme",
            }
        },
    )
    # then
    row = await Policy.get(id=_pk(made["id"]))
    assert (row.title_en, row.summary_en) == (
        "Innovation vouchers (2027)",
        "Buys testing services.",
    )
    assert (row.withdrawal_reason, row.withdrawal_reason_en) == (
        "被国家专项取代",
        "Superseded by a national programme",
    )
    draft = await make_policy(world.department_id)
    assert draft.title_en == ""  # the English twin defaults to empty; readers fall back to Chinese
