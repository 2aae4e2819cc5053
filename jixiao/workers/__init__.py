"""Background work on dramatiq: broker set-up, the actor registry and after-commit enqueueing."""
