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
            throw APIError(.badRequest, describe(error), pointer: pointer(of: error), style: .strings)
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

    /// The JSON pointer of the member a decoding error is about.
    static func pointer(of error: any Error) -> String {
        guard let error = error as? DecodingError else { return "" }
        let path: [any CodingKey]
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
        @unknown default:
            path = []
        }
        return JSONPointer.make(path.map { $0.intValue.map(String.init) ?? $0.stringValue })
    }

    /// What was wrong, without Swift type names.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "the body could not be read" }
        switch error {
        case .typeMismatch(let type, _): return "the value has the wrong type; expected \(readable(type))"
        case .valueNotFound(let type, _): return "a value is missing; expected \(readable(type))"
        case .keyNotFound(let key, _): return "the member \(key.stringValue) is required"
        case .dataCorrupted(let context): return context.debugDescription
        @unknown default: return "the body could not be read"
        }
    }

    private static func readable(_ type: Any.Type) -> String {
        switch "\(type)" {
        case "Int", "Int64", "Double": "a number"
        case "String": "a string"
        case "Bool": "true or false"
        default: "an object"
        }
    }
}
