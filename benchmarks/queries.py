"""Time typical investor and bank queries against the database DATABASE_URL names.

Usage: DATABASE_URL=postgres://... python benchmarks/queries.py [--repeat N]
Load data first with `kilometer generate --projects 100000`. Prints median and p95 per query,
and the number of SQL statements each one costs.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import time

import httpx

from portal.app import create_app
from portal.config import Settings

NESTED = """{ projects(first: 50, orderBy: {field: MATURITY, direction: DESC}) { totalCount edges { node {
  title stage owner { name labels }
  latestEvaluation { version maturityLevel { number name } risk { rating factors { kind rating } }
    marketValue { low high } institution { name kind } credential { number status }
    credentialValidOnEvaluationDate }
  evaluations { version status } } } } }"""
QUERIES = {
    "nested page of 50 projects": NESTED,
    "filter: city+stage+maturity+risk": "{ projects(first: 50, filter: {city: [BAODING], stage: [PILOT, ENGINEERING], maturityLevel: {min: 5, max: 8}, worstAcceptableRisk: MEDIUM}) { totalCount edges { node { title } } } }",
    "filter: text search": '{ projects(first: 20, filter: {search: "氢 储"}) { totalCount edges { node { title } } } }',
    "filter: owner label + institution kind": "{ projects(first: 20, filter: {ownerLabel: [SPECIALIZED_NEW], institutionKind: [PILOT]}) { totalCount edges { node { title } } } }",
    "order by market value, page 1": "{ projects(first: 100, orderBy: {field: MARKET_VALUE, direction: DESC}) { edges { cursor node { title } } } }",
    "evaluations by institution, nested": "{ evaluations(first: 50, filter: {institutionKind: [THIRD_PARTY], status: [PUBLISHED]}) { totalCount edges { node { version project { title owner { name } } institution { name } } } } }",
    "chainSummary (whole chain)": "{ chainSummary { total { projectCount marketValueHigh } byStage { stage projectCount } byMaturityLevel { level projectCount } byCity { city projectCount } byField { field projectCount } } }",
}


class Counter(logging.Handler):
    """Counts statements from Tortoise's debug log."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += record.getMessage().lstrip().upper().startswith(("SELECT", "WITH"))


async def main(repeat: int) -> None:
    app = create_app(Settings.from_env())
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://bench") as client,
    ):
        total = (
            await client.post("/graphql", json={"query": "{ projects { totalCount } }"})
        ).json()
        print(f"projects in database: {total['data']['projects']['totalCount']}")
        logger = logging.getLogger("kilometer.sql")
        for name, query in QUERIES.items():
            times = []
            counter = Counter()
            for i in range(repeat + 1):
                if i == 1:
                    logger.addHandler(counter)
                    logger.setLevel(logging.DEBUG)
                started = time.perf_counter()
                body = (await client.post("/graphql", json={"query": query})).json()
                elapsed = time.perf_counter() - started
                assert "errors" not in body, body
                if i:  # the first run warms caches
                    times.append(elapsed * 1000)
            logger.removeHandler(counter)
            times.sort()
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            print(
                f"{name:42s} median {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms  "
                f"{counter.count / repeat:4.0f} SQL statements"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    asyncio.run(main(parser.parse_args().repeat))
