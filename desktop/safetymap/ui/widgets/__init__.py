"""Shared widgets for the family workspace pages: entry lists, whose-view picker, stances,
the 0-10 scale and the trajectory chart. They never hold a store session; they write through
safetymap.services and take plain family-document data."""
