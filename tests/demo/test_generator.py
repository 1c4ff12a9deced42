"""`kilometer generate` is deterministic and builds on what the database holds.

The generator is driven directly (without writing), so the demo rows other tests read stay as
they are.
"""

from __future__ import annotations

import copy
from typing import Any

from fixtures.context import Chunk, Reference
from fixtures.generator import generate_chunks
from fixtures.loader import build_reference


def _rows(reference: Reference, seed: int, projects: int = 300) -> list[Chunk]:
    return list(generate_chunks(copy.deepcopy(reference), projects, seed, chunk_size=100))


async def test_generate_same_seed_gives_the_same_rows(app: Any) -> None:
    # given
    reference = await build_reference()
    # when
    first, again, other = _rows(reference, 7), _rows(reference, 7), _rows(reference, 8)
    # then
    assert first == again
    assert [p["title"] for c in first for p in c.projects] != [
        p["title"] for c in other for p in c.projects
    ]


async def test_generate_on_the_demo_reuses_institutions_and_keeps_titles_unique(app: Any) -> None:
    # given: the demo is loaded, with its universities and titles
    reference = await build_reference()
    # when
    chunks = _rows(reference, 11, projects=1000)
    # then
    organizations = [o for c in chunks for o in c.organizations]
    titles = [p["title"] for c in chunks for p in c.projects]
    assert all(o["kind"] == "ENTERPRISE" for o in organizations)
    assert len(set(titles)) == len(titles) == 1000
    assert not set(titles) & reference.project_titles
    assert min(o["id"] for o in organizations) == reference.next_ids["organization"]
