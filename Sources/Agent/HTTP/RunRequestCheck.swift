import Foundation
import HTTPTypes
import Store
import Workflow

/// Reads and checks the body of `POST …/instances` and builds the `Pending` execution it asks for.
enum RunRequestCheck {
    /// The run request in `body`; an empty body is a run without payload.
    /// - Throws: `APIError` 400 pointing at the member that cannot be read.
    static func decode(_ body: JSONValue) throws -> WorkflowRunRequest {
        if body == .null { return WorkflowRunRequest() }
        guard body.objectValue != nil else {
            throw APIError(
                .badRequest, "the body must be a JSON object such as {\"meta\": {\"payload\": {…}}}", pointer: "",
                style: .strings)
        }
        do {
            var text: [UInt8] = []
            try body.writeJSONText(into: &text)
            return try JSONDecoder().decode(WorkflowRunRequest.self, from: Data(text))
        } catch {
            let issue = DecodingProblem.issue(for: error, in: body)
            throw APIError(.badRequest, issue.message, pointer: issue.pointer, style: .strings)
        }
    }

    /// The execution to store for `request`, its payload checked against the workflow's input schema; its callback
    /// is the request's `meta.callback`, else the workflow's `spec.callback`.
    /// - Throws: `APIError` 422 pointing into `meta` for a bad priority, callback or payload.
    static func execution(for request: WorkflowRunRequest, workflow: StoredWorkflow, id: String, at now: Date) throws
        -> Execution
    {
        let meta = request.meta
        let priority = meta.priority ?? 5
        guard (1...9).contains(priority) else {
            throw APIError(
                .unprocessableContent, "priority must be 1 (highest) to 9 (lowest), found \(priority)",
                pointer: "/meta/priority", style: .strings)
        }
        if let callback = meta.callback {
            guard let url = URL(string: SecretReference.placeholders(in: callback)),
                ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                url.host != nil
            else {
                throw APIError(
                    .unprocessableContent, "callback must be an http or https URL, found '\(CredentialRedaction.url(callback))'",
                    pointer: "/meta/callback", style: .strings)
            }
        }
        let payload = meta.payload ?? [:]
        guard payload.objectValue != nil else {
            throw APIError(
                .unprocessableContent, "payload must be a JSON object of named inputs", pointer: "/meta/payload",
                style: .strings)
        }
        let spec = workflow.definition.spec
        let input: JSONValue
        do {
            input = try spec.resolveInput(payload)
        } catch {
            throw APIError.invalid(error, under: "/meta/payload", style: .strings)
        }
        let steps = (spec.steps ?? []).map { StepRun(name: $0.name, actionId: $0.actionId) }
        return Execution(
            id: id, workflowID: workflow.id, workflowName: workflow.definition.name, input: input,
            properties: meta.properties ?? [:], priority: priority, callback: meta.callback ?? spec.callback,
            logLevel: meta.logLevel ?? .info, steps: steps, createdAt: now)
    }
}
