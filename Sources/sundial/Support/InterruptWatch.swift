import Dispatch
import Workflow

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns Ctrl-C (SIGINT) into cancellation of the work in progress instead of an abrupt exit.
///
/// While a watch is active the first SIGINT is delivered to `interrupts`; the default action is then restored, so a
/// second Ctrl-C ends the process at once if stopping takes too long.
///
/// `@unchecked Sendable`: the only stored state is the signal source, which libdispatch lets any thread resume and
/// cancel, and the stream, which is Sendable.
final class InterruptWatch: @unchecked Sendable {
    /// Yields once, on the first SIGINT, then finishes.
    let interrupts: AsyncStream<Void>
    private let source: any DispatchSourceSignal

    init() {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self)
        interrupts = stream
        // Ignored as a signal so that only the source sees it.
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            signal(SIGINT, SIG_DFL)
            continuation.yield()
            continuation.finish()
        }
        source.resume()
    }

    /// Stops watching and restores the default action of SIGINT.
    func stop() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }

    /// Runs `execution`, cancelling it on Ctrl-C; the engine then ends it `Cancelled` and returns it.
    static func runCancellingOnInterrupt(_ execution: @escaping @Sendable () async -> Execution) async -> Execution {
        let watch = InterruptWatch()
        defer { watch.stop() }
        return await withTaskGroup(of: Execution?.self) { group in
            group.addTask { await execution() }
            group.addTask {
                for await _ in watch.interrupts { return nil }
                return nil
            }
            while let next = await group.next() {
                guard let finished = next else {
                    // Interrupted (or the watch ended): cancel the run, which then finishes as Cancelled.
                    group.cancelAll()
                    continue
                }
                group.cancelAll()
                return finished
            }
            preconditionFailure("the execution task always returns an execution")
        }
    }
}
