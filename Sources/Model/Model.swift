// The Model module. See docs/architecture.md for what it owns.
