import Workflow

/// Reads `sundial run --trigger KIND`.
enum TriggerChoice {
    /// The trigger kind `name` means — `api`, `apiTrigger`, `githubWebhook`, … in any case — or `nil` for none.
    /// - Throws: `InputError` for an unknown kind, or a kind the workflow has no trigger of.
    static func kind(_ name: String?, in spec: WorkflowSpec) throws(InputError) -> TriggerKind? {
        guard let name else { return nil }
        let lower = name.lowercased()
        guard
            let kind = TriggerKind.allCases.first(where: {
                $0.rawValue.lowercased() == lower || $0.rawValue.lowercased() == lower + "trigger"
            })
        else {
            let names = TriggerKind.allCases.map { String($0.rawValue.dropLast("Trigger".count)) }
            throw InputError("--trigger '\(name)' is not a trigger kind; use one of \(names.joined(separator: ", "))")
        }
        guard spec.trigger(kind) != nil else {
            let present = (spec.triggers ?? []).map { String($0.kind.rawValue.dropLast("Trigger".count)) }
            throw InputError(
                "--trigger \(name): the workflow has no \(kind.rawValue); its triggers are "
                    + (present.isEmpty ? "none" : present.joined(separator: ", ")))
        }
        return kind
    }
}
