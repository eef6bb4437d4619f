import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Store
import Workflow

/// *Extension* `GET /api/v2/workflows/{workflow_id}/instances/{instance_id}/events` and
/// `GET /api/v2/instances/{instance_id}/events`: an execution's events as Server-Sent Events (`text/event-stream`),
/// replayed from its start, then live until it ends (`InstanceEventStream` names them). A finished execution's
/// stream is its replay; a queued one waits for its start. A comment line every 10 s keeps an idle stream open.
public struct InstanceEventRoutes: Sendable {
    public var runtime: AgentRuntime

    public init(runtime: AgentRuntime) {
        self.runtime = runtime
    }

    public func register(on router: Router<some RequestContext>) {
        router.get("/api/v2/workflows/:workflow_id/instances/:instance_id/events") { request, context in
            try await events(
                request, workflowID: context.parameters.require("workflow_id"),
                instanceID: context.parameters.require("instance_id"))
        }
        router.get("/api/v2/instances/:instance_id/events") { request, context in
            try await events(request, workflowID: nil, instanceID: context.parameters.require("instance_id"))
        }
    }

    /// What the stream waits on: a live event, the live events' end, or a second passing.
    enum Signal: Sendable {
        case event(ExecutionEvent)
        case liveEnded
        case tick
    }

    func events(_ request: Request, workflowID: String?, instanceID: String) async throws -> Response {
        _ = try await runtime.authenticator.require(.workflowsRead, for: request, style: .strings)
        // Follow before reading the store: an event the read misses is in the hub's history or its live stream.
        let following = runtime.events.follow(instanceID)
        let stored: Execution?
        do {
            stored = try await StoreErrors.mapped(style: .strings) { try await runtime.store.execution(id: instanceID) }
        } catch {
            following.stop()
            throw error
        }
        guard let stored, workflowID.map({ $0 == stored.workflowID }) ?? true else {
            following.stop()
            let owner = workflowID.map { "instance of workflow '\($0)'" } ?? "instance"
            throw APIError.notFound(owner, instanceID, style: .strings)
        }
        let store = runtime.store
        let body = ResponseBody { writer in
            defer { following.stop() }
            var stream = InstanceEventStream()
            var pending = ""
            for event in following.history { pending += stream.frames(for: event) }
            // What the hub has not seen (a run that ended before this request, or one another start left
            // Running) comes from the stored state; the stream writes each event once.
            if following.history.isEmpty || stored.status.isTerminal {
                for event in InstanceEventStream.replay(stored) { pending += stream.frames(for: event) }
            }
            if !pending.isEmpty { try await writer.write(ByteBuffer(string: pending)) }
            if !stream.finished {
                try await Self.followLive(following, stream: &stream, store: store, id: instanceID, writer: &writer)
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .init("X-Accel-Buffering")!: "no"],
            body: body)
    }

    /// Writes live events until `execution.finished`; each quiet second it looks at the stored status, so a run
    /// that ends without the engine (cancelled while queued, failed before it started) ends the stream too.
    static func followLive(
        _ following: ExecutionEventHub.Following, stream: inout InstanceEventStream, store: any Store, id: String,
        writer: inout any ResponseBodyWriter
    ) async throws {
        let (signals, signal) = AsyncStream<Signal>.makeStream(bufferingPolicy: .unbounded)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in following.live { signal.yield(.event(event)) }
                signal.yield(.liveEnded)
            }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(1))
                    signal.yield(.tick)
                }
            }
            defer { group.cancelAll() }
            var quietSeconds = 0
            for await next in signals {
                var text = ""
                switch next {
                case .event(let event):
                    quietSeconds = 0
                    text = stream.frames(for: event)
                case .liveEnded, .tick:
                    if case .tick = next { quietSeconds += 1 }
                    if let execution = try? await store.execution(id: id), execution.status.isTerminal {
                        for event in InstanceEventStream.replay(execution) { text += stream.frames(for: event) }
                    }
                    if text.isEmpty, quietSeconds > 0, quietSeconds % 10 == 0 { text = InstanceEventStream.keepAlive }
                }
                if !text.isEmpty { try await writer.write(ByteBuffer(string: text)) }
                if stream.finished { break }
            }
        }
    }
}
