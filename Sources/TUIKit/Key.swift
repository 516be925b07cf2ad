/// One input event, independent of the terminal library.
public enum Key: Sendable, Hashable {
    case char(Character)
    case ctrl(Character)      // lower-case letter, e.g. .ctrl("s")
    case enter, esc, tab, backTab, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)
    case resize
    case mouse(x: Int, y: Int)   // a left click
}
