// The libcurl client lives here.
