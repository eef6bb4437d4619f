/// The 19 trigger kinds of Datadog's trigger union, named by the member that holds their settings.
///
/// Sundial acts on `schedule`, `monitor`, `githubWebhook`, `api` and `workflow` (manual runs); the others are
/// kept and reported as inactive.
public enum TriggerKind: String, CaseIterable, Hashable, Sendable, Codable {
    case api = "apiTrigger"
    case app = "appTrigger"
    case `case` = "caseTrigger"
    case changeEvent = "changeEventTrigger"
    case databaseMonitoring = "databaseMonitoringTrigger"
    case datastore = "datastoreTrigger"
    case dashboard = "dashboardTrigger"
    case form = "formTrigger"
    case githubWebhook = "githubWebhookTrigger"
    case incident = "incidentTrigger"
    case monitor = "monitorTrigger"
    case notebook = "notebookTrigger"
    case onCall = "onCallTrigger"
    case schedule = "scheduleTrigger"
    case security = "securityTrigger"
    case selfService = "selfServiceTrigger"
    case slack = "slackTrigger"
    case softwareCatalog = "softwareCatalogTrigger"
    case workflow = "workflowTrigger"

    /// Whether Sundial fires this kind of trigger.
    public var isActive: Bool {
        switch self {
        case .schedule, .monitor, .githubWebhook, .api, .workflow: true
        default: false
        }
    }

    /// Whether the kind takes a `rateLimit` in Datadog's schema.
    public var acceptsRateLimit: Bool {
        switch self {
        case .api, .case, .datastore, .githubWebhook, .incident, .monitor, .onCall, .security: true
        default: false
        }
    }

    /// The member names, for messages: `apiTrigger, appTrigger, …`.
    public static var memberList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
