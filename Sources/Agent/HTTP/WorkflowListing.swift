import Foundation
import HTTPTypes
import Store
import Workflow

/// The filters, order and page of `GET /api/v2/workflows`, as the Datadog client sends them.
struct WorkflowListing: Sendable {
    /// One sort key and its direction.
    struct SortKey: Sendable {
        var field: String
        var descending: Bool
    }

    static let sortFields: Set<String> = ["name", "createdAt", "updatedAt", "creatorName", "ownerName"]

    var limit: Int
    var page: Int
    var sort: [SortKey]
    var text: String?
    var triggerKinds: [String]
    var includeUnpublished: Bool
    var includeSpecs: Bool

    /// - Throws: `APIError` 400 naming the parameter that is wrong.
    init(query: QueryParameters) throws {
        limit = try query.integer("limit", in: 1...1000, default: 50, style: .objects)
        page = try query.integer("page", in: 0...Int(Int32.max), default: 0, style: .objects)
        sort = try query.all("sort").map { item in
            let descending = item.hasPrefix("-")
            let field = descending ? String(item.dropFirst()) : item
            guard Self.sortFields.contains(field) else {
                throw APIError(
                    .badRequest,
                    [
                        APIError.Problem(
                            "cannot sort by '\(field)'; use \(Self.sortFields.sorted().joined(separator: ", ")), each "
                                + "optionally prefixed with '-'", parameter: "sort")
                    ])
            }
            return SortKey(field: field, descending: descending)
        }
        text = query["filter[query]"].flatMap { $0.isEmpty ? nil : $0 }
        triggerKinds = query.all("filter[triggerIds]")
        includeUnpublished = try query.boolean("filter[includeUnpublished]", default: true, style: .objects)
        includeSpecs = try query.boolean("filter[includeSpecs]", default: false, style: .objects)
    }

    /// The requested page of `workflows` and how many matched the filters.
    func apply(to workflows: [StoredWorkflow]) -> (page: [StoredWorkflow], filtered: Int) {
        let matching = workflows.filter(matches).sorted(by: ordered)
        let start = min(matching.count, page * limit)
        return (Array(matching[start..<min(matching.count, start + limit)]), matching.count)
    }

    func matches(_ workflow: StoredWorkflow) -> Bool {
        let definition = workflow.definition
        if !includeUnpublished, definition.published != true { return false }
        if !triggerKinds.isEmpty {
            let kinds = Set((definition.spec.triggers ?? []).map { Self.shortName($0.kind) })
            guard triggerKinds.contains(where: { kinds.contains($0) || kinds.contains(Self.shortName($0)) }) else {
                return false
            }
        }
        guard let text else { return true }
        if text.contains(":") {
            return (definition.tags ?? []).contains { $0.lowercased() == text.lowercased() }
        }
        let haystacks = [definition.name, definition.spec.handle ?? "", workflow.createdBy]
        return haystacks.contains { $0.localizedCaseInsensitiveContains(text) }
    }

    /// Whether `a` comes before `b`: by the sort keys, then newest first.
    func ordered(_ a: StoredWorkflow, _ b: StoredWorkflow) -> Bool {
        for key in sort {
            let order: ComparisonResult
            switch key.field {
            case "name": order = a.definition.name.localizedCaseInsensitiveCompare(b.definition.name)
            case "createdAt": order = Self.compare(a.createdAt, b.createdAt)
            case "updatedAt": order = Self.compare(a.updatedAt, b.updatedAt)
            default: order = a.createdBy.localizedCaseInsensitiveCompare(b.createdBy)
            }
            if order != .orderedSame {
                return key.descending ? order == .orderedDescending : order == .orderedAscending
            }
        }
        if a.createdAt != b.createdAt { return a.createdAt > b.createdAt }
        return a.id < b.id
    }

    /// `monitor` for `monitorTrigger`.
    static func shortName(_ kind: TriggerKind) -> String { shortName(kind.rawValue) }

    static func shortName(_ text: String) -> String {
        text.hasSuffix("Trigger") ? String(text.dropLast("Trigger".count)) : text
    }

    private static func compare(_ a: Date, _ b: Date) -> ComparisonResult {
        a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
    }
}
