"""Posts OpenLineage events to Atlas with the official Python client (openlineage-python), unchanged.

The client's HTTP transport posts each event to {url}/api/v1/lineage with `Authorization: Bearer <api key>`,
which is where the Atlas gateway takes them: two RunEvents (START, COMPLETE), a JobEvent and a DatasetEvent.
The lineage end-to-end test (apps/lineage/test/lineage-graph.e2e-spec.ts) runs it against a live gateway.

Usage:  PYTHON=$(bash scripts/openlineage-client/install.sh)   # openlineage-python, pinned, into .tools/
        $PYTHON scripts/openlineage-client/post_events.py --url http://127.0.0.1:3000 --api-key KEY [--gzip]
Prints the run id; then GET {url}/api/v1/lineage?nodeId=job:python-client:shop.load_customers shows the graph.
"""
import argparse
import uuid
from datetime import datetime, timezone

from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import DatasetEvent, InputDataset, Job, JobEvent, OutputDataset, Run, RunEvent, RunState, StaticDataset
from openlineage.client.facet_v2 import column_lineage_dataset, schema_dataset, sql_job
from openlineage.client.transport.http import ApiKeyTokenProvider, HttpCompression, HttpConfig, HttpTransport

PRODUCER = "https://github.com/OpenLineage/OpenLineage/tree/1.54.0/client/python"
NAMESPACE = "postgres://shop-db:5432"


def events(run_id: str) -> list:
    source = InputDataset(
        namespace=NAMESPACE,
        name="shop.public.customers",
        facets={"schema": schema_dataset.SchemaDatasetFacet(fields=[schema_dataset.SchemaDatasetFacetFields(name="id", type="INT"), schema_dataset.SchemaDatasetFacetFields(name="email", type="TEXT")])},
    )
    lineage = column_lineage_dataset.ColumnLineageDatasetFacet(
        fields={
            "email": column_lineage_dataset.Fields(inputFields=[column_lineage_dataset.InputField(namespace=NAMESPACE, name="shop.public.customers", field="email", transformations=[column_lineage_dataset.Transformation(type="DIRECT", subtype="TRANSFORMATION", masking=True)])]),
            "id": column_lineage_dataset.Fields(inputFields=[column_lineage_dataset.InputField(namespace=NAMESPACE, name="shop.public.customers", field="id", transformations=[column_lineage_dataset.Transformation(type="DIRECT", subtype="IDENTITY", masking=False)])]),
        }
    )
    target = OutputDataset(namespace=NAMESPACE, name="analytics.public.customers", facets={"columnLineage": lineage})
    job = Job(namespace="python-client", name="shop.load_customers", facets={"sql": sql_job.SQLJobFacet(query="INSERT INTO analytics.public.customers SELECT id, md5(email) FROM shop.public.customers")})
    now = datetime.now(timezone.utc).isoformat()
    return [
        RunEvent(eventType=RunState.START, eventTime=now, run=Run(runId=run_id), job=job, producer=PRODUCER, inputs=[source], outputs=[target]),
        RunEvent(eventType=RunState.COMPLETE, eventTime=now, run=Run(runId=run_id), job=job, producer=PRODUCER, inputs=[source], outputs=[target]),
        JobEvent(eventTime=now, job=Job(namespace="python-client", name="shop.report"), producer=PRODUCER, inputs=[InputDataset(namespace=NAMESPACE, name="analytics.public.customers")], outputs=[]),
        DatasetEvent(eventTime=now, dataset=StaticDataset(namespace=NAMESPACE, name="shop.public.orders"), producer=PRODUCER),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--gzip", action="store_true")
    arguments = parser.parse_args()
    config = HttpConfig(url=arguments.url, auth=ApiKeyTokenProvider({"apiKey": arguments.api_key}), compression=HttpCompression.GZIP if arguments.gzip else None)
    client = OpenLineageClient(transport=HttpTransport(config))
    run_id = str(uuid.uuid4())
    for event in events(run_id):
        client.emit(event)
    print(run_id)


if __name__ == "__main__":
    main()
