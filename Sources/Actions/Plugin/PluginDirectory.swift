import Foundation
import Workflow

/// Finds plugin actions in a directory.
///
/// A plugin is a regular, executable file whose name (not starting with `.`) is its action id. A non-executable
/// `<id>.json` beside it may describe it — `{"description": "…", "parameters": [{"name", "type", "required",
/// "defaultValue", "description"}]}` — for the registry listing; without one the plugin is listed with a generic
/// description and no declared parameters. Other files are ignored.
enum PluginDirectory {
    /// The plugins in `directory`, sorted by id.
    /// - Throws: `PluginLoadError` when the directory is missing or unreadable, or a descriptor file is invalid.
    static func scan(_ directory: String, configuration: ActionsConfiguration) throws(PluginLoadError) -> [PluginAction]
    {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PluginLoadError(
                path: directory, message: "the actions directory does not exist or is not a directory")
        }
        let names: [String]
        do {
            names = try files.contentsOfDirectory(atPath: directory)
        } catch {
            throw PluginLoadError(path: directory, message: "cannot list the actions directory: \(error)")
        }
        var plugins: [PluginAction] = []
        for name in names.sorted() where isPluginName(name) {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var entryIsDirectory: ObjCBool = false
            guard files.fileExists(atPath: path, isDirectory: &entryIsDirectory), !entryIsDirectory.boolValue,
                files.isExecutableFile(atPath: path)
            else { continue }
            let descriptor = try describe(id: name, sidecar: path + ".json")
            plugins.append(PluginAction(executable: path, descriptor: descriptor, configuration: configuration))
        }
        return plugins
    }

    /// Whether a file name can be an action id: not hidden, no path separator, no whitespace or control characters.
    static func isPluginName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.contains("/")
            && !name.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7f }
    }

    private struct Sidecar: Decodable {
        var description: String?
        var parameters: [ActionParameter]?
    }

    private static func describe(id: String, sidecar path: String) throws(PluginLoadError) -> ActionDescriptor {
        let fallback = ActionDescriptor(id: id, description: "External plugin action '\(id)'.")
        guard FileManager.default.fileExists(atPath: path) else { return fallback }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let sidecar = try JSONDecoder().decode(Sidecar.self, from: data)
            return ActionDescriptor(
                id: id, description: sidecar.description ?? fallback.description, parameters: sidecar.parameters ?? [])
        } catch {
            throw PluginLoadError(
                path: path,
                message: "invalid plugin descriptor; expected {\"description\": \"…\", \"parameters\": [{\"name\", "
                    + "\"type\", \"description\", \"required\"?, \"defaultValue\"?}]} "
                    + "(\(DecodingProblem.describe(error)))")
        }
    }
}

/// A plugin directory or descriptor that cannot be used, with the path to fix.
public struct PluginLoadError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public var description: String { "\(path): \(message)" }
}
