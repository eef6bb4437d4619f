import Agent

/// Request bodies the tests send.
enum Samples {
    /// One noop step, published, with an apiTrigger.
    static let noopWorkflow = workflow(
        name: "Noop", steps: #"[{"name": "Only", "actionId": "com.datadoghq.core.noop"}]"#)

    /// The seed's create example: two steps, a monitor and a GitHub webhook trigger, an input and output schema.
    static let seedExample = #"""
        {"data": {"attributes": {"description": "A sample workflow.", "name": "Example Workflow", "published": true,
          "spec": {"connectionEnvs": [{"connections": [{"connectionId": "11111111-1111-1111-1111-111111111111",
            "label": "INTEGRATION_DATADOG"}], "env": "default"}],
            "inputSchema": {"parameters": [{"defaultValue": "default", "name": "input", "type": "STRING"}]},
            "outputSchema": {"parameters": [{"name": "output", "type": "ARRAY_OBJECT", "value": "outputValue"}]},
            "steps": [{"actionId": "com.datadoghq.dd.monitor.listMonitors", "connectionLabel": "INTEGRATION_DATADOG",
              "name": "Step1", "outboundEdges": [{"branchName": "main", "nextStepName": "Step2"}],
              "parameters": [{"name": "tags", "value": "service:monitoring"}]},
              {"actionId": "com.datadoghq.core.noop", "name": "Step2"}],
            "triggers": [{"monitorTrigger": {"rateLimit": {"count": 1, "interval": "3600s"}}, "startStepNames": ["Step1"]},
              {"startStepNames": ["Step1"], "githubWebhookTrigger": {}}]},
          "tags": ["team:infra", "service:monitoring", "foo:bar"]}, "type": "workflows"}}
        """#

    /// A workflow whose one step sleeps `seconds`.
    static func sleeping(seconds: Int) -> String {
        workflow(
            name: "Sleeper",
            steps:
                #"[{"name": "Nap", "actionId": "com.datadoghq.core.sleep", "parameters": [{"name": "duration", "value": \#(seconds)}]}]"#
        )
    }

    /// A published workflow with `steps`, an apiTrigger starting at the first, and extra attribute members.
    /// The seed example's steps use Datadog integration actions the agent does not have; the API accepts them only
    /// when the agent allows unknown actions.
    static let acceptingDatadogActions: @Sendable (inout AgentRuntime) -> Void = { $0.allowUnknownActions = true }

    static func workflow(name: String, steps: String, extra: String = "", inputSchema: String? = nil) -> String {
        let schema = inputSchema.map { #", "inputSchema": \#($0)"# } ?? ""
        return #"""
            {"data": {"type": "workflows", "attributes": {"name": "\#(name)", "published": true\#(extra),
              "spec": {"steps": \#(steps), "triggers": [{"apiTrigger": {}}]\#(schema)}}}}
            """#
    }
}
