"""Use cases. Each owns its transaction and returns plain domain objects, never ORM rows."""
