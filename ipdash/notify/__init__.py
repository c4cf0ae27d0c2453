"""Notifications: who follows what, the events a commit makes, the messages' texts and formats, and a
sender that retries with backoff over an outbox (no streamlit). The durable outbox and the
subscriptions table live in the store; this package knows them only through ``send.Outbox``."""
