"""Reflective supervision on screen: what changed since the last sign-off, the supervisor's own
view, the sign-off, earlier records (read-only), and group supervision with initials."""
