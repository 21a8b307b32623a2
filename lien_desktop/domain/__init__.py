"""Plain Python rules and types of the register: no Qt, no SQL."""
