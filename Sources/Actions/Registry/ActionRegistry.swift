import Workflow

/// The actions a workflow step can name, by id: the built-ins plus any plugins found in the actions directory.
///
/// ```swift
/// let registry = try ActionRegistry.builtIns(configuration: configuration)
///     .loadingPlugins(from: "\(home)/actions")
/// registry["sundial.shell"]  // any Action
/// registry.descriptors       // for GET /api/v2/actions, sorted by id
/// ```
public struct ActionRegistry: Sendable {
    public private(set) var actions: [String: any Action]
    /// The configuration plugins loaded into this registry are run with.
    public let configuration: ActionsConfiguration

    public init(actions: [any Action] = [], configuration: ActionsConfiguration = ActionsConfiguration()) {
        self.actions = Dictionary(actions.map { ($0.descriptor.id, $0) }, uniquingKeysWith: { _, last in last })
        self.configuration = configuration
    }

    /// The built-in actions, configured with `configuration`.
    public static func builtIns(configuration: ActionsConfiguration = ActionsConfiguration()) -> ActionRegistry {
        ActionRegistry(
            actions: [
                NoopAction(), SleepAction(), HTTPRequestAction(policy: configuration.outboundPolicy),
                ShellAction(configuration: configuration), LogAction(), FailAction(), TransformAction(),
                SystemdAction(configuration: configuration),
            ],
            configuration: configuration)
    }

    /// The action with this id, or nil.
    public subscript(id: String) -> (any Action)? { actions[id] }

    /// Every action's descriptor, sorted by id.
    public var descriptors: [ActionDescriptor] {
        actions.values.map(\.descriptor).sorted { $0.id < $1.id }
    }

    /// Adds `action`, replacing any action with the same id.
    public mutating func register(_ action: any Action) {
        actions[action.descriptor.id] = action
    }

    /// This registry plus the plugins in `directory` (see `PluginDirectory` for what counts as a plugin).
    /// - Throws: `PluginLoadError` when the directory cannot be read, a descriptor file is invalid, or a plugin
    ///   would replace an action that is already registered.
    public func loadingPlugins(from directory: String) throws(PluginLoadError) -> ActionRegistry {
        var registry = self
        for plugin in try PluginDirectory.scan(directory, configuration: configuration) {
            let id = plugin.descriptor.id
            if actions[id] != nil {
                throw PluginLoadError(
                    path: plugin.executable,
                    message: "a plugin named '\(id)' would replace the action of the same id; rename the file")
            }
            registry.register(plugin)
        }
        return registry
    }
}
