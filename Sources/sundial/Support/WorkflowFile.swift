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
        let document: WorkflowDocument
        switch try load(path) {
        case .success(let loaded): document = loaded
        case .failure(let error): return .invalid(error.issues)
        }
        let issues = validator.issues(in: document.workflow)
        return issues.isEmpty ? .valid(WorkflowFile(path: path, document: document)) : .invalid(issues)
    }

    /// What `sundial validate` reports about a file.
    struct Review {
        /// The file as decoded, when it could be.
        var document: WorkflowDocument?
        /// What makes the workflow unusable or surely wrong: the validator's issues plus unknown members.
        var problems: [ValidationIssue]
        /// What is accepted but probably a mistake (an unpublished workflow's automatic triggers, …).
        var warnings: [ValidationIssue]
    }

    /// Reads `path` and lists its problems, unknown members included, and its warnings.
    /// - Throws: `InputError` as `check(_:validator:)`.
    static func review(_ path: String, validator: WorkflowValidator) throws(InputError) -> Review {
        switch try load(path) {
        case .failure(let error):
            return Review(document: nil, problems: error.issues, warnings: [])
        case .success(let document):
            let workflow = document.workflow
            return Review(
                document: document,
                problems: validator.issues(in: workflow) + validator.memberIssues(in: workflow),
                warnings: validator.warnings(in: workflow))
        }
    }

    /// The decoded file, or the issues of a file that is readable but not a workflow.
    /// - Throws: `InputError` when the file is missing, unreadable or not JSON/YAML at all.
    private static func load(_ path: String) throws(InputError) -> Result<WorkflowDocument, ValidationError> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError("\(path): no such file")
        }
        guard !isDirectory.boolValue else { throw InputError("\(path): is a directory, not a workflow file") }
        do {
            return .success(try WorkflowDocument.load(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            if let fatal = error.issues.first(where: { ["document.read", "document.syntax"].contains($0.code) }) {
                throw InputError("\(path): \(Self.oneLine(fatal.message))")
            }
            return .failure(error)
        }
    }

    /// `FILE:/pointer: message`, or `FILE: message` for the document as a whole; a warning's message starts with
    /// `warning: `.
    static func line(_ issue: ValidationIssue, path: String, warning: Bool = false) -> String {
        let message = (warning ? "warning: " : "") + oneLine(issue.message)
        return issue.pointer.isEmpty ? "\(path): \(message)" : "\(path):\(issue.pointer): \(message)"
    }

    /// `text` with its line breaks folded, so that each problem stays on one line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
