import Actions
import Agent
import Foundation
import Workflow

/// Builds the action registry the CLI validates and runs against: the built-ins plus the plugins of the actions
/// directory.
///
/// The directory is `--actions-dir` when given (it must exist), else `$SUNDIAL_HOME/actions` (`SUNDIAL_HOME`
/// defaults to the agent's default home, `DefaultHome`) when that exists; without either only the built-ins are known.
struct ActionsSetup {
    /// The registry to use.
    var registry: ActionRegistry
    /// The plugin directory that was loaded, if any.
    var directory: String?
    /// The outbound policy local checks are judged by (a check whose target it refuses is a problem).
    var outboundPolicy = OutboundPolicy()

    /// - Parameters:
    ///   - explicitDirectory: the `--actions-dir` option.
    ///   - configuration: settings for the built-ins and plugins.
    ///   - environment: the process environment, for `SUNDIAL_HOME`.
    /// - Throws: `InputError` when `--actions-dir` does not exist or a plugin cannot be loaded.
    init(
        explicitDirectory: String?, configuration: ActionsConfiguration = ActionsConfiguration(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(InputError) {
        let builtIns = ActionRegistry.builtIns(configuration: configuration)
        outboundPolicy = configuration.outboundPolicy
        let directory: String?
        if let explicitDirectory {
            guard Self.isDirectory(explicitDirectory) else {
                throw InputError("--actions-dir \(explicitDirectory): no such directory")
            }
            directory = explicitDirectory
        } else {
            let home = DefaultHome.current(environment: environment).path
            let candidate = (home as NSString).appendingPathComponent("actions")
            directory = Self.isDirectory(candidate) ? candidate : nil
        }
        guard let directory else {
            self.registry = builtIns
            self.directory = nil
            return
        }
        do {
            self.registry = try builtIns.loadingPlugins(from: directory)
        } catch {
            throw InputError("cannot load plugins: \(error.description)")
        }
        self.directory = directory
    }

    /// A validator that knows every action of the registry and checks schedules with the real parsers.
    var validator: WorkflowValidator {
        WorkflowValidator(
            actions: Dictionary(registry.descriptors.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
            pluginDirectoryHint: directory.map { "the actions directory \($0)" }
                ?? "the actions directory ($SUNDIAL_HOME/actions or --actions-dir)",
            checkTargetProblem: { [outboundPolicy] check in
                LiveCheckProber.targetProblem(check, policy: outboundPolicy)
            })
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
