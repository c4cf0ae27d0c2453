"""The joint meeting's cycle: owners' check-ins on targets, meetings and the commitments made at them,
and the briefing pack before each meeting. Writes go through the storage object (``store.current()``)
with the same permissions, audit and stale-version checks as uploads; reading frames and the deck use
what is written here."""
