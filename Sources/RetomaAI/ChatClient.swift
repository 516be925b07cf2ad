// The chat-completions client lives here.
