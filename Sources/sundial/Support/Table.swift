import Foundation

/// Plain text tables for the CLI: columns padded to their widest cell, two spaces apart.
enum Table {
    static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingSuffix(" ")
        }.joined(separator: "\n")
    }
}

extension String {
    /// The text without the trailing run of `character` (an empty last cell leaves no padding at the end of a line).
    fileprivate func trimmingSuffix(_ character: Character) -> String {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == character { end = index(before: end) }
        return String(self[..<end])
    }
}
