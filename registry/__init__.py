"""Child Protection Registry: an event-sourced registry of children deprived of parental care."""
