"""One repository per aggregate. Repositories work inside a session the service gives them."""
