/// Why a JSON text could not be read, or a value could not be written.
public struct JSONTextError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A stable name for the kind of failure.
    public enum Code: String, Sendable {
        case unexpectedCharacter
        case unexpectedEnd
        case invalidNumber
        case invalidString
        case invalidEncoding
        case tooDeep
        case notFinite
        /// An object repeats a member name (only when the parser was asked to refuse that).
        case duplicateMember
    }

    public let code: Code
    /// What was wrong and what would have been accepted, without the place.
    public let reason: String
    /// Reading: the byte offset in the (UTF-8) text where the problem is.
    public let offset: Int?
    /// Writing: the JSON pointer of the value that cannot be written (`""` is the whole value). Reading: the
    /// pointer of a repeated member name, `nil` for other problems.
    public let pointer: String?
    /// Reading: the line of `offset`, from 1 (lines end at LF; a CR before it belongs to its line).
    public let line: Int?
    /// Reading: the column of `offset` on its line, from 1, counted in Unicode scalars.
    public let column: Int?

    init(code: Code, reason: String, offset: Int?, pointer: String?, line: Int? = nil, column: Int? = nil) {
        self.code = code
        self.reason = reason
        self.offset = offset
        self.pointer = pointer
        self.line = line
        self.column = column
    }

    /// The reason with its place: "unexpected character 'x' at line 2, column 5 (offset 12)",
    /// "... at /steps/0/ratio".
    public var message: String {
        if let offset {
            let member = code == .duplicateMember ? pointer.map { " \($0)," } ?? "" : ""
            guard let line, let column else { return "\(reason) at\(member) offset \(offset)" }
            return "\(reason) at\(member) line \(line), column \(column) (offset \(offset))"
        }
        guard let pointer, !pointer.isEmpty else { return "\(reason) at the top-level value" }
        return "\(reason) at \(pointer)"
    }

    public var description: String { message }

    static func reading(_ code: Code, _ reason: String, at offset: Int) -> JSONTextError {
        JSONTextError(code: code, reason: reason, offset: offset, pointer: nil)
    }

    static func writing(_ code: Code, _ reason: String) -> JSONTextError {
        JSONTextError(code: code, reason: reason, offset: nil, pointer: "")
    }

    /// The same failure seen one level further out: `component` is the member name or index it happened in.
    /// A reading error has a pointer only when it is about a repeated member; the others pass through unchanged.
    @inline(never)
    func inside(_ component: String) -> JSONTextError {
        guard let pointer else { return self }
        let escaped = component.replacing("~", with: "~0").replacing("/", with: "~1")
        return JSONTextError(
            code: code, reason: reason, offset: offset, pointer: "/" + escaped + pointer, line: line, column: column)
    }

    /// This reading error with the line and column of its offset in `text`.
    func located(in text: UnsafeBufferPointer<UInt8>) -> JSONTextError {
        guard let offset, line == nil else { return self }
        let end = min(offset, text.count)
        var line = 1
        var column = 1
        for index in 0..<end {
            let byte = text[index]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return JSONTextError(code: code, reason: reason, offset: offset, pointer: pointer, line: line, column: column)
    }
}
