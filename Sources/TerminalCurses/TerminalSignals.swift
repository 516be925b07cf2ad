import Glibc
import Synchronization

private let stopFlag = Atomic<Bool>(false)
private let caughtSignal = Atomic<Int32>(0)

/// Only async-signal-safe work here: two atomic stores.
private func recordSignal(_ number: Int32) {
    caughtSignal.store(number, ordering: .relaxed)
    stopFlag.store(true, ordering: .releasing)
}

/// SIGINT, SIGTERM and SIGHUP must not kill the process while curses owns the terminal, or the
/// shell is left in raw mode. `install()` turns them into a flag the main loop polls:
///
///     TerminalSignals.install()
///     let terminal = CursesTerminal(useColor: ...)
///     defer { terminal.shutdown() }          // every exit path restores the terminal
///     while !TerminalSignals.stopRequested { ... terminal.nextKey(timeoutMs: 50) ... }
///
/// The handlers are installed without SA_RESTART, so a blocking read returns early when a signal
/// arrives. With the terminal in raw mode Ctrl-C arrives as the key `.ctrl("c")`, not as SIGINT.
public enum TerminalSignals {
    public static func install() {
        for number in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = recordSignal
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(number, &action, nil)
        }
        // A parent may have started us with these blocked; then resizes and stop requests would never
        // arrive. Unblock them on this (the UI) thread, which is the one that waits in get_wch.
        var wanted = sigset_t()
        sigemptyset(&wanted)
        for number in [SIGINT, SIGTERM, SIGHUP, SIGWINCH] { sigaddset(&wanted, number) }
        pthread_sigmask(SIG_UNBLOCK, &wanted, nil)
    }

    /// True once one of the signals has arrived.
    public static var stopRequested: Bool { stopFlag.load(ordering: .acquiring) }

    /// The last signal caught, if any (for the exit status: 128 + signal).
    public static var lastSignal: Int32? {
        let n = caughtSignal.load(ordering: .relaxed)
        return n == 0 ? nil : n
    }
}
