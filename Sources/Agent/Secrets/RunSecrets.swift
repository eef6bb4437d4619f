import Foundation
import Logging
import Store
import Workflow

/// The stored secrets one run needs: exactly those its workflow references, read when the run starts.
enum RunSecrets {
    /// The values of the secrets `definition` references. One that is no longer stored is left out, so the step
    /// using it fails with `secret.missing`; a warning names it now.
    /// - Throws: `StoreError` (`store.secretsKey` when a value does not open with the agent's key).
    static func values(for definition: WorkflowDefinition, store: any Store, logger: Logger) async throws
        -> [String: String]
    {
        let names = SecretReference.names(in: definition)
        guard !names.isEmpty else { return [:] }
        let values = try await store.secretValues(names: names).mapValues(\.value)
        let missing = names.subtracting(values.keys).sorted()
        if !missing.isEmpty {
            logger.warning(
                "the workflow references secrets that are not stored; the steps using them fail with secret.missing",
                metadata: ["secret.names": "\(missing.joined(separator: ","))"])
        }
        return values
    }

    /// A callback URL with its `{{ Secrets.… }}` rendered, and the values it took (to scrub from error text).
    /// - Throws: `TemplateError` (`secret.missing`) naming a secret that is not stored; `StoreError`.
    static func renderURL(_ url: String, store: any Store) async throws -> (url: String, values: [String]) {
        let names = Set(SecretReference.names(in: url))
        guard !names.isEmpty else { return (url, []) }
        let values = try await store.secretValues(names: names).mapValues(\.value)
        let template = try Template(parsing: url)
        // Rendered into a URL's userinfo, a value is percent-encoded so ':', '@' or '/' in it keep the URL's shape.
        let encoded = values.mapValues { $0.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? $0 }
        guard case .string(let rendered) = try template.render(in: TemplateContext(secrets: encoded), source: url)
        else { return (url, Array(values.values)) }
        return (rendered, Array(values.values) + Array(encoded.values))
    }
}
