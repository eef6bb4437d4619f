/// A sticky note on the workflow canvas: display only, never read by the engine.
public struct Annotation: Hashable, Sendable, Codable {
    public var id: String
    public var display: AnnotationDisplay
    public var markdownTextAnnotation: MarkdownTextAnnotation
    public var extra: [String: JSONValue]

    public init(
        id: String, display: AnnotationDisplay = AnnotationDisplay(),
        markdownTextAnnotation: MarkdownTextAnnotation, extra: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.display = display
        self.markdownTextAnnotation = markdownTextAnnotation
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        id = try reader.required("id")
        display = try reader.required("display")
        markdownTextAnnotation = try reader.required("markdownTextAnnotation")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("id", id)
        try writer.write("display", display)
        try writer.write("markdownTextAnnotation", markdownTextAnnotation)
        try writer.finish(extra: extra)
    }
}

/// Where an annotation sits on the canvas.
public struct AnnotationDisplay: Hashable, Sendable, Codable {
    public var bounds: DisplayBounds?
    public var extra: [String: JSONValue]

    public init(bounds: DisplayBounds? = nil, extra: [String: JSONValue] = [:]) {
        self.bounds = bounds
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        bounds = try reader.optional("bounds")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("bounds", bounds)
        try writer.finish(extra: extra)
    }
}

/// A rectangle on the canvas (a step's display uses only `x` and `y`).
public struct DisplayBounds: Hashable, Sendable, Codable {
    public var x: Double?
    public var y: Double?
    public var width: Double?
    public var height: Double?
    public var extra: [String: JSONValue]

    public init(
        x: Double? = nil, y: Double? = nil, width: Double? = nil, height: Double? = nil,
        extra: [String: JSONValue] = [:]
    ) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        x = try reader.optional("x")
        y = try reader.optional("y")
        width = try reader.optional("width")
        height = try reader.optional("height")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("x", x)
        try writer.write("y", y)
        try writer.write("width", width)
        try writer.write("height", height)
        try writer.finish(extra: extra)
    }
}

/// The text of an annotation, in Markdown.
public struct MarkdownTextAnnotation: Hashable, Sendable, Codable {
    public var text: String?
    public var extra: [String: JSONValue]

    public init(text: String? = nil, extra: [String: JSONValue] = [:]) {
        self.text = text
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        text = try reader.optional("text")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("text", text)
        try writer.finish(extra: extra)
    }
}
