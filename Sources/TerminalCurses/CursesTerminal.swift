import CNcursesw
import Glibc
import TUIKit

/// The ncurses backend: the only code in the program that calls curses, always on the main actor.
///
/// Call `checkTTY()` first and refuse to start the board when it returns a message; then create the
/// terminal once, `present` frames and read keys with `nextKey`, and call `shutdown()` on every exit
/// path (normal quit, error, a stop requested through `TerminalSignals`).
@MainActor
public final class CursesTerminal {
    public private(set) var size: Size
    /// Colours the terminal shows; 0 when colour is off (`useColor: false` or a terminal without it).
    public let colorCount: Int

    private let colorEnabled: Bool
    private var pairs: ColorPairs
    private var lastFrame: Buffer?
    private var isShutDown = false
    private let attributes: [(Attr, attr_t)] = [
        (.bold, shim_a_bold()), (.dim, shim_a_dim()), (.reverse, shim_a_reverse()),
        (.underline, shim_a_underline()), (.italic, shim_a_italic()),
    ]

    /// Why the board cannot run here, or nil when stdin and stdout are a usable terminal.
    /// initscr() would print its own error and exit the process; this lets the caller explain instead.
    public static func checkTTY() -> String? {
        if isatty(STDIN_FILENO) == 0 || isatty(STDOUT_FILENO) == 0 {
            return "the board needs an interactive terminal (stdin and stdout must be a TTY); "
                + "in scripts and CI use the commands instead, e.g. 'retoma board list --json'"
        }
        if let problem = shim_check_terminal() {
            let term = getenv("TERM").map { String(cString: $0) } ?? ""
            return "cannot use this terminal (TERM=\(term.isEmpty ? "unset" : term)): \(String(cString: problem))"
        }
        return nil
    }

    public init(useColor: Bool) {
        setlocale(LC_ALL, "")          // before initscr, or UTF-8 output is garbled
        initscr()
        let screen = shim_stdscr()
        raw()                           // Ctrl-C, Ctrl-Z, Ctrl-S arrive as keys instead of signals
        noecho()
        keypad(screen, true)
        set_escdelay(25)
        curs_set(0)
        mousemask(shim_button1_clicked() | shim_button1_pressed(), nil)
        // Home/End as sent by tmux, screen and rxvt, whatever TERM's terminfo says.
        for (sequence, key) in [("\u{1B}[1~", KEY_HOME), ("\u{1B}[4~", KEY_END), ("\u{1B}[7~", KEY_HOME),
                                ("\u{1B}[8~", KEY_END), ("\u{1B}[H", KEY_HOME), ("\u{1B}[F", KEY_END),
                                ("\u{1B}OH", KEY_HOME), ("\u{1B}OF", KEY_END)] {
            define_key(sequence, key)
        }

        var colors = 0
        var defaultColorsWork = false
        if useColor, has_colors() {
            start_color()
            defaultColorsWork = use_default_colors() == OK
            colors = Int(shim_colors())
        }
        colorEnabled = colors > 0
        colorCount = colors
        pairs = ColorPairs(colorPairs: Int(shim_color_pairs()), colors: colors, defaultColorsWork: defaultColorsWork)
        size = Size(width: Int(shim_getmaxx(screen)), height: Int(shim_getmaxy(screen)))
    }

    /// Restores the terminal. Safe to call more than once.
    public func shutdown() {
        guard !isShutDown else { return }
        isShutDown = true
        endwin()
    }

    // MARK: Output

    /// Shows `buffer`, writing only the cells that changed since the last frame.
    public func present(_ buffer: Buffer) {
        guard !isShutDown else { return }
        if !writeChanges(buffer, fullRepaint: false) {
            // Every colour pair is in use: start again with a fresh set and redraw everything.
            pairs.removeAll()
            clearok(shim_stdscr(), true)
            _ = writeChanges(buffer, fullRepaint: true)
        }
        lastFrame = buffer
        wnoutrefresh(shim_stdscr())
        doupdate()
    }

    /// Returns false (having written part of the frame) when a colour pair could not be allocated,
    /// unless `fullRepaint`, where styles beyond the limit fall back to the default colours.
    private func writeChanges(_ buffer: Buffer, fullRepaint: Bool) -> Bool {
        let screen = shim_stdscr()
        for run in buffer.diff(from: fullRepaint ? nil : lastFrame) {
            guard run.y < size.height else { continue }
            for (i, cell) in run.cells.enumerated() where !cell.isContinuation {
                let x = run.x + i
                guard x < size.width else { break }
                var pair: Int16 = 0
                if colorEnabled {
                    if let p = pairs.pair(for: cell.style) { pair = p } else if !fullRepaint { return false }
                }
                let wide = i + 1 < run.cells.count ? run.cells[i + 1].isContinuation
                    : (x + 1 < buffer.width && buffer[x + 1, run.y].isContinuation)
                // A frame wider than the screen (a resize not yet drawn): a wide character cut by
                // the screen edge would wrap, so it becomes a space.
                let shown = wide && x + 1 >= size.width ? Cell(text: " ", style: cell.style) : cell
                write(shown, x: x, y: run.y, wide: wide && shown == cell, attrs: attrs(cell.style.attrs), pair: pair, screen: screen)
            }
        }
        return true
    }

    /// Writes one cell, with a stand-in where curses would count its width differently (CellText).
    private func write(_ cell: Cell, x: Int, y: Int, wide: Bool, attrs: attr_t, pair: Int16, screen: UnsafeMutablePointer<WINDOW>?) {
        let glyphs = CellText.glyphs(for: cell.text, wide: wide)
        // ERR on the bottom-right cell (the cursor cannot advance past it) is expected: ignored.
        put(glyphs.first, x: x, y: y, attrs: attrs, pair: pair, screen: screen)
        if let second = glyphs.second { put(second, x: x + 1, y: y, attrs: attrs, pair: pair, screen: screen) }
    }

    private func put(_ text: [wchar_t], x: Int, y: Int, attrs: attr_t, pair: Int16, screen: UnsafeMutablePointer<WINDOW>?) {
        _ = (text + [0]).withUnsafeBufferPointer { shim_put_cell(screen, Int32(y), Int32(x), $0.baseAddress, attrs, pair) }
    }

    private func attrs(_ a: Attr) -> attr_t {
        var out = shim_a_normal()
        for (attr, value) in attributes where a.contains(attr) { out |= value }
        return out
    }

    // MARK: Input

    /// Waits up to `timeoutMs` milliseconds (negative: forever) for a key. Nil on timeout, on an
    /// interrupting signal, and for keys Retoma does not use. A resize re-reads the size, makes the
    /// next `present` repaint everything, and returns `.resize`.
    public func nextKey(timeoutMs: Int32) -> Key? {
        guard !isShutDown else { return nil }
        let screen = shim_stdscr()
        wtimeout(screen, timeoutMs)
        var code: wint_t = 0
        switch wget_wch(screen, &code) {
        case KEY_CODE_YES: return specialKey(Int32(bitPattern: code))
        case OK: return Key.fromCharacterCode(UInt32(code))
        default: return nil
        }
    }

    private func specialKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_NPAGE: return .pageDown
        case KEY_PPAGE: return .pageUp
        case KEY_DC: return .delete
        case KEY_BACKSPACE: return .backspace
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        case KEY_RESIZE:
            let screen = shim_stdscr()
            size = Size(width: Int(shim_getmaxx(screen)), height: Int(shim_getmaxy(screen)))
            lastFrame = nil
            clearok(screen, true)       // the terminal may have reflowed: repaint from scratch
            return .resize
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            let clicks = shim_button1_clicked() | shim_button1_pressed()
            guard event.bstate & clicks != 0 else { return nil }
            return .mouse(x: Int(event.x), y: Int(event.y))
        default:
            for n in 1...24 where code == shim_key_f(Int32(n)) { return .function(n) }
            return nil
        }
    }
}
