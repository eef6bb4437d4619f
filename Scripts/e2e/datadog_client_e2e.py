"""End-to-end check of a running Sundial agent with the official Datadog API client (datadog-api-client on PyPI).

Usage: SUNDIAL_URL=http://127.0.0.1:PORT SUNDIAL_KEY=... python3 datadog_client_e2e.py

Creates the seed's example workflow, reads, updates, lists it with filters, runs workflows, waits for their
instances to end, pages through instances, cancels a long-running one and deletes everything, asserting on every
response. Prints "N passed, M failed" and exits non-zero when anything failed.
"""

import os
import sys
import time

from datadog_api_client import ApiClient, Configuration
from datadog_api_client.exceptions import ApiException, NotFoundException
from datadog_api_client.v2.api.workflow_automation_api import WorkflowAutomationApi
from datadog_api_client.v2.model.api_trigger import APITrigger
from datadog_api_client.v2.model.api_trigger_wrapper import APITriggerWrapper
from datadog_api_client.v2.model.connection import Connection
from datadog_api_client.v2.model.connection_env import ConnectionEnv
from datadog_api_client.v2.model.connection_env_env import ConnectionEnvEnv
from datadog_api_client.v2.model.create_workflow_request import CreateWorkflowRequest
from datadog_api_client.v2.model.github_webhook_trigger import GithubWebhookTrigger
from datadog_api_client.v2.model.github_webhook_trigger_wrapper import GithubWebhookTriggerWrapper
from datadog_api_client.v2.model.input_schema import InputSchema
from datadog_api_client.v2.model.input_schema_parameters import InputSchemaParameters
from datadog_api_client.v2.model.input_schema_parameters_type import InputSchemaParametersType
from datadog_api_client.v2.model.monitor_trigger import MonitorTrigger
from datadog_api_client.v2.model.monitor_trigger_wrapper import MonitorTriggerWrapper
from datadog_api_client.v2.model.outbound_edge import OutboundEdge
from datadog_api_client.v2.model.output_schema import OutputSchema
from datadog_api_client.v2.model.output_schema_parameters import OutputSchemaParameters
from datadog_api_client.v2.model.output_schema_parameters_type import OutputSchemaParametersType
from datadog_api_client.v2.model.parameter import Parameter
from datadog_api_client.v2.model.spec import Spec
from datadog_api_client.v2.model.step import Step
from datadog_api_client.v2.model.trigger_rate_limit import TriggerRateLimit
from datadog_api_client.v2.model.update_workflow_request import UpdateWorkflowRequest
from datadog_api_client.v2.model.workflow_data import WorkflowData
from datadog_api_client.v2.model.workflow_data_attributes import WorkflowDataAttributes
from datadog_api_client.v2.model.workflow_data_type import WorkflowDataType
from datadog_api_client.v2.model.workflow_data_update import WorkflowDataUpdate
from datadog_api_client.v2.model.workflow_data_update_attributes import WorkflowDataUpdateAttributes
from datadog_api_client.v2.model.workflow_instance_create_meta import WorkflowInstanceCreateMeta
from datadog_api_client.v2.model.workflow_instance_create_request import WorkflowInstanceCreateRequest

TERMINAL = {"Successful", "Failed", "Cancelled", "TimedOut"}
passed = 0
failed = 0


def check(name, condition, detail=""):
    """Counts one assertion and prints it when it fails."""
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}", file=sys.stderr)


def seed_example():
    """The seed's 'Create a Workflow' request body, as its Python example builds it."""
    return CreateWorkflowRequest(
        data=WorkflowData(
            attributes=WorkflowDataAttributes(
                description="A sample workflow.",
                name="Example Workflow",
                published=True,
                spec=Spec(
                    connection_envs=[
                        ConnectionEnv(
                            connections=[
                                Connection(
                                    connection_id="11111111-1111-1111-1111-111111111111", label="INTEGRATION_DATADOG"
                                )
                            ],
                            env=ConnectionEnvEnv.DEFAULT,
                        )
                    ],
                    input_schema=InputSchema(
                        parameters=[
                            InputSchemaParameters(
                                default_value="default", name="input", type=InputSchemaParametersType.STRING
                            )
                        ]
                    ),
                    output_schema=OutputSchema(
                        parameters=[
                            OutputSchemaParameters(
                                name="output", type=OutputSchemaParametersType.ARRAY_OBJECT, value="outputValue"
                            )
                        ]
                    ),
                    steps=[
                        Step(
                            action_id="com.datadoghq.dd.monitor.listMonitors",
                            connection_label="INTEGRATION_DATADOG",
                            name="Step1",
                            outbound_edges=[OutboundEdge(branch_name="main", next_step_name="Step2")],
                            parameters=[Parameter(name="tags", value="service:monitoring")],
                        ),
                        Step(action_id="com.datadoghq.core.noop", name="Step2"),
                    ],
                    triggers=[
                        MonitorTriggerWrapper(
                            monitor_trigger=MonitorTrigger(rate_limit=TriggerRateLimit(count=1, interval="3600s")),
                            start_step_names=["Step1"],
                        ),
                        GithubWebhookTriggerWrapper(
                            start_step_names=["Step1"], github_webhook_trigger=GithubWebhookTrigger()
                        ),
                    ],
                ),
                tags=["team:infra", "service:monitoring", "foo:bar"],
            ),
            type=WorkflowDataType.WORKFLOWS,
        )
    )


def simple_workflow(name, step, published=True):
    """A one-step workflow with an API trigger."""
    return CreateWorkflowRequest(
        data=WorkflowData(
            attributes=WorkflowDataAttributes(
                name=name,
                published=published,
                spec=Spec(steps=[step], triggers=[APITriggerWrapper(api_trigger=APITrigger(), start_step_names=[step.name])]),
                tags=["team:e2e"],
            ),
            type=WorkflowDataType.WORKFLOWS,
        )
    )


def run(api, workflow_id, payload=None):
    body = WorkflowInstanceCreateRequest(meta=WorkflowInstanceCreateMeta(payload=payload or {}))
    return api.create_workflow_instance(workflow_id=workflow_id, body=body).data.id


def wait_until(api, workflow_id, instance_id, statuses, seconds=30):
    """Polls the instance until its status is one of `statuses`; returns its attributes."""
    deadline = time.monotonic() + seconds
    while True:
        attributes = api.get_workflow_instance(workflow_id=workflow_id, instance_id=instance_id).data.attributes
        if attributes["status"] in statuses or time.monotonic() > deadline:
            return attributes
        time.sleep(0.05)


def main():
    configuration = Configuration()
    configuration.host = os.environ["SUNDIAL_URL"]
    configuration.api_key["apiKeyAuth"] = os.environ["SUNDIAL_KEY"]
    configuration.api_key["appKeyAuth"] = os.environ["SUNDIAL_KEY"]
    with ApiClient(configuration) as client:
        api = WorkflowAutomationApi(client)

        created = api.create_workflow(body=seed_example())
        example_id = created.data.id
        check("create: id", bool(example_id))
        check("create: type", str(created.data.type) == "workflows", created.data.type)
        check("create: name", created.data.attributes.name == "Example Workflow")
        check("create: tags", created.data.attributes.tags == ["team:infra", "service:monitoring", "foo:bar"])
        check("create: createdAt", created.data.attributes.created_at is not None)

        fetched = api.get_workflow(workflow_id=example_id)
        check("get: id", fetched.data.id == example_id)
        check("get: steps", [s.name for s in fetched.data.attributes.spec.steps] == ["Step1", "Step2"])
        check("get: triggers", len(fetched.data.attributes.spec.triggers) == 2)

        update = UpdateWorkflowRequest(
            data=WorkflowDataUpdate(
                attributes=WorkflowDataUpdateAttributes(name="Example Workflow (updated)", description="Changed."),
                type=WorkflowDataType.WORKFLOWS,
            )
        )
        updated = api.update_workflow(workflow_id=example_id, body=update)
        check("update: name", updated.data.attributes.name == "Example Workflow (updated)")
        check("update: description", updated.data.attributes.description == "Changed.")
        check("update: spec kept", len(updated.data.attributes.spec.steps) == 2)

        noop_id = api.create_workflow(
            body=simple_workflow("E2E noop", Step(action_id="com.datadoghq.core.noop", name="Only"))
        ).data.id
        sleeper_id = api.create_workflow(
            body=simple_workflow(
                "E2E sleeper",
                Step(action_id="com.datadoghq.core.sleep", name="Nap", parameters=[Parameter(name="duration", value=600)]),
                published=False,
            )
        ).data.id

        listed = api.list_workflows(filter_query="example")
        check("list: text filter", [w.id for w in listed.data] == [example_id], [w.id for w in listed.data])
        check("list: totalCount", listed.meta.page.total_count == 3, listed.meta.page)
        by_tag = api.list_workflows(filter_query="team:e2e", sort="name")
        check("list: tag filter, sorted", [w.id for w in by_tag.data] == [noop_id, sleeper_id])
        monitors = api.list_workflows(filter_trigger_ids=["monitor"], filter_include_specs=True)
        check("list: trigger filter", [w.id for w in monitors.data] == [example_id])
        check("list: includeSpecs", len(monitors.data[0].attributes.spec.steps) == 2)
        published = api.list_workflows(filter_include_unpublished=False, sort="-name", limit=1, page=1)
        check("list: unpublished out, paged", [w.id for w in published.data] == [noop_id], published.data)

        instance_id = run(api, noop_id, {"input": "value"})
        check("execute: id", bool(instance_id))
        attributes = wait_until(api, noop_id, instance_id, TERMINAL)
        check("instance: Successful", attributes["status"] == "Successful", attributes.get("status"))
        check("instance: step", attributes["steps"][0]["status"] == "Successful")
        check("instance: statistics", attributes["statistics"]["succeeded"] == 1)

        more = [run(api, noop_id) for _ in range(4)]
        for other in more:
            wait_until(api, noop_id, other, TERMINAL)
        first = api.list_workflow_instances(workflow_id=noop_id, page_size=2, page_number=0)
        second = api.list_workflow_instances(workflow_id=noop_id, page_size=2, page_number=1)
        last = api.list_workflow_instances(workflow_id=noop_id, page_size=2, page_number=2)
        check("instances: totalCount", first.meta.page.total_count == 5, first.meta)
        check("instances: newest first", [i.id for i in first.data] == [more[3], more[2]])
        check("instances: second page", [i.id for i in second.data] == [more[1], more[0]])
        check("instances: last page", [i.id for i in last.data] == [instance_id])

        long_id = run(api, sleeper_id)
        wait_until(api, sleeper_id, long_id, {"Running"})
        cancelled = api.cancel_workflow_instance(workflow_id=sleeper_id, instance_id=long_id)
        check("cancel: id", cancelled.data.id == long_id)
        attributes = wait_until(api, sleeper_id, long_id, TERMINAL)
        check("cancel: Cancelled", attributes["status"] == "Cancelled", attributes.get("status"))
        try:
            api.cancel_workflow_instance(workflow_id=sleeper_id, instance_id=long_id)
            check("cancel again: 409", False)
        except ApiException as error:
            check("cancel again: 409", error.status == 409, error.status)

        for workflow_id in [example_id, noop_id, sleeper_id]:
            api.delete_workflow(workflow_id=workflow_id)
            try:
                api.get_workflow(workflow_id=workflow_id)
                check("delete: then 404", False)
            except NotFoundException:
                check("delete: then 404", True)
        check("delete: list empty", api.list_workflows().meta.page.total_count == 0)

    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
