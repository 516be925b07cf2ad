// The follow-up engine lives here.
