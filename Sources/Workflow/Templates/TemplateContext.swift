/// The values templates can read: `Trigger`, `Steps`, `Workflow`, `Execution`, `Properties` and `Secrets`.
public struct TemplateContext: Hashable, Sendable {
    /// `Trigger`: `{kind, payload, …}` (the payload is the run's input).
    public var trigger: JSONValue
    /// `Steps.<name>`: `{output, status, branch}` of each step that has finished.
    public var steps: [String: JSONValue]
    /// `Workflow`: `{id, name, handle}`.
    public var workflow: JSONValue
    /// `Execution`: `{id, priority, …}`.
    public var execution: JSONValue
    /// `Properties`: run properties.
    public var properties: [String: JSONValue]
    /// `Secrets`: named secrets; rendered into parameters only, never logged.
    public var secrets: [String: String]

    public init(
        trigger: JSONValue = [:], steps: [String: JSONValue] = [:], workflow: JSONValue = [:],
        execution: JSONValue = [:], properties: [String: JSONValue] = [:], secrets: [String: String] = [:]
    ) {
        self.trigger = trigger
        self.steps = steps
        self.workflow = workflow
        self.execution = execution
        self.properties = properties
        self.secrets = secrets
    }

    /// The value `path` names.
    /// - Throws: `TemplateError` (`template.root`, `template.missing`, or `secret.missing` for a `Secrets.<name>`
    ///   that is not stored) saying what exists instead.
    public func resolve(_ path: TemplatePath, template: String) throws(TemplateError) -> JSONValue {
        var current: JSONValue
        switch path.root {
        case "Trigger": current = trigger
        case "Steps": current = .object(steps)
        case "Workflow": current = workflow
        case "Execution": current = execution
        case "Properties": current = .object(properties)
        case "Secrets": current = .object(secrets.mapValues(JSONValue.string))
        default:
            throw TemplateError(
                code: "template.root", template: template,
                message:
                    "unknown root \"\(path.root)\"; a path starts with one of \(TemplatePath.roots.joined(separator: ", "))"
            )
        }
        for (position, component) in path.components.enumerated() {
            let parent = TemplatePath.describe(root: path.root, path.components[..<position])
            switch component {
            case .member(let name):
                guard let next = current[name] else {
                    throw missing(path, template: template, parent: parent, name: name, in: current)
                }
                current = next
            case .index(let index):
                guard let next = current[index] else {
                    let count =
                        current.arrayValue.map { "it has \($0.count) elements" }
                        ?? "it is \(Self.phrase(current)), not an array"
                    throw TemplateError(
                        code: "template.missing", template: template,
                        message: "\(path): \(parent) has no element [\(index)]; \(count)")
                }
                current = next
            }
        }
        return current
    }

    private func missing(
        _ path: TemplatePath, template: String, parent: String, name: String,
        in value: JSONValue
    ) -> TemplateError {
        let detail: String
        if let members = value.objectValue {
            let names = parent == "Secrets" ? "" : members.keys.sorted().joined(separator: ", ")
            if parent == "Steps" {
                detail =
                    "no step \"\(name)\" has finished before this point"
                    + (names.isEmpty ? "" : "; finished steps: \(names)")
            } else if parent == "Secrets" {
                // Its own code: a run whose secret was deleted after the workflow was saved fails with it.
                return TemplateError(
                    code: "secret.missing", template: template,
                    message:
                        "\(path): no secret \"\(name)\" is stored; set it with 'sundial secrets set \(name)' or "
                        + "PUT /api/v2/secrets/\(name)")
            } else {
                detail =
                    "\(parent) has no member \"\(name)\"" + (names.isEmpty ? "; it is empty" : "; it has: \(names)")
            }
        } else {
            detail = "\(parent) is \(Self.phrase(value)), not an object"
        }
        return TemplateError(code: "template.missing", template: template, message: "\(path): \(detail)")
    }

    /// `a string`, `an integer`, `null`, …
    static func phrase(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .int, .array, .object: "an \(value.typeName)"
        default: "a \(value.typeName)"
        }
    }
}
