/// The stored secrets a workflow names as `{{ Secrets.NAME }}`, and where.
///
/// Step parameters and `spec.callback` may reference secrets; the agent reads exactly these names from the store
/// for a run, refuses a workflow naming one that does not exist, and lists them at `GET …/credentials`.
public struct SecretReference: Hashable, Sendable {
    /// The secret's name (`token` in `{{ Secrets.token }}`).
    public var name: String
    /// The JSON pointer, relative to the workflow's attributes, of the string holding the reference.
    public var pointer: String

    public init(name: String, pointer: String) {
        self.name = name
        self.pointer = pointer
    }

    /// Every reference in `definition`, in document order (step by step, then the callback).
    ///
    /// A template that does not parse is skipped here; validation reports it.
    public static func all(in definition: WorkflowDefinition) -> [SecretReference] {
        var found: [SecretReference] = []
        for (stepIndex, step) in (definition.spec.steps ?? []).enumerated() {
            for (parameterIndex, parameter) in (step.parameters ?? []).enumerated() {
                let base = "/spec/steps/\(stepIndex)/parameters/\(parameterIndex)/value"
                for (pointer, text) in Template.templates(in: parameter.value, at: base) {
                    found += names(in: text).map { SecretReference(name: $0, pointer: pointer) }
                }
            }
        }
        if let callback = definition.spec.callback {
            found += names(in: callback).map { SecretReference(name: $0, pointer: "/spec/callback") }
        }
        return found
    }

    /// The distinct names `definition` references.
    public static func names(in definition: WorkflowDefinition) -> Set<String> {
        Set(all(in: definition).map(\.name))
    }

    /// `text` with each `{{ … }}` replaced by `x`, to check the shape of a URL whose parts come from secrets.
    public static func placeholders(in text: String) -> String {
        guard text.contains("{{"), let template = try? Template(parsing: text) else { return text }
        return template.segments.map { segment in
            if case .text(let literal) = segment { literal } else { "x" }
        }.joined()
    }

    /// The secret names in one template string (`Secrets.token`, `Secrets["token"]`); `Secrets` alone names none.
    public static func names(in text: String) -> [String] {
        guard text.contains("{{"), let template = try? Template(parsing: text) else { return [] }
        return template.paths.compactMap { path in
            guard path.root == "Secrets", case .member(let name) = path.components.first else { return nil }
            return name
        }
    }
}
