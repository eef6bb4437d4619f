import Foundation
import Workflow

/// A workflow file given on the command line, read and checked.
struct WorkflowFile {
    /// The path as the user typed it, for messages.
    var path: String
    var document: WorkflowDocument

    /// What checking a file found.
    enum Checked {
        /// The file decoded and has no problem.
        case valid(WorkflowFile)
        /// The file decoded (or partly) but has problems, each with a JSON pointer.
        case invalid([ValidationIssue])
    }

    /// Reads `path` (JSON or YAML by extension) and validates it with `validator`.
    /// - Throws: `InputError` when the file is missing, unreadable or not JSON/YAML at all, which is bad input
    ///   rather than a bad workflow.
    static func check(_ path: String, validator: WorkflowValidator) throws(InputError) -> Checked {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError("\(path): no such file")
        }
        guard !isDirectory.boolValue else { throw InputError("\(path): is a directory, not a workflow file") }
        let document: WorkflowDocument
        do {
            document = try WorkflowDocument.load(contentsOf: URL(fileURLWithPath: path))
        } catch {
            if let fatal = error.issues.first(where: { ["document.read", "document.syntax"].contains($0.code) }) {
                throw InputError("\(path): \(Self.oneLine(fatal.message))")
            }
            return .invalid(error.issues)
        }
        let issues = validator.issues(in: document.workflow)
        return issues.isEmpty ? .valid(WorkflowFile(path: path, document: document)) : .invalid(issues)
    }

    /// `FILE:/pointer: message`, or `FILE: message` for the document as a whole.
    static func line(_ issue: ValidationIssue, path: String) -> String {
        let message = oneLine(issue.message)
        return issue.pointer.isEmpty ? "\(path): \(message)" : "\(path):\(issue.pointer): \(message)"
    }

    /// `text` with its line breaks folded, so that each problem stays on one line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
