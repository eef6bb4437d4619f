import Dispatch
import Workflow

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The write end of the pipe the SIGINT handler writes to; set before the handler is installed, so the handler
/// only reads it (a plain global: a signal handler may not take locks or run lazy initializers).
nonisolated(unsafe) private var interruptPipeWriteEnd: Int32 = -1

/// Turns Ctrl-C (SIGINT) into cancellation of the work in progress instead of an abrupt exit.
///
/// The signal handler only writes a byte to a pipe (what is safe in a signal handler); a dispatch read source on
/// the other end feeds `interrupts`. After the first SIGINT the default action is restored, so a second Ctrl-C ends
/// the process at once if stopping takes too long.
///
/// `@unchecked Sendable`: the stored state is the read source, which libdispatch lets any thread cancel, the pipe's
/// descriptors, which are only closed by the source's cancel handler, and the stream, which is Sendable.
final class InterruptWatch: @unchecked Sendable {
    /// Yields once, on the first SIGINT, then finishes.
    let interrupts: AsyncStream<Void>
    private let source: (any DispatchSourceRead)?

    init() {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self)
        interrupts = stream
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            // Without a pipe Ctrl-C keeps its default action: the process ends at once.
            source = nil
            continuation.finish()
            return
        }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        interruptPipeWriteEnd = writeEnd
        let source = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: .global())
        source.setEventHandler {
            var byte: UInt8 = 0
            _ = read(readEnd, &byte, 1)
            signal(SIGINT, SIG_DFL)
            continuation.yield()
            continuation.finish()
        }
        source.setCancelHandler {
            continuation.finish()
            close(readEnd)
            close(writeEnd)
        }
        source.resume()
        self.source = source
        signal(SIGINT) { _ in
            var byte: UInt8 = 1
            _ = write(interruptPipeWriteEnd, &byte, 1)
        }
    }

    /// Stops watching and restores the default action of SIGINT.
    func stop() {
        signal(SIGINT, SIG_DFL)
        source?.cancel()
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
