/// What a piece of the screen means. Themes give each role a style; views only ever ask for roles,
/// so a theme file can restyle everything without touching code.
public enum ThemeRole: String, CaseIterable, Sendable {
    case boardBackground
    case columnHeader, columnHeaderFocused
    case columnBorder, columnBorderFocused
    case card, cardSelected
    /// Secondary text on a card (contact, age of the last message).
    case cardMuted
    /// The closed-ticket marker on a card.
    case cardClosed
    case robotOn, robotOff
    case statusBar, statusBarKey
    case footer
    case dialog, dialogBorder, dialogTitle
    case fieldLabel, fieldInput, fieldInputFocused, fieldError
    /// Hint text in an empty field; drawn with the field's own background.
    case placeholder
    case button, buttonFocused
    case warning, error, success
    case messageCustomer, messageAgent, messageFollowup
    /// The ✓✓ of a message the customer read.
    case messageRead
    /// Time and author under a message bubble.
    case messageMeta
    case monitor, monitorHeader
    case selection
    case help, helpKey
    case scrollbar, scrollbarThumb
}
